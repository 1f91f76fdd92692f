package io.berth.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against the real Kafka broker that deploy/berth test starts. */
class AgentIT {

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();

    static String testKafka() {
        String kafka = System.getenv("BERTH_TEST_KAFKA");
        if (kafka == null) {
            throw new IllegalStateException("BERTH_TEST_KAFKA is not set: run the tests with deploy/berth test");
        }
        return kafka;
    }

    @Test
    void reportsKafkaUpWithItsStableHostId() throws Exception {
        TestCredentials.install(stateDir);
        var config = new AgentConfig(stateDir, testKafka(), 0, Map.of("region", "test"));
        String firstId;
        try (Agent agent = Agent.start(config)) {
            firstId = agent.hostId();
            HttpResponse<String> health = awaitHealth(agent, 200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains(agent.hostId());
        }
        try (Agent again = Agent.start(config)) {
            assertThat(again.hostId()).isEqualTo(firstId);
        }
    }

    @Test
    void reportsKafkaDownWhenTheBrokerIsUnreachable() throws Exception {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        TestCredentials.install(stateDir);
        var config = new AgentConfig(stateDir, "127.0.0.1:1", 0, Map.of());
        try (Agent agent = Agent.start(config)) {
            HttpResponse<String> health = awaitHealth(agent, 503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"");
        }
    }

    private HttpResponse<String> awaitHealth(Agent agent, int expectedStatus) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.healthPort() + "/health")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response;
        do {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == expectedStatus && !response.body().contains("not checked yet")) {
                return response;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("health stayed " + response.statusCode() + ": " + response.body());
    }
}

package io.berth.controlplane.agents;

import static io.berth.controlplane.agents.FleetIT.waitFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.controlplane.enrollment.EnrollmentCatalog;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.Topics;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.HostCredential;
import io.berth.protocol.agent.HostReports;
import io.berth.protocol.agent.ReportEnvelope;
import io.berth.protocol.agent.SignedReport;
import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostVersions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's agent side against real PostgreSQL and Kafka: one-time enrollment tokens, host
 * credentials on the channel and the uploads endpoint, and signed reports — a report made with
 * one host's credential in another host's name is refused, recorded and never applied.
 */
@QuarkusTest
class EnrollmentIT {

    private static final String SUITE = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    EventStore store;
    @TestHTTPResource("/")
    URI base;

    private static JsonPath issue(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/hosts/enrollment-tokens").then()
                .statusCode(201).extract().jsonPath();
    }

    private static io.restassured.response.Response enroll(String token, String hostId) {
        return given().contentType(ContentType.JSON).body(Map.of("enrollmentToken", token, "hostId", hostId))
                .post("/api/v1/agents/enroll");
    }

    private List<StoredEvent> stream(String id) {
        return store.readStream(id).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aRealAgentEnrollsOnceAndRestartsOnItsStoredCredential() throws Exception {
        Assumptions.assumeTrue(AgentProcess.available(), "needs root, runc, conmon and the engine built (-am)");
        String hostId = "enrolled-" + SUITE;
        Path work = Files.createDirectories(Path.of("target", "enrollment-" + SUITE).toAbsolutePath());
        try (var agent = new AgentProcess(hostId, work.resolve(hostId), kafkaConfig.get("bootstrap.servers").toString(),
                base.toString().replaceAll("/$", ""), "suite=" + SUITE, List.of())) {
            waitFor("host " + hostId + " registered (" + agent.log() + ")", Duration.ofSeconds(120),
                    () -> given().get("/api/v1/hosts/" + hostId).statusCode() == 200);
            Path stored = work.resolve(hostId).resolve("host-credential");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
            assertThat(Files.readString(stored)).contains("\"credential\":\"" + hostId + ".1.");

            List<StoredEvent> credentials = stream(EnrollmentCatalog.credentialStream(hostId));
            assertThat(credentials).extracting(StoredEvent::type).containsExactly("agent.credential-issued");
            assertThat(credentials.get(0).metadata().get("actor").asText()).isEqualTo("agent:" + hostId);
            String tokenId = credentials.get(0).data().get("tokenId").asText();
            List<StoredEvent> token = stream(EnrollmentCatalog.tokenStream(tokenId));
            assertThat(token).extracting(StoredEvent::type)
                    .containsExactly("enrollment.token-issued", "enrollment.token-used");
            assertThat(token.get(0).metadata().get("actor").asText()).isNotBlank().doesNotStartWith("agent:");

            // the channel is up with the credential
            waitFor("the agent's channel (" + agent.log() + ")", Duration.ofSeconds(120),
                    () -> channelConnections(agent) == 1);

            // a restart uses the stored credential: the spent token in its environment is not used again
            agent.kill();
            agent.start();
            waitFor("the restarted agent's channel (" + agent.log() + ")", Duration.ofSeconds(120),
                    () -> channelConnections(agent) == 2);
            assertThat(agent.alive()).isTrue();
            assertThat(stream(EnrollmentCatalog.credentialStream(hostId))).hasSize(1);
        }
    }

    @Test
    void aTokenWorksOnceAndTheSecondUseIsRefused() {
        JsonPath issued = issue(Map.of("labels", Map.of("rack", "7")));
        String token = issued.getString("token");
        assertThat(issued.getString("expiresAt")).isNotBlank();

        JsonPath first = enroll(token, "once-" + SUITE).then().statusCode(200).extract().jsonPath();
        assertThat(first.getString("hostId")).isEqualTo("once-" + SUITE);
        assertThat(first.getLong("generation")).isEqualTo(1L);
        assertThat(first.getMap("labels")).containsEntry("rack", "7");
        assertThat(HostCredential.parse(first.getString("credential")).hostId()).isEqualTo("once-" + SUITE);
        StoredEvent issuedEvent = stream(EnrollmentCatalog.tokenStream(issued.getString("tokenId"))).get(0);
        assertThat(issuedEvent.data().toString()).doesNotContain(token.substring(17)).contains("tokenSha256");

        JsonPath again = enroll(token, "twice-" + SUITE).then().statusCode(409).extract().jsonPath();
        assertThat(again.getString("message")).contains("already used");
        assertThat(stream(EnrollmentCatalog.credentialStream("twice-" + SUITE))).isEmpty();
    }

    @Test
    void unknownWrongExpiredAndMisdirectedTokensAreRefused() {
        assertThat(enroll("0123456789abcdef.nope", "x-" + SUITE).then().statusCode(401).extract().jsonPath()
                .getString("message")).contains("unknown enrollment token");
        String real = issue(Map.of()).getString("token");
        assertThat(enroll(real.substring(0, 17) + "wrong-secret", "x-" + SUITE).then().statusCode(401).extract()
                .jsonPath().getString("message")).contains("unknown enrollment token");

        JsonPath shortLived = issue(Map.of("expiresInSeconds", 1));
        Instant expiresAt = Instant.parse(shortLived.getString("expiresAt"));
        waitFor("the token's expiry", Duration.ofSeconds(10), () -> Instant.now().isAfter(expiresAt));
        assertThat(enroll(shortLived.getString("token"), "late-" + SUITE).then().statusCode(401).extract().jsonPath()
                .getString("message")).contains("expired");
        assertThat(stream(EnrollmentCatalog.credentialStream("late-" + SUITE))).isEmpty();

        String forA = issue(Map.of("hostId", "bound-a-" + SUITE)).getString("token");
        assertThat(enroll(forA, "bound-b-" + SUITE).then().statusCode(403).extract().jsonPath().getString("message"))
                .contains("is for host bound-a-" + SUITE);
        enroll(forA, "bound-a-" + SUITE).then().statusCode(200);

        given().contentType(ContentType.JSON).body(Map.of("expiresInSeconds", 0))
                .post("/api/v1/hosts/enrollment-tokens").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("hostId", "no.dots"))
                .post("/api/v1/hosts/enrollment-tokens").then().statusCode(400);
        enroll(issue(Map.of()).getString("token"), "has.dot").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/agents/enroll").then().statusCode(400);
    }

    @Test
    void reEnrollingRotatesTheCredentialAndTheOldOneStopsWorking() throws Exception {
        String hostId = "rotated-" + SUITE;
        HostCredential first = AgentEnrollments.enroll(hostId);
        uploadWith(first).then().statusCode(404); // authenticated: the upload just does not exist
        HostCredential second = AgentEnrollments.enroll(hostId);
        assertThat(second.generation()).isEqualTo(first.generation() + 1);
        uploadWith(first).then().statusCode(401);
        uploadWith(second).then().statusCode(404);
        given().get("/api/v1/agents/uploads/u-1").then().statusCode(401);
        assertThat(channel(first, hostId)).isEqualTo(401);
        assertThat(channel(second, hostId)).isEqualTo(101);
    }

    @Test
    void theChannelRefusesACredentialOfAnotherHost() throws Exception {
        HostCredential a = AgentEnrollments.enroll("chan-a-" + SUITE);
        AgentEnrollments.enroll("chan-b-" + SUITE);
        assertThat(channel(a, "chan-b-" + SUITE)).isEqualTo(401);
        HostCredential forged = new HostCredential("chan-b-" + SUITE, 1, a.secret());
        assertThat(channel(forged, "chan-b-" + SUITE)).isEqualTo(401);
        assertThat(channel(a, "chan-a-" + SUITE)).isEqualTo(101);
    }

    @Test
    void aReportForHostBSignedWithHostAsCredentialIsRefusedRecordedAndNotApplied() throws Exception {
        String a = "mac-a-" + SUITE;
        String b = "mac-b-" + SUITE;
        HostCredential credentialA = AgentEnrollments.enroll(a);
        HostCredential credentialB = AgentEnrollments.enroll(b);
        ReportEnvelope asB = AgentCodec.wrap(b, null, heartbeat("impostor"));
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaConfig.get("bootstrap.servers"), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new ByteArraySerializer())) {
            // A's agent writes a heartbeat in B's name, MAC'd with A's key but claiming to be B's
            SignedReport byA = SignedReport.sign(credentialA, AgentCodec.encode(asB));
            byte[] claimed = AgentCodec.json().writeValueAsBytes(
                    new SignedReport(1, b, credentialB.generation(), byA.report(), byA.mac()));
            producer.send(new ProducerRecord<>(Topics.AGENT_REPORTS, b, claimed)).get(30, TimeUnit.SECONDS);
            // and, honestly signed by A, a report whose envelope speaks for B
            producer.send(new ProducerRecord<>(Topics.AGENT_REPORTS, b, AgentCodec.json().writeValueAsBytes(byA)))
                    .get(30, TimeUnit.SECONDS);
            // A's own heartbeat, properly signed, goes through: the pipe works
            producer.send(new ProducerRecord<>(Topics.AGENT_REPORTS, a,
                    AgentCodec.sign(AgentCodec.wrap(a, null, heartbeat("honest")), credentialA)))
                    .get(30, TimeUnit.SECONDS);
        }
        waitFor("A's heartbeat applied", Duration.ofSeconds(120),
                () -> given().get("/api/v1/hosts/" + a).statusCode() == 200);
        waitFor("both refusals recorded", Duration.ofSeconds(120),
                () -> !stream(EnrollmentCatalog.refusalStream(b)).isEmpty()
                        && !stream(EnrollmentCatalog.refusalStream(a)).isEmpty());

        List<StoredEvent> claimedB = stream(EnrollmentCatalog.refusalStream(b));
        assertThat(claimedB).extracting(StoredEvent::type).containsExactly("agent.report-refused");
        assertThat(claimedB.get(0).data().get("hostId").asText()).isEqualTo(b);
        assertThat(claimedB.get(0).data().get("reportId").asText()).isEqualTo(asB.reportId().toString());
        assertThat(claimedB.get(0).data().get("reason").asText()).contains("MAC does not verify");
        // signed as A, honestly, but the envelope inside speaks for B: recorded against the signer
        List<StoredEvent> signedByA = stream(EnrollmentCatalog.refusalStream(a));
        assertThat(signedByA).hasSize(1);
        assertThat(signedByA.get(0).data().get("reason").asText())
                .contains("signed by host " + a + " but reports for host " + b);
        given().get("/api/v1/hosts/" + b).then().statusCode(404);
        assertThat(stream("host-" + b)).isEmpty();
    }

    private static int channelConnections(AgentProcess agent) {
        try {
            return Files.readString(agent.log()).split("agent channel connected", -1).length - 1;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static HostReports.Heartbeat heartbeat(String name) {
        return new HostReports.Heartbeat(name, Map.of("suite", SUITE), new HostCapacity(1, 1L << 30, 1L << 30),
                new HostVersions("test", "none", "6", "17"), 0, 0);
    }

    private static io.restassured.response.Response uploadWith(HostCredential credential) {
        return given().header("Authorization", "Bearer " + credential.token()).get("/api/v1/agents/uploads/u-1");
    }

    /** 101 when the channel upgrade went through, else the HTTP status it was refused with. */
    private int channel(HostCredential credential, String claimedHost) throws Exception {
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws").replaceAll("/$", "")
                + "/api/v1/agents/channel");
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + credential.token()).header("X-Berth-Host", claimedHost)
                    .buildAsync(uri, new WebSocket.Listener() { }).join();
            socket.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }
}

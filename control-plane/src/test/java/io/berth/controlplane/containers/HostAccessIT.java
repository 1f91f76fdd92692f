package io.berth.controlplane.containers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.berth.controlplane.agents.SimulatedAgent;
import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.identity.TestUsers;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ContainerInstructions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import io.berth.controlplane.testing.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dangerous container options over REST against real PostgreSQL and Kafka: an operator's request
 * is refused with 403 and recorded; an admin's is created, its event naming the options and the
 * actor, and the run instruction carries them to the host (a {@link SimulatedAgent}; the engine's
 * runc tests show what a host makes of them).
 */
@QuarkusTest
class HostAccessIT {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final String suite = UUID.randomUUID().toString().substring(0, 8);
    private SimulatedAgent agent;

    @BeforeEach
    void host() {
        agent = new SimulatedAgent(kafkaConfig.get("bootstrap.servers").toString(), "ha-" + suite, Map.of());
        waitFor("host registered", () -> given().get("/api/v1/hosts/" + agent.hostId()).statusCode() == 200);
        agent.storeImage("busybox:latest");
        waitFor("busybox on the host", () -> !given().get("/api/v1/images/hosts/" + agent.hostId()).jsonPath()
                .getList("$").isEmpty());
    }

    @AfterEach
    void stop() {
        agent.close();
        retire(agent.hostId());
    }

    /** Drained and removed at once, so no later test sees this host go lost while it runs. */
    static void retire(String hostId) {
        given().post("/api/v1/hosts/" + hostId + "/drain");
        given().delete("/api/v1/hosts/" + hostId);
    }

    private static io.restassured.response.Response run(String token, Map<String, Object> body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request.header("Authorization", TestUsers.bearer(token));
        }
        return request.post("/api/v1/containers");
    }

    @Test
    void anOperatorsRequestForAPrivilegedContainerOrAHostBindIsRefusedWith403AndRecorded() {
        String operator = TestUsers.user(Roles.OPERATOR);
        String token = TestUsers.tokenFor(operator);

        run(token, Map.of("image", "busybox", "name", "priv-" + suite, "privileged", true,
                "host", agent.hostId())).then().statusCode(403).body("error", equalTo("forbidden"))
                .body("message", containsString("only an admin may run a container with privileged"));
        run(token, Map.of("image", "busybox", "name", "bind-" + suite, "binds", List.of("/etc:/host-etc:ro"),
                "host", agent.hostId())).then().statusCode(403)
                .body("message", containsString("bind=/etc:/host-etc:ro"));
        run(token, Map.of("image", "busybox", "network", "host", "pid", "host", "capAdd", List.of("SYS_ADMIN")))
                .then().statusCode(403).body("message", containsString("capAdd=CAP_SYS_ADMIN, network=host, pid=host"));

        // recorded in the operator's access stream, naming the options; nothing was created
        JsonPath denials = given().get("/api/v1/streams/access-" + operator).then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> runDenials = denials.getList("findAll { it.type == 'container.run-denied' }");
        assertThat(runDenials).hasSize(3);
        assertThat(denials.getList("findAll { it.type == 'container.run-denied' }.data.dangerousOptions"))
                .containsExactly(List.of("privileged"), List.of("bind=/etc:/host-etc:ro"),
                        List.of("capAdd=CAP_SYS_ADMIN", "network=host", "pid=host"));
        assertThat(denials.getList("findAll { it.type == 'container.run-denied' }.metadata.actor"))
                .containsOnly(operator);
        assertThat(denials.getString("find { it.type == 'container.run-denied' }.data.name")).isEqualTo("priv-" + suite);
        given().get("/api/v1/containers/priv-" + suite).then().statusCode(404);
        given().get("/api/v1/containers/bind-" + suite).then().statusCode(404);
        assertThat(agent.received).noneMatch(e -> e.type().equals("container.run"));

        // capDrop takes nothing from the host: an operator may
        JsonPath dropped = run(token, Map.of("image", "busybox", "capDrop", List.of("ALL"), "host", agent.hostId()))
                .then().statusCode(201).extract().jsonPath();
        assertThat(dropped.getList("events.type")).contains("container.created");
    }

    @Test
    void anAdminsRequestIsCreatedAndItsEventNamesTheOptionsAndTheActor() {
        String admin = TestUsers.user(Roles.ADMIN);
        String token = TestUsers.tokenFor(admin);
        JsonPath created = run(token, Map.of("image", "busybox", "name", "adm-" + suite, "privileged", true,
                "capAdd", List.of("net_admin"), "capDrop", List.of("MKNOD"), "binds", List.of("/srv:/data"),
                "network", "host", "pid", "host", "host", agent.hostId())).then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");

        JsonPath events = given().get("/api/v1/containers/" + id + "/events").then().statusCode(200).extract()
                .jsonPath();
        assertThat(events.getString("[0].type")).isEqualTo("container.created");
        assertThat(events.getString("[0].metadata.actor")).isEqualTo(admin);
        assertThat(events.getList("[0].data.dangerousOptions")).containsExactly("privileged", "capAdd=CAP_NET_ADMIN",
                "bind=/srv:/data", "network=host", "pid=host");
        assertThat(events.getMap("[0].data.spec.hostAccess")).containsEntry("privileged", true)
                .containsEntry("networkMode", "host").containsEntry("pidMode", "host");

        waitFor("the run instruction", () -> agent.received.stream().anyMatch(e -> e.type().equals("container.run")));
        var run = (ContainerInstructions.RunContainer) AgentCodec.instruction(agent.received.stream()
                .filter(e -> e.type().equals("container.run")).findFirst().orElseThrow());
        assertThat(run.spec().hostAccess().dangerousOptions()).containsExactly("privileged", "capAdd=CAP_NET_ADMIN",
                "bind=/srv:/data", "network=host", "pid=host");
        assertThat(run.spec().hostAccess().capDrop()).containsExactly("CAP_MKNOD");
    }

    @Test
    void badHostOptionsAre400sBeforeAnyoneIsAsked() {
        run(null, Map.of("image", "busybox", "binds", List.of("/srv/../etc:/x"))).then().statusCode(400)
                .body("message", containsString("'..'"));
        run(null, Map.of("image", "busybox", "binds", List.of("relative:/x"))).then().statusCode(400)
                .body("message", containsString("absolute"));
        run(null, Map.of("image", "busybox", "capAdd", List.of("FLY"))).then().statusCode(400)
                .body("message", containsString("unknown capability"));
        run(null, Map.of("image", "busybox", "network", "bridge")).then().statusCode(400)
                .body("message", containsString("network must be host"));
    }

    static void waitFor(String what, BooleanSupplier condition) {
        Waits.waitFor(what, Duration.ofSeconds(60), condition);
    }
}

package io.berth.controlplane.hosts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Hosts end to end over REST: commands to events to the projection to list and inspect. */
@QuarkusTest
class HostsIT {

    static String registerBody(String id, String zone) {
        return """
                {"hostId": "%s", "name": "node-%s", "labels": {"zone": "%s"},
                 "capacity": {"cpus": 4, "memoryBytes": 8589934592, "diskBytes": 0},
                 "versions": {"engine": "0.1", "runtime": "runc 1.1.5", "kernel": "6.1", "os": "debian 12"}}
                """.formatted(id, id, zone);
    }

    /** The projection follows the log a moment behind: poll inspect until it shows what we expect. */
    static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    throw new AssertionError(interrupted);
                }
            }
        }
    }

    @Test
    void registerDrainAndRemoveAHost() {
        String id = "it-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(registerBody(id, "a")).post("/api/v1/hosts")
                .then().statusCode(200).body("version", equalTo(1)).body("events", equalTo(java.util.List.of("host.registered")));
        eventually(() -> given().get("/api/v1/hosts/" + id).then().statusCode(200)
                .body("name", equalTo("node-" + id)).body("labels.zone", equalTo("a"))
                .body("availability", equalTo("active")).body("reachable", equalTo(true))
                .body("capacity.cpus", equalTo(4)));
        given().get("/api/v1/hosts").then().statusCode(200).body("hostId", hasItem(id));

        given().contentType(ContentType.JSON).body("{\"reason\": \"kernel update\"}")
                .post("/api/v1/hosts/" + id + "/drain").then().statusCode(200).body("version", equalTo(2));
        eventually(() -> given().get("/api/v1/hosts/" + id).then().statusCode(200)
                .body("availability", equalTo("drained")).body("drainReason", equalTo("kernel update")));

        given().delete("/api/v1/hosts/" + id).then().statusCode(200).body("events[0]", equalTo("host.removed"));
        eventually(() -> given().get("/api/v1/hosts/" + id).then().statusCode(404));
        given().get("/api/v1/hosts").then().statusCode(200).body("hostId", not(hasItem(id)));
        // Host liveness may add host.lost in between (nothing heartbeats for these hosts).
        given().get("/api/v1/hosts/" + id + "/events").then().statusCode(200)
                .body("type", org.hamcrest.Matchers.hasItems("host.registered", "host.drained", "host.removed"))
                .body("[0].type", equalTo("host.registered"))
                .body("[0].metadata.source", equalTo("rest")).body("[0].metadata.actor", equalTo("admin"));

        given().contentType(ContentType.JSON).body(registerBody(id, "a")).post("/api/v1/hosts")
                .then().statusCode(409).body("message", containsString("removed"));
    }

    @Test
    void anActiveHostCannotBeRemovedAndAnUnknownOneIsNotFound() {
        String id = "it-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(registerBody(id, "b")).post("/api/v1/hosts").then().statusCode(200);
        given().delete("/api/v1/hosts/" + id).then().statusCode(409).body("error", equalTo("refused"))
                .body("message", containsString("drain it"));
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/hosts/nope-" + UUID.randomUUID() + "/drain").then().statusCode(404);
        given().get("/api/v1/hosts/nope-" + UUID.randomUUID()).then().statusCode(404).body("error", equalTo("not-found"));
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheEarlierResult() {
        String id = "it-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(registerBody(id, "c"))
                .post("/api/v1/hosts").then().statusCode(200).body("version", equalTo(1)).body("alreadyApplied", equalTo(false));
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(registerBody(id, "changed"))
                .post("/api/v1/hosts").then().statusCode(200).body("version", equalTo(1)).body("alreadyApplied", equalTo(true));
        given().get("/api/v1/hosts/" + id + "/events").then()
                .body("findAll { it.type == 'host.registered' }.size()", equalTo(1));
    }

    @Test
    void badRegistrationsAre400() {
        given().contentType(ContentType.JSON).body("{\"hostId\": \"x y\", \"name\": \"n\", "
                + "\"capacity\": {\"cpus\": 1, \"memoryBytes\": 1, \"diskBytes\": 0}}")
                .post("/api/v1/hosts").then().statusCode(400).body("message", containsString("malformed stream id"));
        given().contentType(ContentType.JSON).body("{\"hostId\": \"ok-" + UUID.randomUUID() + "\", \"name\": \"n\"}")
                .post("/api/v1/hosts").then().statusCode(400).body("message", containsString("capacity"));
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/hosts").then().statusCode(400);
    }
}

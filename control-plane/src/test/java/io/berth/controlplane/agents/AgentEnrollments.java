package io.berth.controlplane.agents;

import static io.restassured.RestAssured.given;

import io.berth.protocol.agent.HostCredential;
import io.restassured.http.ContentType;
import java.util.Map;

/**
 * Enrollment through the REST API, as an admin and an agent would do it, for tests that need
 * an enrolled host: RestAssured's default credentials are the test admin's.
 */
public final class AgentEnrollments {

    private AgentEnrollments() {
    }

    /** A one-time enrollment token for {@code hostId}. */
    public static String token(String hostId) {
        return given().contentType(ContentType.JSON).body(Map.of("hostId", hostId))
                .post("/api/v1/hosts/enrollment-tokens").then().statusCode(201).extract().path("token");
    }

    /** Enrolls {@code hostId} with a fresh token: its new credential. */
    public static HostCredential enroll(String hostId) {
        String credential = given().contentType(ContentType.JSON)
                .body(Map.of("enrollmentToken", token(hostId), "hostId", hostId))
                .post("/api/v1/agents/enroll").then().statusCode(200).extract().path("credential");
        return HostCredential.parse(credential);
    }
}

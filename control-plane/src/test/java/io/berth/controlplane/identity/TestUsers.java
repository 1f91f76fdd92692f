package io.berth.controlplane.identity;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/**
 * Creates users through the API (as the bootstrap admin) and returns credentials for them.
 * Names are unique per call, so tests do not trip over each other's users.
 */
public final class TestUsers {

    /** A header that makes a RestAssured request go without the default admin token (stripped before sending). */
    public static final String ANONYMOUS = "X-Berth-Test-Anonymous";
    public static final String PASSWORD = "correct horse battery staple";

    private TestUsers() {
    }

    /** A new user with {@code role} and password {@link #PASSWORD}; its name. */
    public static String user(String role) {
        String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(Map.of("username", name, "role", role, "password", PASSWORD))
                .post("/api/v1/users").then().statusCode(201);
        return name;
    }

    /** A bearer token for a new user with {@code role}. */
    public static String token(String role) {
        return tokenFor(user(role));
    }

    /** A new bearer token for an existing user. */
    public static String tokenFor(String username) {
        return given().contentType(ContentType.JSON).body(Map.of("name", "test"))
                .post("/api/v1/users/{u}/tokens", username).then().statusCode(201)
                .extract().path("token");
    }

    /** {@code Authorization} header value for a token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}

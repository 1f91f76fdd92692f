package io.berth.controlplane.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API tokens: shown once, listed without their secret, and refused the moment they are revoked or expire. */
@QuarkusTest
class ApiTokensIT {

    private static int whoamiStatus(String token) {
        return given().header("Authorization", TestUsers.bearer(token)).get("/api/v1/session").statusCode();
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        String user = TestUsers.user(Roles.VIEWER);
        JsonPath issued = given().contentType(ContentType.JSON).body(Map.of("name", "ci", "ttl", "P30D"))
                .post("/api/v1/users/{u}/tokens", user).then().statusCode(201)
                .body("username", equalTo(user)).body("name", equalTo("ci")).extract().jsonPath();
        String token = issued.getString("token");
        String tokenId = issued.getString("tokenId");
        given().header("Authorization", TestUsers.bearer(token)).get("/api/v1/session").then().statusCode(200)
                .body("username", equalTo(user)).body("role", equalTo("viewer")).body("csrfToken", nullValue());
        // listed without the secret
        given().get("/api/v1/users/{u}/tokens", user).then().statusCode(200).body("tokenId", hasItem(tokenId))
                .body("[0].token", nullValue()).body("[0].revokedAt", nullValue());

        given().delete("/api/v1/users/{u}/tokens/{t}", user, tokenId).then().statusCode(204);

        given().header("Authorization", TestUsers.bearer(token)).get("/api/v1/session").then().statusCode(401)
                .body("error", equalTo("unauthenticated"));
        given().get("/api/v1/users/{u}/tokens", user).then().body("[0].revokedAt", notNullValue());
        List<String> types = given().get("/api/v1/streams/user-" + user).then().statusCode(200).extract()
                .jsonPath().getList("type");
        assertThat(types).containsExactly("user.created", "user.password-set", "token.issued", "token.revoked");
    }

    @Test
    void anExpiredTokenIsRefused() throws InterruptedException {
        String user = TestUsers.user(Roles.VIEWER);
        JsonPath issued = given().contentType(ContentType.JSON).body(Map.of("name", "short", "ttl", "PT2S"))
                .post("/api/v1/users/{u}/tokens", user).then().statusCode(201).extract().jsonPath();
        Instant expiresAt = Instant.parse(issued.getString("expiresAt"));
        // correctness, not speed: wait until the expiry has passed, then the token must be refused
        while (!Instant.now().isAfter(expiresAt.plusMillis(100))) {
            Thread.sleep(100);
        }
        assertThat(whoamiStatus(issued.getString("token"))).isEqualTo(401);
    }

    @Test
    void disablingAUserStopsTheirTokensAndARoleChangeAppliesAtOnce() {
        String user = TestUsers.user(Roles.VIEWER);
        String token = TestUsers.tokenFor(user);
        given().header("Authorization", TestUsers.bearer(token)).post("/api/v1/containers/none/stop").then()
                .statusCode(403).body("error", equalTo("forbidden"));
        given().contentType(ContentType.JSON).body(Map.of("role", "operator")).put("/api/v1/users/{u}/role", user)
                .then().statusCode(200).body("role", equalTo("operator"));
        given().header("Authorization", TestUsers.bearer(token)).post("/api/v1/containers/none/stop").then()
                .statusCode(not(403));
        given().post("/api/v1/users/{u}/disable", user).then().statusCode(200).body("disabled", equalTo(true));
        assertThat(whoamiStatus(token)).isEqualTo(401);
        given().post("/api/v1/users/{u}/enable", user).then().statusCode(200).body("disabled", equalTo(false));
        assertThat(whoamiStatus(token)).isEqualTo(200);
    }

    @Test
    void aForbiddenRequestIsRecordedAgainstTheUser() {
        String user = TestUsers.user(Roles.VIEWER);
        String token = TestUsers.tokenFor(user);
        given().header("Authorization", TestUsers.bearer(token)).delete("/api/v1/hosts/some-host").then()
                .statusCode(403);
        var events = given().get("/api/v1/streams/access-" + user).then().statusCode(200).extract().jsonPath();
        assertThat(events.getList("type")).containsExactly("access.denied");
        assertThat(events.getString("[0].data.path")).isEqualTo("/api/v1/hosts/some-host");
        assertThat(events.getString("[0].data.method")).isEqualTo("DELETE");
        assertThat(events.getString("[0].metadata.actor")).isEqualTo(user);
    }

    @Test
    void theActorOfAnEventIsTheAuthenticatedUser() {
        String admin = TestUsers.user(Roles.ADMIN);
        String token = TestUsers.tokenFor(admin);
        String created = "by-" + admin;
        given().header("Authorization", TestUsers.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("username", created, "role", "viewer", "password", TestUsers.PASSWORD))
                .post("/api/v1/users").then().statusCode(201);
        given().get("/api/v1/streams/user-" + created).then().statusCode(200)
                .body("[0].metadata.actor", equalTo(admin)).body("[0].metadata.source", equalTo("rest"));
    }

    @Test
    void badInputIsA4xxWithAMessage() {
        given().contentType(ContentType.JSON).body(Map.of("username", "Bad Name", "role", "viewer", "password",
                TestUsers.PASSWORD)).post("/api/v1/users").then().statusCode(400).body("message", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("username", "short-pw", "role", "viewer", "password", "x"))
                .post("/api/v1/users").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("username", "no-role", "role", "root", "password",
                TestUsers.PASSWORD)).post("/api/v1/users").then().statusCode(400);
        String user = TestUsers.user(Roles.VIEWER);
        given().contentType(ContentType.JSON).body(Map.of("ttl", "forever")).post("/api/v1/users/{u}/tokens", user)
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("ttl", "P9999D")).post("/api/v1/users/{u}/tokens", user)
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("username", user, "role", "viewer", "password",
                TestUsers.PASSWORD)).post("/api/v1/users").then().statusCode(409);
        given().header(TestUsers.ANONYMOUS, "true").get("/api/v1/containers").then().statusCode(401)
                .body("error", equalTo("unauthenticated"));
        given().header("Authorization", "Bearer berth_nonsense").get("/api/v1/containers").then().statusCode(401);
    }
}

package io.berth.controlplane.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.berth.controlplane.identity.auth.BerthAuthMechanism;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's login: session cookie, CSRF token on unsafe requests, logout, throttled failures. */
@QuarkusTest
class SessionLoginIT {

    static Response login(String username, String password) {
        return given().header(TestUsers.ANONYMOUS, "true").contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/api/v1/session");
    }

    @Test
    void anUnsafeRequestWithTheCookieNeedsTheCsrfTokenAndLogoutEndsTheSession() {
        String user = TestUsers.user(Roles.OPERATOR);
        Response login = login(user, TestUsers.PASSWORD);
        login.then().statusCode(200).body("username", equalTo(user)).body("role", equalTo("operator"))
                .header("Set-Cookie", containsString("HttpOnly")).header("Set-Cookie", containsString("SameSite=Strict"));
        String session = login.getCookie("berth_session");
        String csrf = login.jsonPath().getString("csrfToken");
        assertThat(session).isNotBlank();
        assertThat(csrf).isNotBlank();

        given().cookie("berth_session", session).get("/api/v1/session").then().statusCode(200)
                .body("username", equalTo(user)).body("csrfToken", equalTo(csrf));
        // a state change without the CSRF header is refused, with a wrong one too, with the right one allowed
        given().cookie("berth_session", session).post("/api/v1/containers/none/stop").then().statusCode(403)
                .body("error", equalTo("csrf"));
        given().cookie("berth_session", session).header(BerthAuthMechanism.CSRF_HEADER, "wrong")
                .post("/api/v1/containers/none/stop").then().statusCode(403).body("error", equalTo("csrf"));
        given().cookie("berth_session", session).header(BerthAuthMechanism.CSRF_HEADER, csrf)
                .post("/api/v1/containers/none/stop").then().statusCode(not(403)).statusCode(not(401));
        // what the dashboard does is recorded as its user, from the dashboard
        String created = "via-session-" + user;
        var admin = login(adminUser(), TestUsers.PASSWORD);
        given().cookie("berth_session", admin.getCookie("berth_session"))
                .header(BerthAuthMechanism.CSRF_HEADER, admin.jsonPath().getString("csrfToken"))
                .contentType(ContentType.JSON).body(Map.of("username", created, "role", "viewer", "password",
                        TestUsers.PASSWORD)).post("/api/v1/users").then().statusCode(201);
        given().get("/api/v1/streams/user-" + created).then().body("[0].metadata.source", equalTo("dashboard"));

        given().cookie("berth_session", session).header(BerthAuthMechanism.CSRF_HEADER, csrf)
                .delete("/api/v1/session").then().statusCode(204);
        given().cookie("berth_session", session).get("/api/v1/session").then().statusCode(401);
    }

    private static String adminUser() {
        return TestUsers.user(Roles.ADMIN);
    }

    @Test
    void repeatedFailedLoginsAreThrottledAndRecorded() {
        String user = TestUsers.user(Roles.VIEWER);
        for (int i = 0; i < 5; i++) {
            login(user, "not the password").then().statusCode(401).body("error", equalTo("unauthenticated"));
        }
        // even the right password waits now: guessing cannot go on
        Response throttled = login(user, TestUsers.PASSWORD);
        throttled.then().statusCode(429).body("error", equalTo("throttled"));
        assertThat(Integer.parseInt(throttled.getHeader("Retry-After"))).isBetween(1, 300);

        var events = given().get("/api/v1/streams/access-" + user).then().statusCode(200).extract().jsonPath();
        assertThat(events.getList("type")).hasSize(6).containsOnly("login.failed");
        assertThat(events.getString("[0].data.reason")).isEqualTo("wrong password");
        assertThat(events.getBoolean("[5].data.throttled")).isTrue();
        assertThat(events.getString("[0].metadata.clientAddress")).isNotBlank();
    }

    @Test
    void aDisabledOrUnknownUserCannotLogIn() {
        String user = TestUsers.user(Roles.VIEWER);
        given().post("/api/v1/users/{u}/disable", user).then().statusCode(200);
        login(user, TestUsers.PASSWORD).then().statusCode(401);
        login("nobody-" + user, TestUsers.PASSWORD).then().statusCode(401);
        login(user, "").then().statusCode(401);
        given().header(TestUsers.ANONYMOUS, "true").contentType(ContentType.JSON).body("{}").post("/api/v1/session")
                .then().statusCode(400);
    }

    @Test
    void aNewPasswordEndsTheOldSessions() {
        String user = TestUsers.user(Roles.VIEWER);
        String session = login(user, TestUsers.PASSWORD).getCookie("berth_session");
        given().contentType(ContentType.JSON).body(Map.of("password", "another long password"))
                .put("/api/v1/users/{u}/password", user).then().statusCode(204);
        given().cookie("berth_session", session).get("/api/v1/session").then().statusCode(401);
        login(user, "another long password").then().statusCode(200);
    }
    @Test
    void aUserChangesTheirOwnPasswordGivingTheCurrentOne() {
        String user = TestUsers.user(Roles.VIEWER);
        String newPassword = "a brand new and long password";
        Response login = login(user, TestUsers.PASSWORD);
        String session = login.getCookie("berth_session");
        String csrf = login.jsonPath().getString("csrfToken");

        changeOwnPassword(session, csrf, Map.of("currentPassword", "not the password", "newPassword", newPassword))
                .then().statusCode(400).body("message", containsString("current password is wrong"));
        changeOwnPassword(session, csrf, Map.of("currentPassword", TestUsers.PASSWORD, "newPassword", "short"))
                .then().statusCode(400).body("message", containsString("at least"));
        changeOwnPassword(session, csrf, Map.of("newPassword", newPassword)).then().statusCode(400)
                .body("message", containsString("currentPassword"));
        // none of those changed anything
        login(user, TestUsers.PASSWORD).then().statusCode(200);

        changeOwnPassword(session, csrf, Map.of("currentPassword", TestUsers.PASSWORD, "newPassword", newPassword))
                .then().statusCode(204);
        given().cookie("berth_session", session).get("/api/v1/session").then().statusCode(401);
        login(user, TestUsers.PASSWORD).then().statusCode(401);
        login(user, newPassword).then().statusCode(200);

        var changes = given().get("/api/v1/streams/user-" + user).then().statusCode(200).extract().jsonPath();
        List<String> types = changes.getList("type");
        assertThat(types.get(types.size() - 1)).isEqualTo("user.password-set");
        assertThat(changes.getString("[" + (types.size() - 1) + "].metadata.actor")).as("changed by the user")
                .isEqualTo(user);
        assertThat(changes.getString("[0].metadata.actor")).as("created by an admin").isNotEqualTo(user);
        var denials = given().get("/api/v1/streams/access-" + user).then().statusCode(200).extract().jsonPath();
        assertThat(denials.getList("data.reason", String.class)).contains("wrong current password on a password change");
    }

    @Test
    void aSessionWithoutTheCsrfTokenCannotChangeThePassword() {
        String user = TestUsers.user(Roles.VIEWER);
        String session = login(user, TestUsers.PASSWORD).getCookie("berth_session");
        given().cookie("berth_session", session).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestUsers.PASSWORD, "newPassword", "a brand new and long password"))
                .put("/api/v1/session/password").then().statusCode(403).body("error", equalTo("csrf"));
        login(user, TestUsers.PASSWORD).then().statusCode(200);
    }

    private static Response changeOwnPassword(String session, String csrf, Map<String, String> body) {
        return given().cookie("berth_session", session).header(BerthAuthMechanism.CSRF_HEADER, csrf)
                .contentType(ContentType.JSON).body(body).put("/api/v1/session/password");
    }
}

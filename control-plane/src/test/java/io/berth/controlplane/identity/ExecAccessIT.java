package io.berth.controlplane.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Exec needs the operator role, over REST and over the WebSocket, where it is checked at the
 * upgrade; a browser session may open the socket only from this server's own origin.
 */
@QuarkusTest
class ExecAccessIT {

    @TestHTTPResource("/")
    URI base;

    private URI socket() {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "api/v1/containers/exec-none/exec/ws?cmd=sh");
    }

    /** The handshake's status: 101 when upgraded, else what the server answered. */
    private int upgrade(Map<String, String> headers) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        var closed = new CompletableFuture<Integer>();
        Throwable failure = catchThrowable(() -> builder.buildAsync(socket(), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }
        }).join());
        if (failure == null) {
            return 101;
        }
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }

    @Test
    void aViewerCannotOpenTheExecSocketNorPostExec() {
        String viewer = TestUsers.user(Roles.VIEWER);
        String token = TestUsers.tokenFor(viewer);
        assertThat(upgrade(Map.of("Authorization", TestUsers.bearer(token)))).isEqualTo(403);
        assertThat(upgrade(Map.of())).isEqualTo(401);
        given().header("Authorization", TestUsers.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("cmd", new String[] {"id"})).post("/api/v1/containers/exec-none/exec").then()
                .statusCode(403);
        var denied = given().get("/api/v1/streams/access-" + viewer).then().statusCode(200).extract().jsonPath();
        assertThat(denied.getList("data.path")).containsExactly("/api/v1/containers/exec-none/exec/ws",
                "/api/v1/containers/exec-none/exec");
    }

    @Test
    void anOperatorIsUpgraded() {
        assertThat(upgrade(Map.of("Authorization", TestUsers.bearer(TestUsers.token(Roles.OPERATOR)))))
                .isEqualTo(101);
    }

    @Test
    void aSessionMayOpenTheSocketOnlyFromThisOrigin() {
        String operator = TestUsers.user(Roles.OPERATOR);
        Response login = SessionLoginIT.login(operator, TestUsers.PASSWORD);
        String cookie = "berth_session=" + login.getCookie("berth_session");
        String origin = "http://" + base.getHost() + ":" + base.getPort();
        assertThat(upgrade(Map.of("Cookie", cookie, "Origin", "http://evil.example"))).isEqualTo(403);
        assertThat(upgrade(Map.of("Cookie", cookie))).isEqualTo(403);
        assertThat(upgrade(Map.of("Cookie", cookie, "Origin", origin))).isEqualTo(101);
    }
}

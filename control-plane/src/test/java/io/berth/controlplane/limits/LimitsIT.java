package io.berth.controlplane.limits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.berth.controlplane.identity.DefaultTestCredentials;
import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.identity.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Body size, page size and open streams per user, over real HTTP. */
@QuarkusTest
class LimitsIT {

    @TestHTTPResource("/")
    URL root;
    @ConfigProperty(name = "berth.limits.json-body-bytes")
    long jsonBodyBytes;
    @ConfigProperty(name = "berth.limits.max-page-size")
    int maxPageSize;
    @ConfigProperty(name = "berth.limits.streams-per-user")
    int streamsPerUser;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void jsonCommandsTakeSmallBodiesAndOnlyImageUploadsLargeOnes() throws Exception {
        String big = "{\"image\":\"busybox\",\"env\":[\"X=" + "x".repeat((int) jsonBodyBytes) + "\"]}";
        given().contentType(ContentType.JSON).body(big).post("/api/v1/containers").then().statusCode(413)
                .body("error", equalTo("too-large"))
                .body("message", containsString("at most " + jsonBodyBytes));
        // just under the limit it reaches the endpoint (and is judged on its content)
        given().contentType(ContentType.JSON).body("{\"env\":[\"X=" + "x".repeat((int) jsonBodyBytes - 100) + "\"]}")
                .post("/api/v1/containers").then().statusCode(400).body("message", containsString("image is required"));
        // an upload twice that size reaches its endpoint (refused for what it is or where it goes, not its size)
        given().contentType("application/x-tar").body(new byte[(int) jsonBodyBytes * 2])
                .post("/api/v1/images/import").then().statusCode(org.hamcrest.Matchers.not(413))
                .body("error", org.hamcrest.Matchers.not("too-large"));

        // a command body of unknown length is refused: it could be any size
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(root + "api/v1/containers"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + DefaultTestCredentials.adminToken())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream("{}".getBytes())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(411);
        assertThat(chunked.body()).contains("Content-Length");
    }

    @Test
    void aLimitBeyondTheMaximumIs400AndListsAreCutToTheLimit() {
        for (String bad : List.of(Integer.toString(maxPageSize + 1), "0", "-5", "many")) {
            given().queryParam("limit", bad).get("/api/v1/dashboard/audit").then().statusCode(400)
                    .body("message", containsString("limit must be"));
            given().queryParam("limit", bad).get("/api/v1/containers").then().statusCode(400);
        }
        given().queryParam("limit", maxPageSize).get("/api/v1/containers").then().statusCode(200);
        // a list endpoint without paging of its own (the users: at least these two) is cut to the limit
        TestUsers.user(Roles.VIEWER);
        TestUsers.user(Roles.VIEWER);
        assertThat(given().get("/api/v1/users").jsonPath().getList("$")).hasSizeGreaterThan(1);
        var cut = given().queryParam("limit", 1).get("/api/v1/users").then().statusCode(200).extract();
        assertThat(cut.jsonPath().getList("$")).hasSize(1);
        assertThat(cut.header(PageLimit.TRUNCATED)).isEqualTo("true");
        assertThat(given().get("/api/v1/users").header(PageLimit.TRUNCATED)).isNull();
    }

    @Test
    void aUserBeyondTheirOpenStreamsGets429UntilOneCloses() throws Exception {
        String token = TestUsers.token(Roles.OPERATOR);
        String other = TestUsers.token(Roles.VIEWER);
        var open = new ArrayList<CompletableFuture<HttpResponse<InputStream>>>();
        try {
            for (int i = 0; i < streamsPerUser; i++) {
                CompletableFuture<HttpResponse<InputStream>> stream = follow(token);
                assertThat(stream.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                open.add(stream);
            }
            HttpResponse<InputStream> refused = follow(token).get(30, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(429);
            String body = new String(refused.body().readAllBytes());
            assertThat(body).contains("too-many-streams", streamsPerUser + " streams open");
            // an exec WebSocket of the same user is refused at the upgrade
            var upgrade = http.newWebSocketBuilder().header("Authorization", TestUsers.bearer(token))
                    .buildAsync(URI.create(root.toString().replaceFirst("^http", "ws")
                            + "api/v1/containers/none/exec/ws?cmd=sh"), new java.net.http.WebSocket.Listener() {
                            });
            assertThatThrownBy(() -> upgrade.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(
                    java.net.http.WebSocketHandshakeException.class).satisfies(e -> assertThat(
                    ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                    .isEqualTo(429));
            // another user is not held back
            CompletableFuture<HttpResponse<InputStream>> theirs = follow(other);
            assertThat(theirs.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            open.add(theirs);

            open.remove(0).get().body().close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status;
            do {
                HttpResponse<InputStream> again = follow(token).get(30, TimeUnit.SECONDS);
                status = again.statusCode();
                if (status == 200) {
                    open.add(CompletableFuture.completedFuture(again));
                } else {
                    again.body().close();
                    Thread.sleep(100); // the server notices the closed stream on its next write or poll
                }
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).as("a slot is free again once a stream closes").isEqualTo(200);
        } finally {
            for (var stream : open) {
                stream.cancel(true);
                if (stream.isDone() && !stream.isCompletedExceptionally()) {
                    stream.get().body().close();
                }
            }
        }
    }

    private CompletableFuture<HttpResponse<InputStream>> follow(String token) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(root + "api/v1/events/stream"))
                .header("Accept", "text/event-stream").header("Authorization", TestUsers.bearer(token)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}

package io.berth.controlplane.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.hosts.HostBack;
import io.berth.protocol.hosts.HostLost;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SSE stream delivers committed events from a position, live, and resumes by Last-Event-ID. */
@QuarkusTest
class EventStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventStore store;
    @TestHTTPResource("/api/v1/events/stream")
    URL url;

    record Received(String id, String event, String data) {
    }

    /** Reads SSE frames from a connection on a background thread, keeping only our stream's. */
    static class Listener implements AutoCloseable {
        final BlockingQueue<Received> frames = new ArrayBlockingQueue<>(10_000);
        final HttpResponse<java.io.InputStream> response;
        final Thread reader;

        Listener(URI uri, String lastEventId, String streamId) throws Exception {
            var builder = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + io.berth.controlplane.identity.DefaultTestCredentials.adminToken());
            if (lastEventId != null) {
                builder.header("Last-Event-ID", lastEventId);
            }
            response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            reader = new Thread(() -> {
                try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String id = null;
                    String event = null;
                    StringBuilder data = new StringBuilder();
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.isEmpty()) {
                            if (data.toString().contains("\"" + streamId + "\"")) {
                                frames.add(new Received(id, event, data.toString()));
                            }
                            id = null;
                            event = null;
                            data.setLength(0);
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("event:")) {
                            event = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).trim());
                        }
                    }
                } catch (Exception closed) {
                    // the test closed the connection
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        List<Received> take(int n) throws InterruptedException {
            var got = new ArrayList<Received>();
            while (got.size() < n) {
                Received r = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(r).as("frame %d of %d", got.size() + 1, n).isNotNull();
                got.add(r);
            }
            return got;
        }

        @Override
        public void close() throws java.io.IOException {
            response.body().close();
            reader.interrupt();
        }
    }

    @Test
    void streamsFromAPositionLiveAndResumesFromLastEventId() throws Exception {
        String hostId = "live-" + UUID.randomUUID();
        String stream = "host-" + hostId;
        store.appendRecords(stream, ExpectedVersion.noStream(),
                List.of(new HostLost(hostId, "1"), new HostBack(hostId), new HostLost(hostId, "3")),
                EventMetadata.system("test")).await().atMost(WAIT);
        List<StoredEvent> stored = store.readStream(stream).await().atMost(WAIT);

        List<Received> firstSession;
        try (var listener = new Listener(URI.create(url + "?since=" + stored.get(0).position()), null, stream)) {
            assertThat(listener.response.statusCode()).isEqualTo(200);
            List<Received> backlog = listener.take(2);
            assertThat(backlog).extracting(Received::id).containsExactly(
                    Long.toString(stored.get(1).position()), Long.toString(stored.get(2).position()));
            assertThat(backlog).extracting(Received::event).containsExactly("host.back", "host.lost");

            store.appendRecords(stream, ExpectedVersion.exactly(3), List.of(new HostBack(hostId)),
                    EventMetadata.system("test")).await().atMost(WAIT);
            firstSession = new ArrayList<>(backlog);
            firstSession.addAll(listener.take(1));
        }
        assertThat(firstSession.get(2).data()).contains("\"streamVersion\":4");

        // Reconnect as a browser does after a drop: from the last id seen in the first session's backlog.
        store.appendRecords(stream, ExpectedVersion.exactly(4), List.of(new HostLost(hostId, "5")),
                EventMetadata.system("test")).await().atMost(WAIT);
        try (var listener = new Listener(url.toURI(), firstSession.get(1).id(), stream)) {
            List<Received> resumed = listener.take(2);
            assertThat(resumed).extracting(Received::data).allSatisfy(d -> assertThat(d).contains(hostId));
            assertThat(resumed.get(0).id()).isEqualTo(firstSession.get(2).id());
            assertThat(resumed.get(1).data()).contains("\"streamVersion\":5");
            assertThat(listener.frames.poll(300, TimeUnit.MILLISECONDS)).as("no duplicates").isNull();
        }
    }

    @Test
    void aBadResumePositionIs400() throws Exception {
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String since : List.of("abc", "-4", "999999999999")) {
            var response = client.send(HttpRequest.newBuilder(URI.create(url + "?since=" + since))
                            .header("Authorization", "Bearer " + io.berth.controlplane.identity.DefaultTestCredentials.adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(since).isEqualTo(400);
            assertThat(response.body()).contains("position");
        }
    }
}

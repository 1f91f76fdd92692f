package io.berth.controlplane.eventstore;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostDrained;
import io.berth.protocol.hosts.HostRegistered;
import io.berth.protocol.hosts.HostVersions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Append and read against the real PostgreSQL: versions, conflicts, idempotency, bad input. */
@QuarkusTest
class EventStoreIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventStore store;
    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;

    static String hostStream() {
        return "host-it-" + UUID.randomUUID();
    }

    static HostRegistered registered(String stream) {
        return new HostRegistered(stream.substring(5), "node", Map.of("zone", "a"), new HostCapacity(2, 4L << 30, 1L << 40),
                new HostVersions("0.1", "runc 1.1.5", "6.1", "debian 12"));
    }

    EventMetadata meta() {
        return new EventMetadata("tester", "rest", "127.0.0.1", "corr-1", null, null);
    }

    long count(String stream) {
        return pool.preparedQuery("SELECT count(*) FROM events WHERE stream_id = $1").execute(Tuple.of(stream))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void appendsABatchAndReadsItBackInVersionOrder() {
        String stream = hostStream();
        AppendResult first = store.appendRecords(stream, ExpectedVersion.noStream(),
                List.of(registered(stream), new HostDrained(stream.substring(5), "maintenance")), meta())
                .await().atMost(WAIT);
        assertThat(first).extracting(AppendResult::streamId, AppendResult::firstVersion, AppendResult::lastVersion,
                AppendResult::alreadyApplied).containsExactly(stream, 1L, 2L, false);

        AppendResult second = store.appendRecords(stream, ExpectedVersion.exactly(2),
                List.of(new HostDrained(stream.substring(5), "again")), meta()).await().atMost(WAIT);
        assertThat(second.lastVersion()).isEqualTo(3);

        List<StoredEvent> events = store.readStream(stream).await().atMost(WAIT);
        assertThat(events).extracting(StoredEvent::streamVersion).containsExactly(1L, 2L, 3L);
        assertThat(first.positions()).containsExactly(events.get(0).position(), events.get(1).position());
        assertThat(second.positions()).containsExactly(events.get(2).position());
        assertThat(events).extracting(StoredEvent::type).containsExactly("host.registered", "host.drained", "host.drained");
        assertThat(events.get(0).metadata().get("actor").asText()).isEqualTo("tester");
        assertThat(store.types().decode(events.get(0))).isEqualTo(registered(stream));
        assertThat(store.readStream(stream, 3, 10).await().atMost(WAIT)).hasSize(1);
    }

    @Test
    void appendAllWritesSeveralStreamsTogetherWithTheirPositionsAndChains() {
        String a = hostStream();
        String b = hostStream();
        List<AppendResult> results = store.appendAll(List.of(
                new StreamAppend(a, ExpectedVersion.noStream(), List.of(registered(a)), meta()),
                new StreamAppend(b, ExpectedVersion.noStream(), List.of(registered(b),
                        new HostDrained(b.substring(5), "x")), meta()),
                new StreamAppend(a, ExpectedVersion.exactly(1), List.of(new HostDrained(a.substring(5), "y")), meta())))
                .await().atMost(WAIT);
        assertThat(results).extracting(AppendResult::streamId, AppendResult::firstVersion, AppendResult::lastVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a, 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple(b, 1L, 2L), org.assertj.core.groups.Tuple.tuple(a, 2L, 2L));
        List<StoredEvent> inA = store.readStream(a).await().atMost(WAIT);
        List<StoredEvent> inB = store.readStream(b).await().atMost(WAIT);
        assertThat(results.get(0).positions()).containsExactly(inA.get(0).position());
        assertThat(results.get(1).positions()).containsExactly(inB.get(0).position(), inB.get(1).position());
        assertThat(results.get(2).positions()).containsExactly(inA.get(1).position());
        for (List<StoredEvent> stream : List.of(inA, inB)) {
            byte[] previous = EventHasher.GENESIS;
            for (StoredEvent event : stream) {
                previous = EventHasher.hash(previous, event);
                assertThat(EventHasher.hex(previous)).isEqualTo(event.hash());
            }
        }
    }

    @Test
    void appendAllWritesNothingWhenOneStreamConflicts() {
        String taken = hostStream();
        String fresh = hostStream();
        store.appendRecords(taken, ExpectedVersion.noStream(), List.of(registered(taken)), meta()).await().atMost(WAIT);
        assertThatThrownBy(() -> store.appendAll(List.of(
                new StreamAppend(fresh, ExpectedVersion.noStream(), List.of(registered(fresh)), meta()),
                new StreamAppend(taken, ExpectedVersion.noStream(), List.of(registered(taken)), meta())))
                .await().atMost(WAIT)).isInstanceOf(AppendConflict.class).hasMessageContaining(taken);
        assertThat(count(fresh)).isZero();
        assertThat(count(taken)).isEqualTo(1);
        assertThatThrownBy(() -> store.appendAll(List.of(new StreamAppend(fresh, ExpectedVersion.existing(),
                List.of(registered(fresh)), meta()))).await().atMost(WAIT)).isInstanceOf(AppendConflict.class);
        assertThat(count(fresh)).isZero();
    }

    @Test
    void appendAllSkipsASharesRepeatedCommandAndWritesTheOthers() {
        String stream = hostStream();
        EventMetadata first = meta().withCommandId("cmd-" + UUID.randomUUID());
        EventMetadata second = meta().withCommandId("cmd-" + UUID.randomUUID());
        store.appendRecords(stream, ExpectedVersion.any(), List.of(registered(stream)), first).await().atMost(WAIT);
        List<AppendResult> results = store.appendAll(List.of(
                new StreamAppend(stream, ExpectedVersion.existing(), List.of(registered(stream)), first),
                new StreamAppend(stream, ExpectedVersion.existing(), List.of(new HostDrained(stream.substring(5), "z")),
                        second))).await().atMost(WAIT);
        assertThat(results).extracting(AppendResult::alreadyApplied).containsExactly(true, false);
        assertThat(results.get(1).firstVersion()).isEqualTo(2);
        assertThat(store.readStream(stream).await().atMost(WAIT)).extracting(StoredEvent::type)
                .containsExactly("host.registered", "host.drained");
    }

    @Test
    void theStoredChainHashesRecomputeFromTheRowsAsPostgresReturnsThem() {
        String stream = hostStream();
        store.appendRecords(stream, ExpectedVersion.noStream(), List.of(registered(stream)), meta()).await().atMost(WAIT);
        store.appendRecords(stream, ExpectedVersion.exactly(1), List.of(new HostDrained(stream.substring(5), "x")), meta())
                .await().atMost(WAIT);
        byte[] previous = EventHasher.GENESIS;
        for (StoredEvent event : store.readStream(stream).await().atMost(WAIT)) {
            previous = EventHasher.hash(previous, event);
            assertThat(EventHasher.hex(previous)).as("version %d", event.streamVersion()).isEqualTo(event.hash());
        }
    }

    @Test
    void aHeadThisProcessKnowsButAnotherWriterMovedIsReadAgainAndTheChainStaysWhole() {
        String stream = hostStream();
        store.appendRecords(stream, ExpectedVersion.noStream(), List.of(registered(stream)), meta()).await().atMost(WAIT);
        // another writer: a transaction of its own, which this process's known heads do not follow
        pool.withTransaction(tx -> store.appendRecordsIn(tx, stream, ExpectedVersion.exactly(1),
                List.of(new HostDrained(stream.substring(5), "other")), meta())).await().atMost(WAIT);

        AppendResult mine = store.appendRecords(stream, ExpectedVersion.any(),
                List.of(new HostDrained(stream.substring(5), "mine")), meta()).await().atMost(WAIT);
        assertThat(mine.firstVersion()).isEqualTo(3);
        assertThatThrownBy(() -> store.appendRecords(stream, ExpectedVersion.noStream(),
                List.of(registered(stream)), meta()).await().atMost(WAIT))
                .isInstanceOfSatisfying(AppendConflict.class, c -> assertThat(c.actual()).isEqualTo(3));
        byte[] previous = EventHasher.GENESIS;
        List<StoredEvent> events = store.readStream(stream).await().atMost(WAIT);
        assertThat(events).extracting(StoredEvent::streamVersion).containsExactly(1L, 2L, 3L);
        for (StoredEvent event : events) {
            previous = EventHasher.hash(previous, event);
            assertThat(EventHasher.hex(previous)).as("version %d", event.streamVersion()).isEqualTo(event.hash());
        }
    }

    @Test
    void aNewStreamsAppendThatFindsTheStreamTakenConflictsWithItsVersion() {
        String stream = hostStream();
        pool.withTransaction(tx -> store.appendRecordsIn(tx, stream, ExpectedVersion.noStream(),
                List.of(registered(stream)), meta())).await().atMost(WAIT);
        // unknown to this process's heads, so taken for new: the INSERT's unique version says otherwise
        assertThatThrownBy(() -> store.appendRecords(stream, ExpectedVersion.noStream(), List.of(registered(stream)),
                meta()).await().atMost(WAIT))
                .isInstanceOfSatisfying(AppendConflict.class, c -> assertThat(c.actual()).isEqualTo(1));
        assertThat(count(stream)).isEqualTo(1);
    }

    @Test
    void twoConcurrentAppendsAtTheSameExpectedVersionExactlyOneWins() throws Exception {
        String stream = hostStream();
        store.appendRecords(stream, ExpectedVersion.noStream(), List.of(registered(stream)), meta()).await().atMost(WAIT);

        // Hold the first writer's transaction open after its insert so the second one really
        // races it at the unique index rather than simply reading version 2.
        var firstInserted = new CountDownLatch(1);
        var releaseFirst = new CompletableFuture<Void>();
        byte[] v1Hash = EventHasher.unhex(store.readStream(stream).await().atMost(WAIT).get(0).hash());
        Uni<Void> slowWriter = pool.withTransaction(tx -> RawEvents.insert(tx, stream, 2, v1Hash)
                .invoke(firstInserted::countDown)
                .flatMap(r -> Uni.createFrom().completionStage(releaseFirst)).replaceWithVoid());
        var slow = slowWriter.subscribeAsCompletionStage();
        assertThat(firstInserted.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        var racing = store.appendRecords(stream, ExpectedVersion.exactly(1),
                List.of(new HostDrained(stream.substring(5), "racer")), meta()).subscribeAsCompletionStage();
        Thread.sleep(200); // the racer now waits on the uncommitted row at version 2
        assertThat(racing).isNotDone();
        releaseFirst.complete(null);
        slow.toCompletableFuture().get();

        assertThatThrownBy(() -> racing.toCompletableFuture().get())
                .hasCauseInstanceOf(AppendConflict.class);
        assertThat(count(stream)).isEqualTo(2);
    }

    @Test
    void manyConcurrentWritersAtOneVersionProduceOneWinnerAndConflictsForTheRest() {
        String stream = hostStream();
        store.appendRecords(stream, ExpectedVersion.noStream(), List.of(registered(stream)), meta()).await().atMost(WAIT);
        List<Uni<Object>> writers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            writers.add(store.appendRecords(stream, ExpectedVersion.exactly(1),
                    List.of(new HostDrained(stream.substring(5), "writer " + i)), meta())
                    .map(r -> (Object) r).onFailure(AppendConflict.class).recoverWithItem(f -> f));
        }
        List<Object> outcomes = Uni.join().all(writers).andFailFast().await().atMost(WAIT);
        assertThat(outcomes).filteredOn(AppendResult.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(AppendConflict.class::isInstance).hasSize(7);
        assertThat(count(stream)).isEqualTo(2);
    }

    @Test
    void aStaleExpectedVersionConflictsWithoutWriting() {
        String stream = hostStream();
        store.appendRecords(stream, ExpectedVersion.noStream(), List.of(registered(stream)), meta()).await().atMost(WAIT);
        assertThatThrownBy(() -> store.appendRecords(stream, ExpectedVersion.noStream(), List.of(registered(stream)),
                meta()).await().atMost(WAIT)).isInstanceOf(AppendConflict.class).hasMessageContaining("version 1");
        assertThat(count(stream)).isEqualTo(1);
    }

    @Test
    void aRepeatedCommandIdReturnsTheEarlierResultAndAppendsNothing() {
        String stream = hostStream();
        EventMetadata withCommand = meta().withCommandId("cmd-" + UUID.randomUUID());
        AppendResult first = store.appendRecords(stream, ExpectedVersion.any(), List.of(registered(stream)), withCommand)
                .await().atMost(WAIT);
        AppendResult again = store.appendRecords(stream, ExpectedVersion.any(), List.of(registered(stream)), withCommand)
                .await().atMost(WAIT);
        assertThat(first.alreadyApplied()).isFalse();
        assertThat(again).isEqualTo(new AppendResult(stream, 1, 1, true));
        assertThat(count(stream)).isEqualTo(1);
    }

    @Test
    void concurrentRetriesOfOneCommandAppendOnce() {
        String stream = hostStream();
        EventMetadata withCommand = meta().withCommandId("cmd-" + UUID.randomUUID());
        List<Uni<AppendResult>> retries = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            retries.add(store.appendRecords(stream, ExpectedVersion.any(), List.of(registered(stream)), withCommand));
        }
        List<AppendResult> results = Uni.join().all(retries).andFailFast().await().atMost(WAIT);
        assertThat(results).filteredOn(r -> !r.alreadyApplied()).hasSize(1);
        assertThat(results).extracting(AppendResult::lastVersion).containsOnly(1L);
        assertThat(count(stream)).isEqualTo(1);
    }

    @Test
    void restAppendMapsAConflictTo409() {
        String stream = hostStream();
        String body = """
                {"expectedVersion": 0, "events": [{"type": "host.drained", "schemaVersion": 1,
                 "data": {"hostId": "h", "reason": "r"}}]}""";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/streams/" + stream + "/events")
                .then().statusCode(200).body("lastVersion", equalTo(1));
        given().contentType(ContentType.JSON).body(body).post("/api/v1/streams/" + stream + "/events")
                .then().statusCode(409).body("error", equalTo("conflict"))
                .body("message", containsString("expected no stream"));
        given().get("/api/v1/streams/" + stream).then().statusCode(200).body("size()", equalTo(1))
                .body("[0].type", equalTo("host.drained"));
    }

    @Test
    void restIdempotencyKeyReturnsTheEarlierResult() {
        String stream = hostStream();
        String key = UUID.randomUUID().toString();
        String body = """
                {"expectedVersion": "any", "events": [{"type": "host.drained", "data": {"hostId": "h", "reason": "r"}}]}""";
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                    .post("/api/v1/streams/" + stream + "/events")
                    .then().statusCode(200).body("lastVersion", equalTo(1)).body("alreadyApplied", equalTo(i == 1));
        }
        assertThat(count(stream)).isEqualTo(1);
    }

    @Test
    void anUnknownEventTypeIsRefusedWith400AndNothingIsAppended() {
        String stream = hostStream();
        given().contentType(ContentType.JSON).body("""
                {"expectedVersion": "any", "events": [
                  {"type": "host.drained", "data": {"hostId": "h", "reason": "ok"}},
                  {"type": "host.exploded", "data": {}}]}""")
                .post("/api/v1/streams/" + stream + "/events")
                .then().statusCode(400).body("error", equalTo("invalid"))
                .body("message", containsString("unknown event type 'host.exploded'"));
        assertThat(count(stream)).isZero();
    }

    @Test
    void dataThatDoesNotFitItsTypeIsRefusedWith400() {
        String stream = hostStream();
        given().contentType(ContentType.JSON).body("""
                {"expectedVersion": "any", "events": [{"type": "host.drained", "data": {"hostId": "h", "colour": "red"}}]}""")
                .post("/api/v1/streams/" + stream + "/events")
                .then().statusCode(400).body("message", containsString("does not match host.drained v1"));
        given().contentType(ContentType.JSON).body("""
                {"expectedVersion": "any", "events": [{"type": "host.drained", "schemaVersion": 7, "data": {}}]}""")
                .post("/api/v1/streams/" + stream + "/events")
                .then().statusCode(400).body("message", containsString("schema version 7"));
        assertThat(count(stream)).isZero();
    }

    @Test
    void anOversizedPayloadIsRefusedWith413AndNothingIsAppended() {
        String stream = hostStream();
        String big = "x".repeat(1024 * 1024 + 1);
        given().contentType(ContentType.JSON).body("{\"expectedVersion\": \"any\", \"events\": ["
                        + "{\"type\": \"host.drained\", \"data\": {\"hostId\": \"h\", \"reason\": \"small\"}},"
                        + "{\"type\": \"host.drained\", \"data\": {\"hostId\": \"h\", \"reason\": \"" + big + "\"}}]}")
                .post("/api/v1/streams/" + stream + "/events")
                .then().statusCode(413).body("error", equalTo("too-large"))
                .body("message", containsString("the limit is 1048576"));
        assertThat(count(stream)).isZero();
    }

    @Test
    void aMalformedStreamIdIsRefusedWith400AndNothingIsAppended() {
        String body = """
                {"expectedVersion": "any", "events": [{"type": "host.drained", "data": {"hostId": "h", "reason": "r"}}]}""";
        for (String bad : List.of("spaceship-1", "host-", "host-a%20b", "host-" + "a".repeat(201))) {
            given().contentType(ContentType.JSON).body(body).post("/api/v1/streams/" + bad + "/events")
                    .then().statusCode(400).body("message", containsString("malformed stream id"));
        }
        long total = pool.query("SELECT count(*) FROM events WHERE stream_id NOT SIMILAR TO"
                + " '(container|image|repository|host|network|volume|user|access)-%'")
                .execute().await().atMost(WAIT).iterator().next().getLong(0);
        assertThat(total).isZero();
    }

    @Test
    void malformedRequestBodiesAre400NotServerErrors() {
        String stream = hostStream();
        given().contentType(ContentType.JSON).body("{\"expectedVersion\": \"sometime\", \"events\": []}")
                .post("/api/v1/streams/" + stream + "/events").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"expectedVersion\": \"any\", \"events\": []}")
                .post("/api/v1/streams/" + stream + "/events").then().statusCode(400)
                .body("message", containsString("at least one event"));
        given().contentType(ContentType.JSON).body("not json")
                .post("/api/v1/streams/" + stream + "/events").then().statusCode(400);
    }
}

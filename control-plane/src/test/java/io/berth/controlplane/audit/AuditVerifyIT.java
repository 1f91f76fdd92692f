package io.berth.controlplane.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.hosts.HostBack;
import io.berth.protocol.hosts.HostDrained;
import io.berth.protocol.hosts.HostLost;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Tampering with stored events by SQL (as the table's owner, who can switch off the
 * append-only trigger) is caught by verify, which names the event or the sealed range.
 * Every test puts the log back as it was, so the rest of the suite still verifies.
 */
@QuarkusTest
class AuditVerifyIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EventStore store;
    @Inject
    AuditService audit;
    @Inject
    Pool pool;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String pgUrl;

    List<StoredEvent> appendStream(int events) {
        String hostId = "audit-" + UUID.randomUUID();
        var records = new java.util.ArrayList<Object>();
        for (int i = 0; i < events; i++) {
            records.add(i % 2 == 0 ? new HostLost(hostId, "reason " + i) : new HostBack(hostId));
        }
        store.appendRecords("host-" + hostId, ExpectedVersion.noStream(), records, EventMetadata.system("auditor"))
                .await().atMost(WAIT);
        return store.readStream("host-" + hostId).await().atMost(WAIT);
    }

    void asOwner(String sql, Object... params) {
        pool.withTransaction(tx -> tx.query("ALTER TABLE events DISABLE TRIGGER events_append_only").execute()
                .flatMap(r -> tx.preparedQuery(sql).execute(Tuple.from(params)))
                .flatMap(r -> tx.query("ALTER TABLE events ENABLE TRIGGER events_append_only").execute()))
                .await().atMost(WAIT);
    }

    @Test
    void editingOneStoredEventMakesVerifyFailAtExactlyThatEvent() throws Exception {
        List<StoredEvent> a = appendStream(3);
        appendStream(2);
        audit.sealNow();
        VerifyReport clean = audit.verify();
        assertThat(clean.problems()).isEmpty();
        assertThat(clean.ok()).isTrue();

        StoredEvent victim = a.get(1);
        String original = pool.preparedQuery("SELECT data::text FROM events WHERE position = $1")
                .execute(Tuple.of(victim.position())).await().atMost(WAIT).iterator().next().getString(0);
        asOwner("UPDATE events SET data = jsonb_set(data, '{hostId}', '\"someone-else\"') WHERE position = $1",
                victim.position());
        try {
            VerifyReport tampered = audit.verify();
            assertThat(tampered.ok()).isFalse();
            assertThat(tampered.firstBadEvent().position()).isEqualTo(victim.position());
            assertThat(tampered.firstBadEvent().eventId()).isEqualTo(victim.eventId().toString());
            assertThat(tampered.problems()).hasSize(1); // the next event still chains to the stored hash

            given().get("/api/v1/audit/verify").then().statusCode(200).body("ok", equalTo(false))
                    .body("firstBadEvent.position", equalTo((int) victim.position()))
                    .body("firstBadEvent.streamId", equalTo(victim.streamId()));

            Process cli = verifyCommand();
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(cli.exitValue()).as(output).isEqualTo(1);
            assertThat(output).contains("\"eventId\" : \"" + victim.eventId() + "\"");
        } finally {
            asOwner("UPDATE events SET data = $2::text::jsonb WHERE position = $1", victim.position(), original);
        }
        assertThat(audit.verify().ok()).isTrue();
        Process cli = verifyCommand();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(output).isZero();
    }

    @Test
    void removingAStreamsLastEventIsCaughtByTheLogCheckpoint() {
        List<StoredEvent> b = appendStream(2);
        audit.sealNow();
        StoredEvent last = b.get(1);
        pool.query("CREATE TABLE IF NOT EXISTS audit_it_saved AS SELECT * FROM events WHERE false").execute()
                .await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO audit_it_saved SELECT * FROM events WHERE position = $1")
                .execute(Tuple.of(last.position())).await().atMost(WAIT);
        asOwner("DELETE FROM events WHERE position = $1", last.position());
        try {
            VerifyReport report = audit.verify();
            assertThat(report.ok()).isFalse();
            assertThat(report.firstBadEvent()).as("the stream's own chain is intact up to its new end").isNull();
            assertThat(report.problems()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo("checkpoint");
                assertThat(p.reason()).contains("removed or inserted");
            });
        } finally {
            asOwner("INSERT INTO events OVERRIDING SYSTEM VALUE SELECT * FROM audit_it_saved WHERE position = $1",
                    last.position());
            pool.query("DROP TABLE audit_it_saved").execute().await().atMost(WAIT);
        }
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void updatesAndDeletesAreRefusedByTheAppendOnlyTrigger() {
        StoredEvent event = appendStream(1).get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.preparedQuery(
                        "UPDATE events SET data = '{}' WHERE position = $1").execute(Tuple.of(event.position()))
                .await().atMost(WAIT)).hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.preparedQuery(
                        "DELETE FROM events WHERE position = $1").execute(Tuple.of(event.position()))
                .await().atMost(WAIT)).hasMessageContaining("append-only");
    }

    private Process verifyCommand() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        var builder = new ProcessBuilder(java, "-cp", classpath, VerifyMain.class.getName());
        builder.environment().put("BERTH_DB_URL", pgUrl);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return builder.start();
    }
}

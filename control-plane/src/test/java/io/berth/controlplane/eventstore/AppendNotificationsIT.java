package io.berth.controlplane.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.controlplane.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Appends announced by another replica (a NOTIFY on the channel, as that replica's
 * {@link AppendNotifications#announce} sends it) wake this replica's waiters on the stream.
 */
@QuarkusTest
class AppendNotificationsIT {

    @Inject
    AppendNotifications notifications;
    @Inject
    AppendSignals signals;
    @Inject
    Pool pool;

    @Test
    void anotherReplicasAnnouncementWakesTheWaitersOfThatStream() throws Exception {
        Waits.waitFor("listening", Duration.ofSeconds(30), notifications::listening);
        String stream = "container-" + UUID.randomUUID().toString().replace("-", "");
        var next = signals.nextAppend(stream);
        pool.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(AppendNotifications.CHANNEL, "another-replica " + stream))
                .await().atMost(Duration.ofSeconds(30));
        next.get(30, TimeUnit.SECONDS); // completes only through a signal for this stream
        assertThat(next).isCompleted();
    }

    @Test
    void announcingSendsTheStreamWithThisReplicasMark() throws Exception {
        Waits.waitFor("listening", Duration.ofSeconds(30), notifications::listening);
        String stream = "container-" + UUID.randomUUID().toString().replace("-", "");
        var next = signals.nextAppend(stream);
        notifications.announcement(stream).await().atMost(Duration.ofSeconds(30));
        // this replica signalled its own append already: its announcement is not a second signal
        String other = "container-" + UUID.randomUUID().toString().replace("-", "");
        var otherNext = signals.nextAppend(other);
        pool.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(AppendNotifications.CHANNEL, "another-replica " + other))
                .await().atMost(Duration.ofSeconds(30));
        otherNext.get(30, TimeUnit.SECONDS);
        // notifications arrive in the order they were sent: ours came before the other's
        assertThat(next).isNotDone();
    }
}

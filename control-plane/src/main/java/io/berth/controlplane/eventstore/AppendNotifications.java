package io.berth.controlplane.eventstore;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@link AppendSignals} across control-plane replicas, through PostgreSQL's LISTEN/NOTIFY: an
 * append that someone may be waiting for on another replica (a host's report about a container,
 * which ends a {@code ?wait}) is announced on {@link #CHANNEL} once committed, and every replica
 * listening turns the announcement into a local signal for that stream. Only a hint, like the
 * local signals: waiters still read the stream, and still poll (less often while this listener
 * is connected), so a lost notification costs time, never correctness.
 */
@ApplicationScoped
public class AppendNotifications {

    static final String CHANNEL = "berth_stream_appended";
    private static final Logger LOG = Logger.getLogger(AppendNotifications.class);

    private final Pool pool;
    private final AppendSignals signals;
    private final Vertx vertx;
    private final String url;
    private final String user;
    private final String password;
    /** Own announcements come back too; they were signalled here already. */
    private final String replica = UUID.randomUUID().toString();
    private volatile PgSubscriber subscriber;
    private volatile boolean listening;

    public AppendNotifications(Pool pool, AppendSignals signals, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.pool = pool;
        this.signals = signals;
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> 1000L) // keep trying, once a second
                .closeHandler(() -> listening = false);
        subscriber.channel(CHANNEL)
                .subscribeHandler(() -> listening = true)
                .handler(this::received);
        subscriber.connect().subscribe().with(ignored -> { },
                failure -> LOG.warnf("not listening for other replicas' appends yet: %s", failure.getMessage()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close().subscribe().with(ignored -> { }, failure -> { });
        }
    }

    /** Whether announcements from other replicas reach this one now. */
    public boolean listening() {
        return listening && subscriber != null && !subscriber.closed();
    }

    /** Announces committed appends to {@code streamIds} to the other replicas, in one round trip; does not wait. */
    public void announce(Collection<String> streamIds) {
        if (streamIds.isEmpty()) {
            return;
        }
        announcement(streamIds).subscribe().with(ignored -> { },
                failure -> LOG.debugf("announcing appends to %s failed: %s", streamIds, failure.getMessage()));
    }

    /** The announcement of one stream, sent when subscribed to. */
    Uni<Void> announcement(String streamId) {
        return announcement(List.of(streamId));
    }

    private Uni<Void> announcement(Collection<String> streamIds) {
        String[] payloads = streamIds.stream().distinct().map(stream -> replica + " " + stream).toArray(String[]::new);
        return pool.preparedQuery("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload")
                .execute(Tuple.of(CHANNEL, payloads)).replaceWithVoid();
    }

    private void received(String payload) {
        int space = payload.indexOf(' ');
        if (space <= 0 || payload.substring(0, space).equals(replica)) {
            return;
        }
        signals.appended(payload.substring(space + 1));
    }
}

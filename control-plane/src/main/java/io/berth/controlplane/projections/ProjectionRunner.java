package io.berth.controlplane.projections;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.LogCursor;
import io.berth.controlplane.eventstore.LogTail;
import io.berth.controlplane.eventstore.Subscription;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs every {@link Projection} as a checkpointed {@link Subscription}, rebuilds one from zero on
 * request, and publishes each one's lag (head position minus checkpoint position) as the gauge
 * {@code berth_projection_lag{projection=…}}.
 */
@ApplicationScoped
public class ProjectionRunner {

    private final Map<String, Projection> projections = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final AtomicLong head = new AtomicLong();
    private final Pool pool;
    private final ProjectionsConfig config;
    private final MeterRegistry registry;
    private final LogTail tail;

    public ProjectionRunner(Instance<Projection> beans, Pool pool, ProjectionsConfig config, MeterRegistry registry,
            ObjectMapper mapper) {
        this.pool = pool;
        this.config = config;
        this.registry = registry;
        this.tail = new LogTail(new EventRows(mapper));
        beans.forEach(p -> projections.put(p.name(), p));
        projections.forEach((name, projection) -> subscriptions.put(name, new Subscription("projection:" + name, pool,
                tail, config.batchSize(), config.pollInterval(), projection::apply)));
    }

    void onStart(@Observes StartupEvent event) {
        subscriptions.forEach((name, subscription) -> {
            subscription.ensureCheckpoint();
            lag.put(name, new AtomicLong());
            Gauge.builder("berth.projection.lag", lag.get(name), AtomicLong::get)
                    .description("Positions between the head of the log and the projection's checkpoint")
                    .tag("projection", name).register(registry);
            if (config.enabled()) {
                subscription.start();
            }
        });
        refreshLag();
    }

    void onStop(@Observes ShutdownEvent event) {
        subscriptions.values().forEach(Subscription::stop);
    }

    @Scheduled(every = "${berth.projections.lag-refresh:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshLag() {
        long headPosition = LogTail.headPosition(pool).await().atMost(Duration.ofSeconds(30));
        head.set(headPosition);
        subscriptions.forEach((name, subscription) -> lag.computeIfAbsent(name, n -> new AtomicLong())
                .set(Math.max(0, headPosition - subscription.checkpoint().position())));
    }

    public List<String> names() {
        return List.copyOf(projections.keySet());
    }

    /** Current status, read fresh from the database. Blocking. */
    public List<ProjectionStatus> status() {
        refreshLag();
        var all = new ArrayList<ProjectionStatus>();
        subscriptions.forEach((name, s) -> all.add(status(name, s)));
        return all;
    }

    /** Blocking. */
    public ProjectionStatus status(String name) {
        return status(name, subscription(name));
    }

    /** The last status computed by the periodic refresh, without touching the database. */
    public List<ProjectionStatus> cachedStatus() {
        var all = new ArrayList<ProjectionStatus>();
        subscriptions.forEach((name, s) -> all.add(new ProjectionStatus(name, null, head.get(),
                lag.getOrDefault(name, new AtomicLong()).get(), s.lastError(), s.lastErrorAt())));
        return all;
    }

    public LogCursor checkpoint(String name) {
        return subscription(name).checkpoint();
    }

    /**
     * Empties the view and moves the checkpoint to the start of the log in one transaction; the
     * projection then catches up from the first event. Blocking.
     */
    public void rebuild(String name) {
        Projection projection = projections.get(name);
        subscription(name).reset(projection::reset);
        lag.computeIfAbsent(name, n -> new AtomicLong()).set(head.get());
    }

    private ProjectionStatus status(String name, Subscription s) {
        LogCursor checkpoint = s.checkpoint();
        long headPosition = head.get();
        return new ProjectionStatus(name, checkpoint, headPosition, Math.max(0, headPosition - checkpoint.position()),
                s.lastError(), s.lastErrorAt());
    }

    private Subscription subscription(String name) {
        Subscription s = subscriptions.get(name);
        if (s == null) {
            throw new NotFound("no projection named '" + name + "'; projections: " + String.join(", ", names()));
        }
        return s;
    }
}

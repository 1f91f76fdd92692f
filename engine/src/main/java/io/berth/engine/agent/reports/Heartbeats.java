package io.berth.engine.agent.reports;

import io.berth.engine.runtime.ContainerRuntime;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.protocol.agent.HostReports.Heartbeat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a {@link Heartbeat} every interval once the agent is ready to take instructions
 * (its first heartbeat is what registers the host, so it must not come earlier). A
 * heartbeat that cannot be sent is simply late: the next one says the same.
 */
public final class Heartbeats implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final Reporter reporter;
    private final ContainerRuntime runtime;
    private final HostFacts facts;
    private final String name;
    private final Map<String, String> labels;
    private final BooleanSupplier ready;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "agent-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public Heartbeats(Reporter reporter, ContainerRuntime runtime, HostFacts facts, String name,
            Map<String, String> labels, BooleanSupplier ready) {
        this.reporter = reporter;
        this.runtime = runtime;
        this.facts = facts;
        this.name = name;
        this.labels = labels;
        this.ready = ready;
    }

    public void start(Duration interval) {
        // Poll for readiness often, so the first heartbeat follows readiness closely.
        long period = Math.min(interval.toMillis(), 200);
        long[] last = {0};
        timer.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            if (ready.getAsBoolean() && (last[0] == 0 || now - last[0] >= interval.toNanos())) {
                last[0] = now;
                beat();
            }
        }, 0, period, TimeUnit.MILLISECONDS);
    }

    public Heartbeat current() {
        List<ContainerStatus> containers = runtime.list();
        int running = (int) containers.stream().filter(ContainerStatus::isRunning).count();
        return new Heartbeat(name, labels, facts.capacity(), facts.versions(), running, containers.size());
    }

    private void beat() {
        try {
            reporter.send(current());
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

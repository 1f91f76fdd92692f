package io.berth.controlplane.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.agents.HostLiveness;
import io.berth.controlplane.tasks.TaskProgressStore;
import io.berth.controlplane.tasks.TaskView;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * State that changes too often to be events, for the dashboard's one live connection: task
 * progress and hosts' last heartbeat. Sent as server-sent events without an id (so a client's
 * resume position stays the last event's) and named {@value #PROGRESS} and {@value #HEARTBEATS}
 * (event types always contain a dot, these never do).
 *
 * <ul>
 *   <li>{@value #PROGRESS}: a JSON array of {@link TaskView}s changed since the last message on
 *       this connection (all known tasks first), at most every {@code berth.live.progress-interval}.</li>
 *   <li>{@value #HEARTBEATS}: {@code {"at": now, "hosts": {hostId: lastHeard}}} every
 *       {@code berth.live.heartbeats-interval}, with the hosts heard since the previous one (all
 *       first); {@code at} lets a client say "seen 3 s ago" without trusting its own clock.</li>
 * </ul>
 */
@ApplicationScoped
public class TransientState {

    public static final String PROGRESS = "progress";
    public static final String HEARTBEATS = "heartbeats";

    /** The body of a {@value #HEARTBEATS} message. */
    public record Heartbeats(Instant at, Map<String, Instant> hosts) {
    }

    private final TaskProgressStore tasks;
    private final HostLiveness liveness;
    private final LiveConfig config;
    private final ObjectMapper mapper;

    public TransientState(TaskProgressStore tasks, HostLiveness liveness, LiveConfig config, ObjectMapper mapper) {
        this.tasks = tasks;
        this.liveness = liveness;
        this.config = config;
        this.mapper = mapper;
    }

    /** Both kinds of message for one connection, until it closes. */
    public Multi<OutboundSseEvent> follow(Sse sse) {
        return Multi.createBy().merging().streams(progress(sse), heartbeats(sse));
    }

    private Multi<OutboundSseEvent> progress(Sse sse) {
        var sent = new AtomicLong();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(config.progressInterval())
                .onOverflow().drop()
                .map(tick -> {
                    List<TaskView> changed = tasks.changedAfter(sent.get());
                    if (!changed.isEmpty()) {
                        sent.set(changed.get(changed.size() - 1).sequence());
                    }
                    return changed;
                })
                .filter(changed -> !changed.isEmpty())
                .map(changed -> message(sse, PROGRESS, changed));
    }

    private Multi<OutboundSseEvent> heartbeats(Sse sse) {
        Map<String, Instant> sent = new HashMap<>();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(config.heartbeatsInterval())
                .onOverflow().drop()
                .map(tick -> {
                    Map<String, Instant> changed = new TreeMap<>();
                    liveness.lastHeard().forEach((host, at) -> {
                        if (!at.equals(sent.put(host, at))) {
                            changed.put(host, at);
                        }
                    });
                    return message(sse, HEARTBEATS, new Heartbeats(Instant.now(), changed));
                });
    }

    private OutboundSseEvent message(Sse sse, String name, Object body) {
        try {
            return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(mapper.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.berth.controlplane.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.containers.CommandReceipt.EventRef;
import io.berth.controlplane.containers.ContainerCommands.RunContainer;
import io.berth.controlplane.eventstore.AppendConflict;
import io.berth.controlplane.eventstore.AppendNotifications;
import io.berth.controlplane.eventstore.AppendResult;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.controlplane.eventstore.StreamAppend;
import io.berth.controlplane.eventstore.AppendSignals;
import io.berth.controlplane.images.ImageCatalog;
import io.berth.controlplane.placement.FleetLoad;
import io.berth.controlplane.placement.Placement;
import io.berth.controlplane.placement.PlacementRequest;
import io.berth.protocol.agent.ContainerRunSpec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Container commands and queries. A command is decided by {@link Container} against the stream
 * it loaded and appended at that version (a concurrent change makes it decide again); the
 * appended events are the outbox the {@code AgentDispatcher} turns into instructions. Blocking:
 * callers are on worker threads.
 */
@ApplicationScoped
public class ContainerService {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * How often ?wait reads the stream when no signal woke it: appends in this process signal at
     * once, other replicas' reports through {@link AppendNotifications} while it listens.
     */
    private static final Duration WAIT_POLL = Duration.ofMillis(25);
    private static final Duration WAIT_POLL_LISTENING = Duration.ofMillis(250);
    private static final int CONFLICT_RETRIES = 3;

    private final EventStore store;
    private final NameClaims names;
    private final ImageCatalog images;
    private final FleetLoad fleet;
    private final EventPositions positions;
    private final Pool pool;
    private final ObjectMapper mapper;
    private final AppendSignals signals;
    private final HostAccessPolicy hostAccess;
    private final AppendNotifications notifications;

    public ContainerService(EventStore store, NameClaims names, ImageCatalog images, FleetLoad fleet,
            EventPositions positions, Pool pool, ObjectMapper mapper, AppendSignals signals,
            HostAccessPolicy hostAccess, AppendNotifications notifications) {
        this.notifications = notifications;
        this.store = store;
        this.names = names;
        this.images = images;
        this.fleet = fleet;
        this.positions = positions;
        this.pool = pool;
        this.mapper = mapper;
        this.signals = signals;
        this.hostAccess = hostAccess;
    }

    /**
     * Validates, places, and appends the name claim with created/scheduled(/start requested) —
     * both streams in one append, so there is never a claim without its container. The reads
     * placement needs (image holders, hosts and their load, the name's claims) go out together.
     */
    public CommandReceipt run(RunRequest request, EventMetadata requestMetadata) {
        if (request == null) {
            throw new InvalidCommand("body must be a run request with at least an image");
        }
        EventMetadata metadata = CommandIds.assign(requestMetadata);
        if (requestMetadata.commandId() != null) {
            // a retry with the same Idempotency-Key; a fresh random command id cannot have been applied
            Optional<AppendResult> earlier = store.appliedCommand(metadata.commandId()).await().atMost(WAIT);
            if (earlier.isPresent()) {
                return receipt(metadata.commandId(), earlier.get(), List.of());
            }
        }
        ContainerRunSpec spec = request.spec();
        String name = request.name() == null || request.name().isBlank() ? null
                : ContainerIds.requireName(request.name());
        hostAccess.authorize(name, request.image(), spec, metadata);
        Map<String, String> constraints = request.constraintMap();
        var reads = Uni.combine().all().unis(images.findHostsWith(request.image()), fleet.findHosts(),
                name == null ? Uni.createFrom().item(List.<StoredEvent>of()) : names.history(name))
                .asTuple().await().atMost(WAIT);
        Map<String, String> imageHosts = reads.getItem1();
        if (imageHosts.isEmpty()) {
            throw new NotFound("no host has image '" + request.image() + "'; import it first");
        }
        Placement.Decision placed = Placement.choose(new PlacementRequest(request.host(), constraints,
                imageHosts.keySet(), spec.memoryBytes()), reads.getItem2());
        String containerId = ContainerIds.newId();
        // a default name comes from the fresh id: nobody can hold it, its claim stream is new
        String finalName = name == null ? ContainerIds.defaultName(containerId) : name;
        var command = new RunContainer(containerId, finalName, request.image(), imageHosts.get(placed.hostId()), spec,
                placed.hostId(), placed.reason(), request.startAfterCreate());
        List<Object> events = new Container(containerId).decide(command);
        var creation = new StreamAppend(ContainerIds.streamId(containerId), ExpectedVersion.noStream(), events,
                metadata);
        List<StoredEvent> claims = reads.getItem3();
        for (int attempt = 0; ; attempt++) {
            var shares = new ArrayList<StreamAppend>(2);
            names.claim(finalName, containerId, claims, metadata).ifPresent(shares::add);
            shares.add(creation);
            try {
                List<AppendResult> results = store.appendAll(shares).await().atMost(WAIT);
                return receipt(metadata.commandId(), results.get(results.size() - 1), events);
            } catch (AppendConflict conflict) {
                if (!conflict.streamId().equals(ContainerIds.nameStreamId(finalName))) {
                    throw conflict;
                }
                if (attempt >= CONFLICT_RETRIES) {
                    throw new CommandRefused("the name '" + finalName + "' is being claimed concurrently; try again");
                }
                // someone claimed or released the name meanwhile: read it again and decide again
                claims = names.history(finalName).await().atMost(WAIT);
            }
        }
    }

    /** Decides {@code command} for the container named by {@code idOrName} and appends its events. */
    public CommandReceipt handle(String idOrName, Object command, EventMetadata requestMetadata) {
        EventMetadata metadata = CommandIds.assign(requestMetadata);
        Optional<AppendResult> earlier = store.appliedCommand(metadata.commandId()).await().atMost(WAIT);
        if (earlier.isPresent()) {
            return receipt(metadata.commandId(), earlier.get(), List.of());
        }
        String containerId = resolve(idOrName);
        String stream = ContainerIds.streamId(containerId);
        for (int attempt = 0; ; attempt++) {
            List<StoredEvent> history = store.readStream(stream).await().atMost(WAIT);
            Container container = Container.replay(containerId, history.stream().map(store.types()::decode).toList());
            List<Object> events = container.decide(command);
            if (events.isEmpty()) {
                return new CommandReceipt(metadata.commandId(), stream, containerId, List.of(), false, null, null);
            }
            try {
                AppendResult result = store.appendRecords(stream, ExpectedVersion.exactly(container.version()), events,
                        metadata).await().atMost(WAIT);
                return receipt(metadata.commandId(), result, events);
            } catch (AppendConflict conflict) {
                if (attempt >= CONFLICT_RETRIES) {
                    throw conflict;
                }
            }
        }
    }

    /** The container as its stream has it now (never behind the log). */
    public ContainerView inspect(String idOrName) {
        String containerId = resolve(idOrName);
        ContainerView view = fold(containerId);
        if (view == null) {
            throw new NotFound("no container " + idOrName);
        }
        return view;
    }

    /** The container's history, oldest first, with metadata (actor, source) and positions. */
    public List<StoredEvent> history(String idOrName) {
        return store.readStream(ContainerIds.streamId(resolve(idOrName))).await().atMost(WAIT);
    }

    ContainerView fold(String containerId) {
        ContainerView view = null;
        for (StoredEvent event : store.readStream(ContainerIds.streamId(containerId)).await().atMost(WAIT)) {
            view = ContainerView.apply(view, store.types().decode(event), event);
        }
        return view;
    }

    /** Containers not removed, from {@code container_view}; every filter is optional. */
    public List<ContainerView> list(String host, String state, String label, String image, String name) {
        host = blankToNull(host);
        state = blankToNull(state);
        label = blankToNull(label);
        image = blankToNull(image);
        name = blankToNull(name);
        var where = new ArrayList<String>();
        var args = Tuple.tuple();
        if (host != null) {
            args.addString(host);
            where.add("host_id = $" + args.size());
        }
        if (state != null) {
            args.addString(state.toLowerCase());
            where.add("state = $" + args.size());
        }
        if (label != null) {
            int eq = label.indexOf('=');
            if (eq < 0) {
                args.addString(label);
                where.add("labels ? $" + args.size());
            } else {
                args.addString(label.substring(0, eq));
                args.addString(label.substring(eq + 1));
                where.add("labels ->> $" + (args.size() - 1) + " = $" + args.size());
            }
        }
        if (image != null) {
            args.addString(image);
            where.add("(image = $" + args.size() + " OR view ->> 'imageId' = $" + args.size() + ")");
        }
        if (name != null) {
            args.addString("%" + name.replace("%", "\\%").replace("_", "\\_") + "%");
            where.add("name LIKE $" + args.size());
        }
        String sql = "SELECT view::text FROM container_view" + (where.isEmpty() ? "" : " WHERE "
                + String.join(" AND ", where)) + " ORDER BY (view ->> 'createdAt') DESC, container_id";
        var views = new ArrayList<ContainerView>();
        for (Row row : pool.preparedQuery(sql).execute(args).await().atMost(WAIT)) {
            try {
                views.add(mapper.readValue(row.getString(0), ContainerView.class));
            } catch (Exception e) {
                throw new IllegalStateException("container_view row is not a ContainerView", e);
            }
        }
        return views;
    }

    /**
     * A full id, a name (by its claim, so never behind the log) or a unique id prefix of at least
     * three characters (from the view).
     */
    public String resolve(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw new InvalidCommand("a container id or name is required");
        }
        if (ContainerIds.ID.matcher(idOrName).matches()) {
            return idOrName;
        }
        String name = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
        if (ContainerIds.NAME.matcher(name).matches()) {
            Optional<String> holder = names.holder(name);
            if (holder.isPresent()) {
                return holder.get();
            }
        }
        if (idOrName.matches("^[0-9a-f]{3,63}$")) {
            var matches = new ArrayList<String>();
            for (Row row : pool.preparedQuery("SELECT container_id FROM container_view WHERE container_id LIKE $1"
                    + " LIMIT 2").execute(Tuple.of(idOrName + "%")).await().atMost(WAIT)) {
                matches.add(row.getString(0));
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw new InvalidCommand("'" + idOrName + "' matches more than one container; give more of the id");
            }
        }
        throw new NotFound("no container " + idOrName);
    }

    /**
     * Follows the container's stream until it reaches {@code state} (running, exited, removed),
     * the host reports a failure, or {@code timeout} passes. "Running" counts once a start was
     * reported after {@code afterVersion}, even if the process has exited since.
     */
    public CommandReceipt await(CommandReceipt receipt, String state, Duration timeout) {
        if (state == null) {
            return receipt;
        }
        if (!List.of("running", "exited", "removed").contains(state)) {
            throw new InvalidCommand("wait must be running, exited or removed, got '" + state + "'");
        }
        long after = receipt.events().isEmpty() ? 0 : receipt.events().get(0).version() - 1;
        Instant deadline = Instant.now().plus(timeout);
        String stream = receipt.streamId();
        // taken before the stream is read, so an append in between is not missed
        var nextAppend = signals.nextAppend(stream);
        List<StoredEvent> history = store.readStream(stream).await().atMost(WAIT);
        ContainerView view = null;
        String reached = null;
        int folded = 0; // how much of history view and reached cover: a wake folds only what it added
        try {
            while (true) {
                for (StoredEvent event : history.subList(folded, history.size())) {
                    view = ContainerView.apply(view, store.types().decode(event), event);
                    if (event.streamVersion() <= after) {
                        continue;
                    }
                    switch (event.type()) {
                        case "container.started" -> reached = "running".equals(state) ? "running" : reached;
                        case "container.exited", "container.stopped" -> reached = "exited".equals(state) ? "exited"
                                : reached;
                        case "container.removed" -> reached = "removed".equals(state) ? "removed" : reached;
                        case "container.instruction-failed" -> reached = "failed";
                        default -> { }
                    }
                }
                folded = history.size();
                if (reached == null && view != null && receipt.events().isEmpty() && state.equals(view.state())) {
                    reached = state; // a command that changed nothing: the state may already hold
                }
                if (reached != null) {
                    return receipt.withOutcome(reached, view);
                }
                if (Instant.now().isAfter(deadline)) {
                    return receipt.withOutcome("timeout", view);
                }
                // woken by the report ingestion's append, here or (notified) on another replica
                long poll = (notifications.listening() ? WAIT_POLL_LISTENING : WAIT_POLL).toMillis();
                Optional<AppendSignals.Appended> appended;
                try {
                    appended = signals.await(stream, nextAppend, Math.min(poll,
                            Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return receipt.withOutcome("timeout", view);
                }
                List<StoredEvent> extended = appended.isEmpty() ? null : followedBy(history, appended.get().events());
                if (extended != null) {
                    // this process's append, committed: its events continue what was read
                    nextAppend = appended.get().following();
                    history = extended;
                } else {
                    nextAppend = appended.map(AppendSignals.Appended::following)
                            .orElseGet(() -> signals.nextAppend(stream));
                    history = store.readStream(stream).await().atMost(WAIT);
                    view = null;
                    reached = null;
                    folded = 0;
                }
            }
        } finally {
            signals.release(stream, nextAppend);
        }
    }

    /**
     * {@code history} continued by {@code appended} (an append's events, in version order), or
     * null when they do not continue it — announced by another replica without events, or after a
     * gap — and the stream must be read.
     */
    static List<StoredEvent> followedBy(List<StoredEvent> history, List<StoredEvent> appended) {
        if (appended.isEmpty()) {
            return null;
        }
        long last = history.isEmpty() ? 0 : history.get(history.size() - 1).streamVersion();
        if (appended.get(appended.size() - 1).streamVersion() <= last) {
            return history; // read already (the append came between taking the wait and the read)
        }
        if (appended.get(0).streamVersion() != last + 1) {
            return null;
        }
        var extended = new ArrayList<StoredEvent>(history.size() + appended.size());
        extended.addAll(history);
        extended.addAll(appended);
        return extended;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    CommandReceipt receipt(String commandId, AppendResult result, List<?> events) {
        List<EventRef> refs = positions.of(result, events);
        String id = result.streamId().substring(result.streamId().indexOf('-') + 1);
        return new CommandReceipt(commandId, result.streamId(), id, refs, result.alreadyApplied(), null, null);
    }
}

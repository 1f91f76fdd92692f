package io.berth.controlplane.images;

import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.containers.CommandIds;
import io.berth.controlplane.containers.CommandReceipt;
import io.berth.controlplane.containers.CommandReceipt.EventRef;
import io.berth.controlplane.containers.EventPositions;
import io.berth.controlplane.containers.FleetViews;
import io.berth.controlplane.eventstore.AppendResult;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.LogCursor;
import io.berth.controlplane.placement.FleetLoad;
import io.berth.controlplane.placement.HostLoad;
import io.berth.controlplane.placement.PlacementRefused;
import io.berth.protocol.images.ImageEvents.ImageImportRequested;
import io.berth.protocol.images.ImageEvents.ImageRemoveRequested;
import io.berth.protocol.images.ImageEvents.ImageTagRequested;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Image commands and queries. Images live per host; a command on an image held by several hosts
 * applies on each (or on the one named). Commands append "…requested" events that the dispatcher
 * sends to the hosts; the hosts' reports update the views.
 */
@ApplicationScoped
public class ImageService {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String COLUMNS = "image_id, host_id, manifest_digest, refs, size_bytes, parent_image_id,"
            + " created_by, container_id, author, comment, recorded_at";

    private final Pool pool;
    private final EventStore store;
    private final Uploads uploads;
    private final FleetLoad fleet;
    private final EventPositions positions;
    private final FleetViews views;

    public ImageService(Pool pool, EventStore store, Uploads uploads, FleetLoad fleet, EventPositions positions,
            FleetViews views) {
        this.views = views;
        this.pool = pool;
        this.store = store;
        this.uploads = uploads;
        this.fleet = fleet;
        this.positions = positions;
    }

    public List<ImageView> onHost(String hostId) {
        return query("SELECT " + COLUMNS + " FROM image_view WHERE host_id = $1 ORDER BY recorded_at DESC",
                Tuple.of(hostId));
    }

    public List<ImageSummary> fleetWide() {
        Map<String, List<ImageView>> byId = new LinkedHashMap<>();
        for (ImageView v : query("SELECT " + COLUMNS + " FROM image_view ORDER BY recorded_at DESC", Tuple.tuple())) {
            byId.computeIfAbsent(v.imageId(), id -> new ArrayList<>()).add(v);
        }
        var out = new ArrayList<ImageSummary>();
        byId.forEach((id, views) -> {
            var refs = new LinkedHashSet<String>();
            views.forEach(v -> refs.addAll(v.references()));
            out.add(new ImageSummary(id, List.copyOf(refs), views.stream().map(ImageView::hostId).sorted().toList(),
                    views.stream().mapToLong(ImageView::sizeBytes).max().orElse(0), views.get(0).parentImageId()));
        });
        return out;
    }

    /** The image on every host that holds it (optionally just {@code hostId}); 404 when none. */
    public List<ImageView> inspect(String image, String hostId) {
        List<ImageView> found;
        if (ImageReferences.isImageId(image)) {
            found = query("SELECT " + COLUMNS + " FROM image_view WHERE image_id LIKE $1 || '%' ORDER BY host_id",
                    Tuple.of(ImageReferences.idPrefix(image)));
        } else {
            found = query("SELECT " + COLUMNS + " FROM image_view WHERE $1 = ANY(refs) ORDER BY host_id",
                    Tuple.of(ImageReferences.normalize(image)));
        }
        if (hostId != null) {
            found = found.stream().filter(v -> v.hostId().equals(hostId)).toList();
        }
        if (found.isEmpty()) {
            throw new NotFound("no image " + image + (hostId == null ? "" : " on host " + hostId));
        }
        if (found.stream().map(ImageView::imageId).distinct().count() > 1 && ImageReferences.isImageId(image)) {
            throw new InvalidCommand("'" + image + "' matches more than one image; give more of the id");
        }
        return found;
    }

    /** The image and its ancestors, newest first, as the hosts reported them (import or commit). */
    public List<ImageView> history(String image, String hostId) {
        ImageView current = inspect(image, hostId).get(0);
        var chain = new ArrayList<ImageView>();
        var seen = new LinkedHashSet<String>();
        while (current != null && seen.add(current.imageId())) {
            chain.add(current);
            if (current.parentImageId() == null) {
                break;
            }
            List<ImageView> parent = query("SELECT " + COLUMNS + " FROM image_view WHERE image_id = $1 AND host_id = $2",
                    Tuple.of(current.parentImageId(), current.hostId()));
            current = parent.isEmpty() ? null : parent.get(0);
        }
        return chain;
    }

    public CommandReceipt tag(String image, String reference, String hostId, EventMetadata requestMetadata) {
        String normalized = ImageReferences.normalize(reference);
        EventMetadata metadata = CommandIds.assign(requestMetadata);
        return perHost(inspect(image, hostId), metadata, v -> new ImageTagRequested(v.imageId(), v.hostId(),
                normalized));
    }

    public CommandReceipt remove(String image, String hostId, boolean force, EventMetadata requestMetadata) {
        EventMetadata metadata = CommandIds.assign(requestMetadata);
        String reference = ImageReferences.isImageId(image) ? null : ImageReferences.normalize(image);
        return perHost(inspect(image, hostId), metadata, v -> new ImageRemoveRequested(v.imageId(), v.hostId(),
                reference, force));
    }

    /** Stores the archive and asks {@code hostId} (or the least loaded host) to import it. */
    public CommandReceipt importArchive(InputStream body, String hostId, String repository,
            EventMetadata requestMetadata) {
        EventMetadata metadata = CommandIds.assign(requestMetadata);
        if (repository != null && !repository.isBlank()) {
            ImageReferences.normalize(repository);
        }
        String target = chooseHost(hostId);
        Uploads.Stored stored = uploads.store(body);
        AppendResult result = store.appendRecords(ImageReferences.uploadStreamId(stored.uploadId()),
                ExpectedVersion.noStream(), List.of(new ImageImportRequested(stored.uploadId(), target,
                        repository == null || repository.isBlank() ? null : repository, stored.sizeBytes())),
                metadata).await().atMost(WAIT);
        return new CommandReceipt(metadata.commandId(), result.streamId(), stored.uploadId(), positions.of(result),
                result.alreadyApplied(), null, null);
    }

    /**
     * Follows the log until the hosts answered the command ({@code image.imported},
     * {@code image.tagged}, … caused by it) or failed, or {@code timeout} passes.
     */
    public CommandReceipt await(CommandReceipt receipt, boolean wait, Duration timeout) {
        if (!wait) {
            return receipt;
        }
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            var answers = new ArrayList<String>();
            LogCursor last = LogCursor.START;
            for (Row row : pool.preparedQuery("SELECT event_type, stream_id, tx_id::text, position FROM events"
                    + " WHERE metadata ->> 'causationId' = $1 ORDER BY position").execute(Tuple.of(receipt.commandId()))
                    .await().atMost(WAIT)) {
                answers.add(row.getString(0) + " " + row.getString(1));
                LogCursor at = new LogCursor(Long.parseUnsignedLong(row.getString(2)), row.getLong(3));
                last = at.compareTo(last) > 0 ? at : last;
            }
            if (answers.stream().anyMatch(a -> a.contains("failed"))) {
                return receipt.withOutcome("failed", answers);
            }
            // done once the image views show the answer too: a run right after an import that
            // waited must find the image (read your own writes)
            if (!answers.isEmpty() && views.checkpoint().compareTo(last) >= 0) {
                return receipt.withOutcome("done", answers);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return receipt.withOutcome("timeout", null);
    }

    private String chooseHost(String hostId) {
        List<HostLoad> hosts = fleet.hosts();
        if (hostId != null) {
            HostLoad host = hosts.stream().filter(h -> h.hostId().equals(hostId)).findFirst()
                    .orElseThrow(() -> new NotFound("no host " + hostId));
            if (!host.schedulable()) {
                throw new PlacementRefused("host " + hostId + " cannot take the import: " + host.unschedulableReason());
            }
            return hostId;
        }
        return hosts.stream().filter(HostLoad::schedulable)
                .min(Comparator.comparingInt(HostLoad::running).thenComparing(HostLoad::hostId))
                .orElseThrow(() -> new PlacementRefused("no schedulable host to import the image on"))
                .hostId();
    }

    private CommandReceipt perHost(List<ImageView> targets, EventMetadata metadata,
            java.util.function.Function<ImageView, Object> event) {
        var refs = new ArrayList<EventRef>();
        String stream = null;
        boolean again = false;
        for (ImageView v : targets) {
            String commandId = targets.size() == 1 ? metadata.commandId()
                    : CommandIds.derived(metadata.commandId(), v.hostId());
            AppendResult result = store.appendRecords(ImageReferences.imageStreamId(v.imageId()), ExpectedVersion.any(),
                    List.of(event.apply(v)), metadata.withCommandId(commandId)).await().atMost(WAIT);
            refs.addAll(positions.of(result));
            stream = result.streamId();
            again |= result.alreadyApplied();
        }
        return new CommandReceipt(metadata.commandId(), stream, targets.get(0).imageId(), refs, again, null, null);
    }

    private List<ImageView> query(String sql, Tuple args) {
        var out = new ArrayList<ImageView>();
        for (Row row : pool.preparedQuery(sql).execute(args).await().atMost(WAIT)) {
            out.add(new ImageView(row.getString(0), row.getString(1), row.getString(2),
                    Arrays.asList(row.getArrayOfStrings(3)), row.getLong(4), row.getString(5), row.getString(6),
                    row.getString(7), row.getString(8), row.getString(9),
                    row.getOffsetDateTime(10).toInstant()));
        }
        return out;
    }
}

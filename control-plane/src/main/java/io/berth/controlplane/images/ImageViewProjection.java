package io.berth.controlplane.images;

import io.berth.controlplane.eventstore.EventTypeRegistry;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.images.ImageEvents.ImageCommitted;
import io.berth.protocol.images.ImageEvents.ImageImported;
import io.berth.protocol.images.ImageEvents.ImageRemoved;
import io.berth.protocol.images.ImageEvents.ImageTagged;
import io.berth.protocol.images.ImageEvents.ImageUntagged;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@code image_view}: one row per image per host, with its names (normalized), parent and,
 * for commits, the container, author and comment. A tag moves: tagging an image on a host takes
 * the name from whichever image on that host had it.
 */
@ApplicationScoped
public class ImageViewProjection {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final EventTypeRegistry types;

    public ImageViewProjection(EventTypeRegistry types) {
        this.types = types;
    }

    public void apply(SqlConnection tx, List<StoredEvent> batch) {
        for (StoredEvent stored : batch) {
            if (!stored.type().startsWith("image.") || !types.knows(stored.type(), stored.schemaVersion())) {
                continue;
            }
            Object event = types.decode(stored);
            OffsetDateTime at = OffsetDateTime.ofInstant(stored.recordedAt(), ZoneOffset.UTC);
            if (event instanceof ImageImported e) {
                upsert(tx, e.imageId(), e.hostId(), e.manifestDigest(), normalized(e.references()), e.sizeBytes(),
                        e.parentImageId(), "import", null, null, null, stored.position(), at);
            } else if (event instanceof ImageCommitted e) {
                upsert(tx, e.imageId(), e.hostId(), e.manifestDigest(),
                        e.reference() == null ? List.of() : normalized(List.of(e.reference())), 0, e.parentImageId(),
                        "commit", e.containerId(), e.author(), e.comment(), stored.position(), at);
            } else if (event instanceof ImageTagged e) {
                String ref = ImageReferences.normalize(e.reference());
                tx.preparedQuery("UPDATE image_view SET refs = array_remove(refs, $1) WHERE host_id = $2 AND $1 = ANY(refs)")
                        .execute(Tuple.of(ref, e.hostId())).await().atMost(WAIT);
                tx.preparedQuery("UPDATE image_view SET refs = array_append(refs, $1) WHERE host_id = $2 AND image_id = $3")
                        .execute(Tuple.of(ref, e.hostId(), e.imageId())).await().atMost(WAIT);
            } else if (event instanceof ImageUntagged e) {
                tx.preparedQuery("UPDATE image_view SET refs = array_remove(refs, $1) WHERE host_id = $2 AND image_id = $3")
                        .execute(Tuple.of(ImageReferences.normalize(e.reference()), e.hostId(), e.imageId()))
                        .await().atMost(WAIT);
            } else if (event instanceof ImageRemoved e) {
                tx.preparedQuery("DELETE FROM image_view WHERE image_id = $1 AND host_id = $2")
                        .execute(Tuple.of(e.imageId(), e.hostId())).await().atMost(WAIT);
            }
        }
    }

    public void reset(SqlConnection tx) {
        tx.query("DELETE FROM image_view").execute().await().atMost(WAIT);
    }

    private static List<String> normalized(List<String> refs) {
        var out = new ArrayList<String>();
        for (String ref : refs) {
            try {
                out.add(ImageReferences.normalize(ref));
            } catch (RuntimeException notAName) {
                // a host may report a reference we cannot parse; keep the image, skip the name
            }
        }
        return out;
    }

    private static void upsert(SqlConnection tx, String imageId, String hostId, String digest, List<String> refs,
            long size, String parent, String createdBy, String containerId, String author, String comment,
            long position, OffsetDateTime at) {
        // names this image now has are taken from other images on the host, as a tag moves
        for (String ref : refs) {
            tx.preparedQuery("UPDATE image_view SET refs = array_remove(refs, $1) WHERE host_id = $2 AND image_id <> $3")
                    .execute(Tuple.of(ref, hostId, imageId)).await().atMost(WAIT);
        }
        tx.preparedQuery("""
                        INSERT INTO image_view (image_id, host_id, manifest_digest, refs, size_bytes, parent_image_id,
                                                created_by, container_id, author, comment, position, recorded_at)
                        VALUES ($1, $2, nullif($3, ''), $4, $5, nullif($6, ''), $7, nullif($8, ''), nullif($9, ''),
                                nullif($10, ''), $11, $12)
                        ON CONFLICT (image_id, host_id) DO UPDATE SET
                            manifest_digest = coalesce(EXCLUDED.manifest_digest, image_view.manifest_digest),
                            refs = ARRAY(SELECT DISTINCT unnest(image_view.refs || EXCLUDED.refs)),
                            size_bytes = greatest(EXCLUDED.size_bytes, image_view.size_bytes),
                            parent_image_id = coalesce(EXCLUDED.parent_image_id, image_view.parent_image_id),
                            created_by = coalesce(image_view.created_by, EXCLUDED.created_by),
                            container_id = coalesce(image_view.container_id, EXCLUDED.container_id),
                            author = coalesce(image_view.author, EXCLUDED.author),
                            comment = coalesce(image_view.comment, EXCLUDED.comment)
                        """)
                .execute(Tuple.tuple(List.of(imageId, hostId, digest == null ? "" : digest,
                        refs.toArray(String[]::new), size, parent == null ? "" : parent, createdBy,
                        containerId == null ? "" : containerId, author == null ? "" : author,
                        comment == null ? "" : comment, position, at)))
                .await().atMost(WAIT);
    }
}

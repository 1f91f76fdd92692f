package io.berth.controlplane.images;

import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.images.ImageEvents.ImageImported;
import io.berth.protocol.images.ImageHistoryEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An image's layers and history steps, newest first as {@code docker history} lists them. They
 * come from the image's own stream — the host reported them with the image (an import reads the
 * archive's config, a commit adds its step) — so they are never behind the log and need no view.
 */
@ApplicationScoped
public class ImageLayers {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ImageService images;
    private final EventStore store;

    public ImageLayers(ImageService images, EventStore store) {
        this.images = images;
        this.store = store;
    }

    /**
     * The steps of {@code image} as {@code hostId} (or the first host holding it) last reported
     * them; empty for an image stored before hosts reported history.
     */
    public List<ImageHistoryEntry> of(String image, String hostId) {
        ImageView view = images.inspect(image, hostId).get(0);
        List<ImageHistoryEntry> latest = List.of();
        for (StoredEvent stored : store.readStream(ImageReferences.imageStreamId(view.imageId())).await().atMost(WAIT)) {
            if (store.types().knows(stored.type(), stored.schemaVersion())
                    && store.types().decode(stored) instanceof ImageImported imported
                    && imported.hostId().equals(view.hostId()) && !imported.history().isEmpty()) {
                latest = imported.history();
            }
        }
        List<ImageHistoryEntry> newestFirst = new ArrayList<>(latest);
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}

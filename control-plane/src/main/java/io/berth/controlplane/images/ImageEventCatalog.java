package io.berth.controlplane.images;

import io.berth.controlplane.eventstore.EventCatalog;
import io.berth.protocol.images.ImageEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Registers the image events (streams {@code image-<id>}, {@code repository-<name>}, {@code image-upload.<id>}). */
@ApplicationScoped
public class ImageEventCatalog implements EventCatalog {

    @Override
    public List<Class<? extends Record>> eventTypes() {
        return ImageEvents.TYPES;
    }
}

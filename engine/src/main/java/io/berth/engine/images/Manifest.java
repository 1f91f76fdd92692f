package io.berth.engine.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An image manifest: one config and its layers, bottom first. The same shape serves the
 * OCI manifest and the Docker v2 schema 2 manifest; {@link #mediaType} tells which.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Manifest(
        int schemaVersion,
        String mediaType,
        Descriptor config,
        List<Descriptor> layers,
        Map<String, String> annotations) {

    public Manifest {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("unsupported manifest schemaVersion " + schemaVersion + " (want 2)");
        }
        if (config == null) {
            throw new IllegalArgumentException("manifest has no config descriptor");
        }
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    public static Manifest oci(Descriptor config, List<Descriptor> layers) {
        return new Manifest(2, MediaTypes.OCI_MANIFEST, config, layers, null);
    }
}

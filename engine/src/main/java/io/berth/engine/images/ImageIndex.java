package io.berth.engine.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI image index or a Docker manifest list: manifests per platform. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        List<Descriptor> manifests,
        Map<String, String> annotations) {

    public ImageIndex {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("unsupported index schemaVersion " + schemaVersion + " (want 2)");
        }
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
    }

    public static ImageIndex oci(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaTypes.OCI_INDEX, manifests, null);
    }

    /** The first manifest for {@code platform}; an entry without a platform matches any. */
    public Optional<Descriptor> forPlatform(Platform platform) {
        return manifests.stream()
                .filter(d -> d.platform() == null || d.platform().matches(platform))
                .findFirst();
    }
}

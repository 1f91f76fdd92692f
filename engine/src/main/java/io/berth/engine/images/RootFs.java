package io.berth.engine.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.engine.content.Digest;
import java.util.List;

/** The uncompressed layer digests (diff ids), bottom first. {@code type} is always "layers". */
public record RootFs(
        @JsonProperty("type") String type,
        @JsonProperty("diff_ids") List<Digest> diffIds) {

    public RootFs {
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
    }

    public static RootFs layers(List<Digest> diffIds) {
        return new RootFs("layers", diffIds);
    }
}

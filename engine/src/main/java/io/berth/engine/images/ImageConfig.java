package io.berth.engine.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The OCI image configuration (also Docker's): platform, container defaults, the layers'
 * diff ids and the history. Fields Berth does not model are dropped when read, so a
 * config is never rewritten from this record where its digest must be kept: the stored
 * bytes stay the truth.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageConfig(
        @JsonProperty("created") Instant created,
        @JsonProperty("author") String author,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("variant") String variant,
        @JsonProperty("config") ContainerConfig config,
        @JsonProperty("rootfs") RootFs rootfs,
        @JsonProperty("history") List<HistoryEntry> history) {

    public ImageConfig {
        if (rootfs == null) {
            throw new IllegalArgumentException("image config has no rootfs");
        }
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** The container defaults, never null. */
    public ContainerConfig containerConfig() {
        return config == null ? ContainerConfig.EMPTY : config;
    }
}

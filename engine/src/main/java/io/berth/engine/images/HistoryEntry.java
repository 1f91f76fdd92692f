package io.berth.engine.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One step in an image's history, as {@code docker history} lists it. An entry with
 * {@code emptyLayer} true (ENV, CMD, …) has no layer; the others match the layers in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntry(
        @JsonProperty("created") Instant created,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("author") String author,
        @JsonProperty("comment") String comment,
        @JsonProperty("empty_layer") Boolean emptyLayer) {

    public boolean isEmptyLayer() {
        return Boolean.TRUE.equals(emptyLayer);
    }
}

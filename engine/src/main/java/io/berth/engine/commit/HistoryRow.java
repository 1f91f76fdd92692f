package io.berth.engine.commit;

import io.berth.engine.content.Digest;
import java.time.Instant;

/**
 * One line of {@code docker history}.
 *
 * @param imageId    the image's id on the newest line, null on the others (Docker prints {@code <missing>})
 * @param created    when the step ran (null when the history does not say)
 * @param createdBy  the step's command
 * @param author     who made the step (may be null)
 * @param comment    the step's comment (may be null)
 * @param size       the layer blob's size in bytes as stored (compressed); 0 for an empty layer
 * @param emptyLayer true for steps that changed only the config (ENV, CMD, …)
 * @param diffId     the step's layer, null for an empty layer
 */
public record HistoryRow(Digest imageId, Instant created, String createdBy, String author, String comment,
                         long size, boolean emptyLayer, Digest diffId) {
}

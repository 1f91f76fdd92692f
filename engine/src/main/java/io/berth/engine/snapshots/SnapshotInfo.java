package io.berth.engine.snapshots;

import java.time.Instant;

/**
 * What a snapshot is: its key (the chain id for a committed one), kind, parent chain id
 * (null for a base layer or an empty snapshot) and when it was created.
 */
public record SnapshotInfo(String key, SnapshotKind kind, String parent, Instant created) {
}

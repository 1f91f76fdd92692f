package io.berth.engine.snapshots;

/** The three kinds of snapshot; see {@link Snapshotter}. */
public enum SnapshotKind {
    COMMITTED, ACTIVE, VIEW
}

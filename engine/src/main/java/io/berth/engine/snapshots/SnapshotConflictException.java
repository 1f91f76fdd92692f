package io.berth.engine.snapshots;

/** The operation contradicts the snapshots that exist: a key in use, a layer still stacked on, a wrong kind. */
public class SnapshotConflictException extends RuntimeException {
    public SnapshotConflictException(String message) {
        super(message);
    }
}

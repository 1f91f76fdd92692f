package io.berth.engine.snapshots;

/** No snapshot has the key or name asked for. */
public class SnapshotNotFoundException extends RuntimeException {
    public SnapshotNotFoundException(String message) {
        super(message);
    }
}

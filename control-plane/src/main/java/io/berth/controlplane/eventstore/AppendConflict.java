package io.berth.controlplane.eventstore;

/**
 * Optimistic concurrency: the stream was not at the expected version (another writer appended
 * first). Nothing was appended. The REST layer answers 409; a command handler reloads and decides
 * again.
 */
public class AppendConflict extends RuntimeException {

    private final String streamId;
    private final ExpectedVersion expected;
    private final long actual;

    public AppendConflict(String streamId, ExpectedVersion expected, long actual) {
        super("stream " + streamId + " is at version " + (actual < 0 ? "unknown (concurrent append)" : actual)
                + ", expected " + expected);
        this.streamId = streamId;
        this.expected = expected;
        this.actual = actual;
    }

    public String streamId() {
        return streamId;
    }

    public ExpectedVersion expected() {
        return expected;
    }

    /** The version found, or -1 when a concurrent append won the race at insert time. */
    public long actual() {
        return actual;
    }
}

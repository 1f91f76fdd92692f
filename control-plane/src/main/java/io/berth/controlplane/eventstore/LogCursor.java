package io.berth.controlplane.eventstore;

/**
 * A place in the global log as followers read it: ordered by the writing transaction, then by
 * position. {@link #START} is before every event.
 */
public record LogCursor(long txId, long position) implements Comparable<LogCursor> {

    public static final LogCursor START = new LogCursor(0, 0);

    @Override
    public int compareTo(LogCursor other) {
        int byTx = Long.compareUnsigned(txId, other.txId);
        return byTx != 0 ? byTx : Long.compare(position, other.position);
    }
}

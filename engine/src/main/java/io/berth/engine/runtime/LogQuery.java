package io.berth.engine.runtime;

import java.time.Instant;

/**
 * Which log entries to read, as {@code docker logs} selects them.
 *
 * @param tail   the last N entries (after filtering by {@code since} and streams); -1 = all
 * @param since  only entries at or after this instant; null = from the beginning
 * @param follow keep reading new entries until the container exits
 * @param stdout include stdout
 * @param stderr include stderr
 */
public record LogQuery(int tail, Instant since, boolean follow, boolean stdout, boolean stderr) {
    public static final LogQuery ALL = new LogQuery(-1, null, false, true, true);

    public LogQuery {
        if (tail < -1) {
            throw new IllegalArgumentException("tail must be -1 (all) or a non-negative count, got " + tail);
        }
        if (!stdout && !stderr) {
            throw new IllegalArgumentException("a log query must include stdout, stderr or both");
        }
    }

    public static LogQuery all() {
        return ALL;
    }

    public LogQuery withTail(int n) {
        return new LogQuery(n, since, follow, stdout, stderr);
    }

    public LogQuery withSince(Instant instant) {
        return new LogQuery(tail, instant, follow, stdout, stderr);
    }

    public LogQuery following() {
        return new LogQuery(tail, since, true, stdout, stderr);
    }

    public LogQuery onlyStdout() {
        return new LogQuery(tail, since, follow, true, false);
    }

    public LogQuery onlyStderr() {
        return new LogQuery(tail, since, follow, false, true);
    }

    boolean accepts(LogEntry entry) {
        if (since != null && entry.timestamp().isBefore(since)) {
            return false;
        }
        return entry.stream() == StdStream.STDOUT ? stdout : stderr;
    }
}

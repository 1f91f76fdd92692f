package io.berth.engine.runtime;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Parses conmon's {@code k8s-file} log format, one chunk per line:
 * {@code <RFC3339Nano timestamp> <stdout|stderr> <F|P> <text>}. {@code P} marks a partial
 * chunk (the process wrote more than conmon's buffer, or no newline yet); the following
 * chunks of the same stream up to an {@code F} complete the line. The parser joins them
 * into one {@link LogEntry} stamped with the first chunk's time. Stateful, not thread-safe.
 */
public final class K8sFileLogParser {
    /** One line of the log file. */
    record Chunk(Instant timestamp, StdStream stream, boolean partial, String text) {
    }

    private record Pending(Instant timestamp, StringBuilder text) {
    }

    private final Map<StdStream, Pending> pending = new EnumMap<>(StdStream.class);

    /** Parses one line of the file (without its newline). */
    static Chunk parseChunk(String line) {
        int s1 = line.indexOf(' ');
        int s2 = s1 < 0 ? -1 : line.indexOf(' ', s1 + 1);
        if (s2 < 0) {
            throw new IllegalArgumentException("malformed k8s-file log line: '" + abbreviate(line) + "'");
        }
        int s3 = line.indexOf(' ', s2 + 1);
        String tag = s3 < 0 ? line.substring(s2 + 1) : line.substring(s2 + 1, s3);
        String text = s3 < 0 ? "" : line.substring(s3 + 1);
        Instant timestamp;
        try {
            timestamp = OffsetDateTime.parse(line.substring(0, s1)).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("malformed k8s-file log timestamp in '" + abbreviate(line) + "'");
        }
        StdStream stream = StdStream.fromLogName(line.substring(s1 + 1, s2));
        boolean partial = switch (tag) {
            case "P" -> true;
            case "F" -> false;
            default -> throw new IllegalArgumentException("malformed k8s-file log tag '" + tag + "' in '" + abbreviate(line) + "'");
        };
        return new Chunk(timestamp, stream, partial, text);
    }

    /** Feeds one line of the file; returns the entry it completes, if any. */
    public List<LogEntry> accept(String line) {
        Chunk chunk = parseChunk(line);
        Pending p = pending.get(chunk.stream());
        if (chunk.partial()) {
            if (p == null) {
                pending.put(chunk.stream(), new Pending(chunk.timestamp(), new StringBuilder(chunk.text())));
            } else {
                p.text().append(chunk.text());
            }
            return List.of();
        }
        if (p == null) {
            return List.of(new LogEntry(chunk.timestamp(), chunk.stream(), chunk.text()));
        }
        pending.remove(chunk.stream());
        return List.of(new LogEntry(p.timestamp(), chunk.stream(), p.text().append(chunk.text()).toString()));
    }

    /**
     * Ends the log: partial lines still pending (the process exited without a final
     * newline and conmon never wrote an {@code F}) become entries.
     */
    public List<LogEntry> finish() {
        List<LogEntry> out = new ArrayList<>();
        pending.forEach((stream, p) -> out.add(new LogEntry(p.timestamp(), stream, p.text().toString())));
        pending.clear();
        out.sort(java.util.Comparator.comparing(LogEntry::timestamp));
        return out;
    }

    /** Parses a whole log's lines. */
    public static List<LogEntry> parseAll(List<String> lines) {
        K8sFileLogParser parser = new K8sFileLogParser();
        List<LogEntry> entries = new ArrayList<>();
        for (String line : lines) {
            if (!line.isEmpty()) {
                entries.addAll(parser.accept(line));
            }
        }
        entries.addAll(parser.finish());
        return entries;
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "…" : line;
    }
}

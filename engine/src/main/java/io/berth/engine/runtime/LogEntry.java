package io.berth.engine.runtime;

import java.time.Instant;

/** One line a container wrote, without its newline, and when conmon received its first byte. */
public record LogEntry(Instant timestamp, StdStream stream, String text) {
}

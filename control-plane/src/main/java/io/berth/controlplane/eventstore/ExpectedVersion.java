package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The stream version an append expects to find: {@link #any()}, {@link #noStream()} (the stream
 * must not exist yet, version 0), {@link #exactly(long)}, or {@link #existing()} (any version, but
 * the stream must exist: facts reported about something the log knows). Stream versions start
 * at 1. In JSON: {@code "any"} or a number ({@code existing} is for the control plane's own use).
 */
public record ExpectedVersion(long value) {

    private static final long ANY = -1;
    private static final long EXISTING = -2;

    public ExpectedVersion {
        if (value < EXISTING) {
            throw new EventRejected("expected version must be \"any\" or a number >= 0, got " + value);
        }
    }

    public static ExpectedVersion any() {
        return new ExpectedVersion(ANY);
    }

    /** Any version of a stream that exists (a conflict when the stream is absent). */
    public static ExpectedVersion existing() {
        return new ExpectedVersion(EXISTING);
    }

    public static ExpectedVersion noStream() {
        return new ExpectedVersion(0);
    }

    public static ExpectedVersion exactly(long version) {
        return new ExpectedVersion(version);
    }

    public boolean isAny() {
        return value == ANY;
    }

    /** Any version, whether or not the stream must exist: a lost race is retried, not a conflict. */
    public boolean acceptsAnyVersion() {
        return value == ANY || value == EXISTING;
    }

    /** Whether a stream now at {@code current} (0 when absent) satisfies this expectation. */
    public boolean matches(long current) {
        return isAny() || (value == EXISTING ? current > 0 : value == current);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ExpectedVersion parse(Object json) {
        if (json == null || "any".equals(json)) {
            return any();
        }
        if (json instanceof Number n) {
            return exactly(n.longValue());
        }
        try {
            return exactly(Long.parseLong(json.toString()));
        } catch (NumberFormatException e) {
            throw new EventRejected("expected version must be \"any\" or a number >= 0, got \"" + json + "\"");
        }
    }

    @JsonValue
    public Object json() {
        return isAny() ? "any" : value == EXISTING ? "existing" : value;
    }

    @Override
    public String toString() {
        return isAny() ? "any" : value == EXISTING ? "an existing stream" : value == 0 ? "no stream"
                : Long.toString(value);
    }
}

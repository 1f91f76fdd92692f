package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The stream version an append expects to find: {@link #any()}, {@link #noStream()} (the stream
 * must not exist yet, version 0) or {@link #exactly(long)}. Stream versions start at 1.
 * In JSON: {@code "any"} or a number.
 */
public record ExpectedVersion(long value) {

    private static final long ANY = -1;

    public ExpectedVersion {
        if (value < ANY) {
            throw new EventRejected("expected version must be \"any\" or a number >= 0, got " + value);
        }
    }

    public static ExpectedVersion any() {
        return new ExpectedVersion(ANY);
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

    /** Whether a stream now at {@code current} (0 when absent) satisfies this expectation. */
    public boolean matches(long current) {
        return isAny() || value == current;
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
        return isAny() ? "any" : value;
    }

    @Override
    public String toString() {
        return isAny() ? "any" : value == 0 ? "no stream" : Long.toString(value);
    }
}

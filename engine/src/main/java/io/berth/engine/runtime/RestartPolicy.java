package io.berth.engine.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;

/**
 * Docker's {@code --restart} policies and the decision they make when a container exits.
 *
 * <ul>
 *   <li>{@code no}: never restart.</li>
 *   <li>{@code on-failure[:N]}: restart after a non-zero exit, at most N times when N is given.</li>
 *   <li>{@code always}: restart after any exit, unless a user stopped the container.</li>
 *   <li>{@code unless-stopped}: like {@code always}; the two differ only when the engine
 *       starts again (see {@link #restartsWhenEngineStarts(boolean)}).</li>
 * </ul>
 * Restarts back off as Docker's do: 100 ms, doubled after each restart, at most one minute.
 *
 * @param maxRetries for {@code on-failure}: the most restarts, 0 = unlimited
 */
public record RestartPolicy(Mode mode, int maxRetries) {
    public enum Mode { NO, ON_FAILURE, ALWAYS, UNLESS_STOPPED }

    public static final RestartPolicy NO = new RestartPolicy(Mode.NO, 0);
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);

    public RestartPolicy {
        if (mode == null) {
            throw new IllegalArgumentException("restart policy mode is missing");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maximum retry count cannot be negative: " + maxRetries);
        }
        if (maxRetries > 0 && mode != Mode.ON_FAILURE) {
            throw new IllegalArgumentException("maximum retry count can only be used with 'on-failure'");
        }
    }

    /** Parses {@code no}, {@code on-failure}, {@code on-failure:N}, {@code always}, {@code unless-stopped}; null or empty is {@code no}. */
    @JsonCreator
    public static RestartPolicy parse(String text) {
        if (text == null || text.isBlank()) {
            return NO;
        }
        String[] parts = text.trim().split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("invalid restart policy '" + text + "'");
        }
        Mode mode = switch (parts[0]) {
            case "no" -> Mode.NO;
            case "on-failure" -> Mode.ON_FAILURE;
            case "always" -> Mode.ALWAYS;
            case "unless-stopped" -> Mode.UNLESS_STOPPED;
            default -> throw new IllegalArgumentException("invalid restart policy '" + text
                + "': expected no, on-failure[:N], always or unless-stopped");
        };
        if (parts.length == 1) {
            return new RestartPolicy(mode, 0);
        }
        if (mode != Mode.ON_FAILURE) {
            throw new IllegalArgumentException("invalid restart policy '" + text + "': a retry count only goes with on-failure");
        }
        int retries;
        try {
            retries = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid restart policy '" + text + "': '" + parts[1] + "' is not a number");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("invalid restart policy '" + text + "': maximum retry count cannot be negative");
        }
        return new RestartPolicy(mode, retries);
    }

    /**
     * What to do when the container's process exited.
     *
     * @param exitCode      the exit code (128 + n after signal n)
     * @param restartCount  how many times the policy already restarted this container
     * @param stoppedByUser whether the exit came from a stop or kill the user asked for
     */
    public RestartDecision decide(int exitCode, int restartCount, boolean stoppedByUser) {
        if (restartCount < 0) {
            throw new IllegalArgumentException("restart count cannot be negative: " + restartCount);
        }
        if (stoppedByUser) {
            return RestartDecision.stay("stopped by the user");
        }
        return switch (mode) {
            case NO -> RestartDecision.stay("restart policy is 'no'");
            case ALWAYS, UNLESS_STOPPED -> RestartDecision.restartAfter(backoff(restartCount));
            case ON_FAILURE -> {
                if (exitCode == 0) {
                    yield RestartDecision.stay("exited with 0 under on-failure");
                }
                if (maxRetries > 0 && restartCount >= maxRetries) {
                    yield RestartDecision.stay("reached the maximum of " + maxRetries + " restarts");
                }
                yield RestartDecision.restartAfter(backoff(restartCount));
            }
        };
    }

    /** Whether a container that was not running when the engine went down is started again when it comes up. */
    public boolean restartsWhenEngineStarts(boolean stoppedByUser) {
        return mode == Mode.ALWAYS || (mode == Mode.UNLESS_STOPPED && !stoppedByUser);
    }

    static Duration backoff(int restartCount) {
        if (restartCount >= 20) {
            return MAX_DELAY;
        }
        Duration d = FIRST_DELAY.multipliedBy(1L << restartCount);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    @JsonValue
    @Override
    public String toString() {
        return switch (mode) {
            case NO -> "no";
            case ON_FAILURE -> maxRetries > 0 ? "on-failure:" + maxRetries : "on-failure";
            case ALWAYS -> "always";
            case UNLESS_STOPPED -> "unless-stopped";
        };
    }
}

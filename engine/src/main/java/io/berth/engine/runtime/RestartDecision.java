package io.berth.engine.runtime;

import java.time.Duration;

/** The outcome of a {@link RestartPolicy}: restart after {@code delay}, or stay exited and why. */
public record RestartDecision(boolean restart, Duration delay, String reason) {
    static RestartDecision restartAfter(Duration delay) {
        return new RestartDecision(true, delay, "restart policy");
    }

    static RestartDecision stay(String reason) {
        return new RestartDecision(false, Duration.ZERO, reason);
    }
}

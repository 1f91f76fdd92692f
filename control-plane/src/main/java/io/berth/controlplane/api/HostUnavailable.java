package io.berth.controlplane.api;

/**
 * A read that only the container's host can answer (its changes, its log) could not reach the
 * host's agent, or the agent did not answer in time: 503, worth retrying later.
 */
public class HostUnavailable extends RuntimeException {
    public HostUnavailable(String message) {
        super(message);
    }
}

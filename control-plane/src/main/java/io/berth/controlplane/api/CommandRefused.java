package io.berth.controlplane.api;

/** An aggregate refused a command given its history (e.g. draining a removed host): 409. */
public class CommandRefused extends RuntimeException {
    public CommandRefused(String message) {
        super(message);
    }
}

package io.berth.controlplane.api;

/** A command whose fields are missing or out of range: 400. */
public class InvalidCommand extends RuntimeException {
    public InvalidCommand(String message) {
        super(message);
    }
}

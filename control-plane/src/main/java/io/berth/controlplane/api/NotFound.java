package io.berth.controlplane.api;

/** The thing asked for does not exist: 404. */
public class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}

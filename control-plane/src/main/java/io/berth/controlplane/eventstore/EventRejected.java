package io.berth.controlplane.eventstore;

/** An append refused for bad input; nothing was appended. The REST layer answers 400 (or 413). */
public class EventRejected extends RuntimeException {

    private final boolean tooLarge;

    public EventRejected(String message) {
        this(message, false);
    }

    public EventRejected(String message, boolean tooLarge) {
        super(message);
        this.tooLarge = tooLarge;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}

package io.berth.engine.commit;

/** A {@code --change} instruction Berth cannot parse or does not support; the message quotes it. */
public class InvalidChangeException extends IllegalArgumentException {
    public InvalidChangeException(String message) {
        super(message);
    }
}

package io.berth.protocol.agent;

/** A message that is not valid JSON, names an unknown type, or has a newer schema than this side reads. */
public class UnreadableMessageException extends RuntimeException {
    public UnreadableMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.berth.engine.content;

import java.io.IOException;

/** A content store operation failed for a reason the caller can act on (not found, mismatch, busy). */
public class ContentException extends IOException {
    public ContentException(String message) {
        super(message);
    }

    public ContentException(String message, Throwable cause) {
        super(message, cause);
    }
}

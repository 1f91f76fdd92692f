package io.berth.engine.content;

/**
 * Bytes written through an ingest do not match what the writer was told to expect
 * (size or digest). Nothing was committed.
 */
public class ContentVerificationException extends ContentException {
    public ContentVerificationException(String message) {
        super(message);
    }
}

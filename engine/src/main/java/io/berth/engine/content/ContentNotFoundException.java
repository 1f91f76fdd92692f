package io.berth.engine.content;

/** A blob asked for by digest is not in the store. */
public class ContentNotFoundException extends ContentException {
    private final Digest digest;

    public ContentNotFoundException(Digest digest) {
        super("content " + digest + " not found");
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }
}

package io.berth.engine.images;

/** An image reference that Docker would refuse too; the message says which part is wrong. */
public class InvalidReferenceException extends IllegalArgumentException {
    public InvalidReferenceException(String reference, String problem) {
        super("invalid reference \"" + reference + "\": " + problem);
    }
}

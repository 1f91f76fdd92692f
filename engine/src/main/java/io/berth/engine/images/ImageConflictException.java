package io.berth.engine.images;

import java.io.IOException;

/** A removal that needs {@code force}: the image is used by a container or has several names. */
public class ImageConflictException extends IOException {
    public ImageConflictException(String message) {
        super(message);
    }
}

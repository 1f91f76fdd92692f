package io.berth.engine.images;

import java.io.IOException;

/** An image part (manifest, index, config, archive) is malformed or inconsistent. */
public class ImageFormatException extends IOException {
    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

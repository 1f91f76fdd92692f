package io.berth.engine.images;

import java.io.IOException;

/** No image record has the name or id asked for. */
public class ImageNotFoundException extends IOException {
    public ImageNotFoundException(String nameOrId) {
        super("no such image: " + nameOrId);
    }
}

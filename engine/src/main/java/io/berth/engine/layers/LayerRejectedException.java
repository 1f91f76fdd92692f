package io.berth.engine.layers;

import java.io.IOException;

/**
 * A layer was refused because an entry could write outside its folder, is not allowed
 * (device node, bad whiteout, duplicate) or the layer exceeds a limit. The message names
 * the entry and the reason.
 */
public class LayerRejectedException extends IOException {
    private final String entry;

    public LayerRejectedException(String entry, String reason) {
        super("layer rejected at entry \"" + entry + "\": " + reason);
        this.entry = entry;
    }

    /** The tar entry name that caused the refusal. */
    public String entry() {
        return entry;
    }
}

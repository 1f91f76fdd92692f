package io.berth.engine.layers;

/**
 * How an extraction applies OCI whiteouts ({@code .wh.name}) and opaque markers
 * ({@code .wh..wh..opq}).
 */
public enum WhiteoutMode {
    /**
     * The target is one overlayfs lower (or upper) directory of its own: a whiteout
     * becomes an overlay whiteout, a 0/0 character device named {@code name}; an opaque
     * marker sets {@code trusted.overlay.opaque=y} on its directory. Nothing is deleted.
     */
    OVERLAY,
    /**
     * The target already holds the lower layers (a flattened root file system): a
     * whiteout deletes {@code name}; an opaque marker deletes what its directory held
     * before this layer. No marker is written.
     */
    FLATTENED
}

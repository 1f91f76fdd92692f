package io.berth.engine.snapshots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * How overlayfs marks deletions in an upper (or layer) directory: a removed path becomes a
 * whiteout (a 0/0 character device), and a directory that replaces a lower one entirely
 * carries {@code trusted.overlay.opaque=y}. Berth mounts without {@code userxattr}, so the
 * {@code trusted.} names apply, and with {@code redirect_dir=off}, so no redirects appear.
 */
public final class OverlayFiles {

    public static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    /** Every attribute overlayfs keeps for itself; never copied into a layer tar. */
    public static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";

    private OverlayFiles() {
    }

    public static boolean isOpaque(Path dir) throws IOException {
        Optional<byte[]> value = LinuxCalls.getXattr(dir.toString(), OPAQUE_XATTR);
        return value.isPresent() && Arrays.equals(value.get(), new byte[] {'y'});
    }

    public static void markOpaque(Path dir) throws IOException {
        LinuxCalls.setXattr(dir.toString(), OPAQUE_XATTR, new byte[] {'y'});
    }

    public static void createWhiteout(Path path) throws IOException {
        LinuxCalls.mknodWhiteout(path.toString());
    }
}

package io.berth.engine.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A host's stable identity: made once and kept in the state directory, so the same machine
 * is the same host across agent restarts (and the host's event stream stays one stream).
 */
public final class HostIdentity {

    static final String FILE_NAME = "host-id";
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{7,63}");

    private HostIdentity() {
    }

    /** The id stored under {@code stateDir}, made and stored atomically if there is none. */
    public static String loadOrCreate(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!VALID.matcher(id).matches()) {
                    throw new IllegalStateException("the host id in " + file + " is malformed ('" + id
                            + "'); restore it from a backup, or delete it to enroll as a new host");
                }
                return id;
            }
            Files.createDirectories(stateDir);
            String id = "h-" + UUID.randomUUID();
            Path temp = Files.createTempFile(stateDir, FILE_NAME, ".tmp");
            Files.writeString(temp, id + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file);
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the host id in " + stateDir + ": " + e.getMessage(), e);
        }
    }
}

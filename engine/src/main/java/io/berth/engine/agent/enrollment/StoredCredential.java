package io.berth.engine.agent.enrollment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.engine.host.AtomicFiles;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.HostCredential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The host credential as the agent keeps it: {@code <state>/host-credential}, JSON, mode 0600,
 * written whole (temp file, fsync, rename). It names the enrollment token it came from, so the
 * agent can tell a token it already spent (start with the stored credential) from a new one
 * (enroll again, which rotates the credential).
 *
 * @param credential   the bearer form, {@code <hostId>.<generation>.<secret>}
 * @param enrolledWith the id of the enrollment token that made it
 * @param labels       labels the token added to the host's own
 */
public record StoredCredential(String credential, String enrolledWith, Map<String, String> labels) {

    public static final String FILE_NAME = "host-credential";
    private static final ObjectMapper JSON = AgentCodec.json();

    public StoredCredential {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public HostCredential hostCredential() {
        return HostCredential.parse(credential);
    }

    public static Optional<StoredCredential> load(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            StoredCredential stored = JSON.readValue(file.toFile(), StoredCredential.class);
            stored.hostCredential(); // malformed: say so now, not at the first report
            return Optional.of(stored);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the host credential in " + file + " is unreadable (" + e.getMessage()
                    + "); delete it and start the agent with a new enrollment token");
        }
    }

    public void save(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(this), true);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the host credential in " + file + ": " + e.getMessage(), e);
        }
    }
}

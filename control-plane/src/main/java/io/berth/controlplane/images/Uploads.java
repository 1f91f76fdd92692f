package io.berth.controlplane.images;

import io.berth.controlplane.agents.AgentsConfig;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Uploaded image archives under {@code berth.agents.uploads-dir}, each as {@code <uploadId>.tar},
 * written to a temporary file and renamed into place once complete, so an agent never fetches
 * half an upload. Only tar ({@code ustar} magic) and gzip-compressed archives are taken.
 */
@ApplicationScoped
public class Uploads {

    private static final Pattern ID = Pattern.compile("^[0-9a-f-]{36}$");

    private final Path dir;

    public Uploads(AgentsConfig config) {
        this.dir = config.uploadsDir();
    }

    /** Stores the archive; returns its upload id and size. */
    public Stored store(InputStream body) {
        try {
            Files.createDirectories(dir);
            String id = UUID.randomUUID().toString();
            Path temp = Files.createTempFile(dir, "upload-", ".part");
            try {
                long size = Files.copy(body, temp, StandardCopyOption.REPLACE_EXISTING);
                if (size == 0) {
                    throw new InvalidCommand("the upload is empty; send a docker save or OCI archive");
                }
                if (!isArchive(temp)) {
                    throw new InvalidCommand("the upload is not a tar archive (docker save or OCI layout)");
                }
                Files.move(temp, path(id), StandardCopyOption.ATOMIC_MOVE);
                return new Stored(id, size);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Stored(String uploadId, long sizeBytes) {
    }

    public Path path(String uploadId) {
        if (uploadId == null || !ID.matcher(uploadId).matches()) {
            throw new NotFound("no upload " + uploadId);
        }
        return dir.resolve(uploadId + ".tar");
    }

    public Path existing(String uploadId) {
        Path p = path(uploadId);
        if (!Files.isRegularFile(p)) {
            throw new NotFound("no upload " + uploadId);
        }
        return p;
    }

    private static boolean isArchive(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(512);
            if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                return true;
            }
            return head.length >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("ustar");
        }
    }
}

package io.berth.engine.host;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.engine.content.Digest;
import io.berth.engine.images.ImageUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which image each container on this host was created from: what {@code rmi} must not
 * remove, the parent a commit records, and the content garbage collection must keep.
 * One small JSON file per container, written atomically: a create writes one file whatever
 * the number of containers (one file for all of them was rewritten whole on every create).
 * A {@code containers.json} of all origins, as earlier engines kept them, is split up on open.
 */
final class ContainerOrigins implements ImageUsage {

    /**
     * The image a container came from, by the name it was asked for, by id, and by the
     * digest of its target (manifest or index) in the content store. The target digest is
     * kept because a forced {@code rmi} drops the image record while the container still
     * needs the content; it is null in files written before it was recorded.
     */
    record Origin(String imageName, String imageId, String targetDigest) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final Map<String, Origin> origins = new TreeMap<>();

    ContainerOrigins(Path dir, Path legacyFile) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    origins.put(name.substring(0, name.length() - SUFFIX.length()), JSON.readValue(file.toFile(), Origin.class));
                } else {
                    Files.deleteIfExists(file); // a temporary file a crash left behind
                }
            }
        }
        if (Files.exists(legacyFile)) {
            Map<String, Origin> legacy = JSON.readValue(legacyFile.toFile(), new TypeReference<Map<String, Origin>>() { });
            for (Map.Entry<String, Origin> entry : legacy.entrySet()) {
                if (!origins.containsKey(entry.getKey())) {
                    put(entry.getKey(), entry.getValue());
                }
            }
            Files.delete(legacyFile);
        }
    }

    synchronized void put(String containerId, Origin origin) throws IOException {
        try {
            AtomicFiles.write(fileOf(containerId), JSON.writeValueAsBytes(origin), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the origin of container " + containerId + " in " + dir, e);
        }
        origins.put(containerId, origin);
    }

    synchronized Optional<Origin> get(String containerId) {
        return Optional.ofNullable(origins.get(containerId));
    }

    /** Every container's origin, by container id. */
    synchronized Map<String, Origin> all() {
        return Map.copyOf(origins);
    }

    synchronized void remove(String containerId) throws IOException {
        if (origins.remove(containerId) != null) {
            Files.deleteIfExists(fileOf(containerId));
        }
    }

    @Override
    public synchronized List<String> containersUsing(Digest imageId) {
        return origins.entrySet().stream()
                .filter(e -> e.getValue().imageId().equals(imageId.toString()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private Path fileOf(String containerId) {
        // Container ids are names ([a-zA-Z0-9][a-zA-Z0-9_.-]*): never a path of their own.
        if (containerId.isEmpty() || containerId.startsWith(".") || containerId.contains("/")) {
            throw new IllegalArgumentException("container id '" + containerId + "' cannot name an origin file");
        }
        return dir.resolve(containerId + SUFFIX);
    }
}

package io.berth.engine.host;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.engine.content.Digest;
import io.berth.engine.images.ImageUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which image each container on this host was created from: what {@code rmi} must not
 * remove, the parent a commit records, and the content garbage collection must keep.
 * Kept in one JSON file written atomically.
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

    private final Path file;
    private final Map<String, Origin> origins;

    ContainerOrigins(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
        this.origins = Files.exists(file)
                ? new TreeMap<>(JSON.readValue(file.toFile(), new TypeReference<Map<String, Origin>>() { }))
                : new TreeMap<>();
    }

    synchronized void put(String containerId, Origin origin) throws IOException {
        origins.put(containerId, origin);
        save();
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
            save();
        }
    }

    @Override
    public synchronized List<String> containersUsing(Digest imageId) {
        return origins.entrySet().stream()
                .filter(e -> e.getValue().imageId().equals(imageId.toString()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private void save() {
        try {
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            JSON.writeValue(temp.toFile(), origins);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record container origins in " + file, e);
        }
    }
}

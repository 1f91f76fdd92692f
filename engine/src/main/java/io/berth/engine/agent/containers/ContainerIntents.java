package io.berth.engine.agent.containers;

import io.berth.engine.host.AtomicFiles;
import io.berth.protocol.agent.AgentCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@link ContainerIntent}s, one JSON file per container id under the agent's state
 * directory, cached in memory. An intent is written before the host is changed, so a crash
 * in between leaves the intent ahead of the host, which the start-up reconcile then closes.
 */
public final class ContainerIntents {

    private final Path dir;
    private final Map<String, ContainerIntent> byId = new ConcurrentHashMap<>();

    public ContainerIntents(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".json"))::iterator) {
                    ContainerIntent intent = AgentCodec.json().readValue(file.toFile(), ContainerIntent.class);
                    byId.put(intent.containerId(), intent);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the container intents in " + dir, e);
        }
    }

    public Optional<ContainerIntent> get(String containerId) {
        return Optional.ofNullable(byId.get(containerId));
    }

    /** The container id that has this name on this host, if any. */
    public Optional<String> idOfName(String name) {
        return byId.values().stream().filter(i -> name.equals(i.name()) && !i.removing())
                .map(ContainerIntent::containerId).findFirst();
    }

    public List<ContainerIntent> all() {
        return new ArrayList<>(byId.values());
    }

    public void put(ContainerIntent intent) {
        try {
            // Not fsynced: a crash of the agent keeps the page cache; the journal is the durable record.
            AtomicFiles.write(fileOf(intent.containerId()), AgentCodec.json().writeValueAsBytes(intent), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the intent for container " + intent.containerId(), e);
        }
        byId.put(intent.containerId(), intent);
    }

    public void forget(String containerId) {
        try {
            Files.deleteIfExists(fileOf(containerId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot forget container " + containerId, e);
        }
        byId.remove(containerId);
    }

    private Path fileOf(String containerId) {
        if (containerId.contains("/") || containerId.startsWith(".")) {
            throw new IllegalArgumentException("invalid container id '" + containerId + "'");
        }
        return dir.resolve(containerId + ".json");
    }
}

package io.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The runc command line, always with the same {@code --root} (runc keeps its state there). */
final class Runc {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** runc's view of a container: {@code created}, {@code running}, {@code paused} or {@code stopped}. */
    record State(String status, int pid) {
    }

    private final Path binary;
    private final Path root;

    Runc(Path binary, Path root) {
        this.binary = binary;
        this.root = root;
    }

    Path binary() {
        return binary;
    }

    Path root() {
        return root;
    }

    List<String> command(String... args) {
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "--root", root.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    void start(String id) {
        HostCommand.Result r = HostCommand.run(command("start", id), null, Map.of(), TIMEOUT);
        if (r.exitCode() != 0) {
            throw new ContainerRuntimeException("runc start " + id + " failed: " + r.describe());
        }
    }

    Optional<State> state(String id) {
        HostCommand.Result r = HostCommand.run(command("state", id), null, Map.of(), TIMEOUT);
        if (r.exitCode() != 0) {
            if (r.stderr().contains("does not exist")) {
                return Optional.empty();
            }
            throw new ContainerRuntimeException("runc state " + id + " failed: " + r.describe());
        }
        try {
            JsonNode s = JSON.readTree(r.stdout());
            return Optional.of(new State(s.path("status").asText(), s.path("pid").asInt()));
        } catch (IOException e) {
            throw new UncheckedIOException("runc state " + id + " printed no JSON", e);
        }
    }

    /** Sends a signal to the container's init process; false if runc says it is not running. */
    boolean kill(String id, int signal) {
        HostCommand.Result r = HostCommand.run(command("kill", id, Integer.toString(signal)), null, Map.of(), TIMEOUT);
        if (r.exitCode() != 0) {
            if (r.stderr().contains("not running") || r.stderr().contains("does not exist")) {
                return false;
            }
            throw new ContainerRuntimeException("runc kill " + id + " " + Signals.name(signal) + " failed: " + r.describe());
        }
        return true;
    }

    /** Deletes runc's container (and its cgroup); force also kills a running one. Absent is fine. */
    void delete(String id, boolean force) {
        HostCommand.Result r = force
            ? HostCommand.run(command("delete", "--force", id), null, Map.of(), TIMEOUT)
            : HostCommand.run(command("delete", id), null, Map.of(), TIMEOUT);
        if (r.exitCode() != 0 && !r.stderr().contains("does not exist")) {
            throw new ContainerRuntimeException("runc delete " + id + " failed: " + r.describe());
        }
    }
}

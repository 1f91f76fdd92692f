package io.berth.engine.commit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Applies parsed {@code --change} instructions to the {@code config} object of an image
 * config, edited as a JSON tree so that fields Berth does not model (Healthcheck, OnBuild,
 * anything newer) pass through a commit unchanged.
 *
 * <p>As in a Dockerfile, ENTRYPOINT clears the default CMD unless a CMD came earlier in
 * the same list; ENV and LABEL replace a key in place or append it; WORKDIR relative to the
 * current one; EXPOSE adds to the exposed ports.
 */
public final class ConfigChanges {

    private ConfigChanges() {
    }

    public static void apply(ObjectNode config, List<ConfigChange> changes) {
        boolean cmdSet = false;
        for (ConfigChange change : changes) {
            if (change instanceof ConfigChange.Cmd cmd) {
                config.set("Cmd", array(config, cmd.args()));
                cmdSet = true;
            } else if (change instanceof ConfigChange.Entrypoint entrypoint) {
                config.set("Entrypoint", array(config, entrypoint.args()));
                if (!cmdSet) {
                    config.remove("Cmd");
                }
            } else if (change instanceof ConfigChange.Env env) {
                env.variables().forEach((key, value) -> setEnv(config, key, value));
            } else if (change instanceof ConfigChange.Workdir workdir) {
                config.put("WorkingDir", workingDir(config, workdir.path()));
            } else if (change instanceof ConfigChange.User user) {
                config.put("User", user.user());
            } else if (change instanceof ConfigChange.Expose expose) {
                ObjectNode ports = object(config, "ExposedPorts");
                expose.ports().forEach(ports::putObject);
            } else if (change instanceof ConfigChange.Label label) {
                ObjectNode labels = object(config, "Labels");
                label.labels().forEach(labels::put);
            }
        }
    }

    private static ArrayNode array(ObjectNode config, List<String> values) {
        ArrayNode array = config.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ObjectNode object(ObjectNode config, String field) {
        JsonNode existing = config.get(field);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return config.putObject(field);
    }

    private static void setEnv(ObjectNode config, String key, String value) {
        JsonNode existing = config.get("Env");
        ArrayNode env = existing instanceof ArrayNode array ? array : config.putArray("Env");
        String entry = key + "=" + value;
        for (int i = 0; i < env.size(); i++) {
            String current = env.get(i).asText();
            if (current.equals(key) || current.startsWith(key + "=")) {
                env.set(i, config.textNode(entry));
                return;
            }
        }
        env.add(entry);
    }

    private static String workingDir(ObjectNode config, String path) {
        String current = config.path("WorkingDir").asText("");
        Path base = Path.of(current.isEmpty() ? "/" : current);
        Path joined = path.startsWith("/") ? Path.of(path) : Path.of("/").resolve(base).resolve(path);
        String normalized = joined.normalize().toString();
        return normalized.isEmpty() ? "/" : normalized;
    }

    /** Convenience for tests and callers holding plain maps: the ENV/LABEL view of a config. */
    static Map<String, String> labels(ObjectNode config) {
        java.util.LinkedHashMap<String, String> labels = new java.util.LinkedHashMap<>();
        config.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}

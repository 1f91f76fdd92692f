package io.berth.engine.agent;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The agent's settings, read from environment variables (or the same names as
 * {@code -D} system properties, which win), so a systemd unit or deploy/berth can set them.
 *
 * @param stateDir         where the host id, content, snapshots and containers live
 * @param kafkaBootstrap   Kafka bootstrap servers
 * @param healthPort       port of the local health endpoint on 127.0.0.1
 * @param labels           this host's labels for placement ({@code region=eu,disk=ssd})
 */
public record AgentConfig(Path stateDir, String kafkaBootstrap, int healthPort, Map<String, String> labels) {

    public static final String STATE_DIR = "BERTH_AGENT_STATE_DIR";
    public static final String KAFKA_BOOTSTRAP = "BERTH_AGENT_KAFKA_BOOTSTRAP_SERVERS";
    public static final String HEALTH_PORT = "BERTH_AGENT_HEALTH_PORT";
    public static final String LABELS = "BERTH_AGENT_LABELS";

    public AgentConfig {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public static AgentConfig fromEnvironment() {
        return from(name -> System.getProperty(name, System.getenv(name)));
    }

    /** Reads the settings through {@code lookup}; a missing name gives its default. */
    public static AgentConfig from(Function<String, String> lookup) {
        String stateDir = valueOr(lookup.apply(STATE_DIR), "/var/lib/berth/agent");
        String kafka = valueOr(lookup.apply(KAFKA_BOOTSTRAP), "127.0.0.1:9092");
        int port = parsePort(valueOr(lookup.apply(HEALTH_PORT), "8081"));
        Map<String, String> labels = parseLabels(valueOr(lookup.apply(LABELS), ""));
        return new AgentConfig(Path.of(stateDir).toAbsolutePath(), kafka, port, labels);
    }

    static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HEALTH_PORT + " must be a port number 0-65535, got '" + text + "'");
        }
    }

    /** {@code k=v,k2=v2}; keys must be non-empty and unique. */
    static Map<String, String> parseLabels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text.isBlank()) {
            return labels;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
            String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (key.isEmpty() || !key.matches("[A-Za-z0-9._/-]+")) {
                throw new IllegalArgumentException(LABELS + " has an invalid label key in '" + pair
                        + "' (expected key=value with letters, digits, '.', '_', '/', '-')");
            }
            if (labels.put(key, value) != null) {
                throw new IllegalArgumentException(LABELS + " names label '" + key + "' twice");
            }
        }
        return labels;
    }

    private static String valueOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}

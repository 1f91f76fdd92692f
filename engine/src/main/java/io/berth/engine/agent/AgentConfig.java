package io.berth.engine.agent;

import io.berth.protocol.agent.HostReports.Heartbeat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param controlPlaneUrl  base URL of the control plane: enrollment, the agent channel and image uploads
 * @param enrollmentToken  a one-time enrollment token, or null: needed only until the host has a
 *                         stored credential (see {@code enrollment.Enrollment})
 * @param name             the host's human name in heartbeats (default: the machine's hostname)
 * @param heartbeatInterval how often a heartbeat is reported
 */
public record AgentConfig(Path stateDir, String kafkaBootstrap, int healthPort, Map<String, String> labels,
        URI controlPlaneUrl, String enrollmentToken, String name, Duration heartbeatInterval) {

    public static final String STATE_DIR = "BERTH_AGENT_STATE_DIR";
    public static final String KAFKA_BOOTSTRAP = "BERTH_AGENT_KAFKA_BOOTSTRAP_SERVERS";
    public static final String HEALTH_PORT = "BERTH_AGENT_HEALTH_PORT";
    public static final String LABELS = "BERTH_AGENT_LABELS";
    public static final String CONTROL_PLANE_URL = "BERTH_AGENT_CONTROL_PLANE_URL";
    public static final String ENROLLMENT_TOKEN = "BERTH_AGENT_ENROLLMENT_TOKEN";
    public static final String ENROLLMENT_TOKEN_FILE = "BERTH_AGENT_ENROLLMENT_TOKEN_FILE";
    public static final String NAME = "BERTH_AGENT_NAME";
    public static final String HEARTBEAT_SECONDS = "BERTH_AGENT_HEARTBEAT_SECONDS";

    public static final URI DEFAULT_CONTROL_PLANE_URL = URI.create("http://127.0.0.1:8080");
    public static final Duration DEFAULT_HEARTBEAT = Heartbeat.DEFAULT_INTERVAL;

    public AgentConfig {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        controlPlaneUrl = controlPlaneUrl == null ? DEFAULT_CONTROL_PLANE_URL : controlPlaneUrl;
        enrollmentToken = enrollmentToken == null || enrollmentToken.isBlank() ? null : enrollmentToken.trim();
        name = name == null || name.isBlank() ? machineHostname() : name;
        heartbeatInterval = heartbeatInterval == null ? DEFAULT_HEARTBEAT : heartbeatInterval;
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException(HEARTBEAT_SECONDS + " must be positive, got " + heartbeatInterval);
        }
    }

    /** The settings that existed before the fleet: the rest take their defaults. */
    public AgentConfig(Path stateDir, String kafkaBootstrap, int healthPort, Map<String, String> labels) {
        this(stateDir, kafkaBootstrap, healthPort, labels, null, null, null, null);
    }

    public AgentConfig withControlPlane(URI url, String enrollWith) {
        return new AgentConfig(stateDir, kafkaBootstrap, healthPort, labels, url, enrollWith, name, heartbeatInterval);
    }

    public AgentConfig withHeartbeatInterval(Duration interval) {
        return new AgentConfig(stateDir, kafkaBootstrap, healthPort, labels, controlPlaneUrl, enrollmentToken, name,
                interval);
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
        URI controlPlane = parseUrl(valueOr(lookup.apply(CONTROL_PLANE_URL), DEFAULT_CONTROL_PLANE_URL.toString()));
        Duration heartbeat = parseSeconds(valueOr(lookup.apply(HEARTBEAT_SECONDS),
                String.valueOf(DEFAULT_HEARTBEAT.toSeconds())));
        return new AgentConfig(Path.of(stateDir).toAbsolutePath(), kafka, port, labels, controlPlane,
                enrollmentToken(lookup), lookup.apply(NAME), heartbeat);
    }

    /** The token itself, or the contents of the file named (so it stays out of the process environment). */
    static String enrollmentToken(Function<String, String> lookup) {
        String token = lookup.apply(ENROLLMENT_TOKEN);
        String file = lookup.apply(ENROLLMENT_TOKEN_FILE);
        if (token != null && !token.isBlank() || file == null || file.isBlank()) {
            return token;
        }
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(ENROLLMENT_TOKEN_FILE + " names " + file + ", which cannot be read: "
                    + e.getMessage());
        }
    }

    static URI parseUrl(String text) {
        try {
            URI uri = URI.create(text.trim().replaceAll("/+$", ""));
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CONTROL_PLANE_URL + " must be an http(s) URL such as"
                    + " http://control-plane:8080, got '" + text + "'");
        }
    }

    static Duration parseSeconds(String text) {
        try {
            double seconds = Double.parseDouble(text.trim());
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HEARTBEAT_SECONDS + " must be a positive number of seconds, got '"
                    + text + "'");
        }
    }

    /** The kernel's hostname, as {@code hostname} prints it (no DNS lookup, unlike InetAddress). */
    private static String machineHostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
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

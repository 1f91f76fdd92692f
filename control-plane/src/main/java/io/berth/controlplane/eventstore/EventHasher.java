package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The per-stream hash chain: {@code hash(n) = sha256(hash(n-1) || canonical(content(n)))}, with
 * 32 zero bytes before the first event of a stream. Content is the event id, stream id and
 * version, type, schema version, data, metadata and recorded time, as {@link CanonicalJson}.
 * The global position and tx id are not covered: they are assigned by PostgreSQL at insert and
 * are covered by the log checkpoints instead (see {@code docs/event-store.md}).
 */
public final class EventHasher {

    public static final byte[] GENESIS = new byte[32];
    private static final HexFormat HEX = HexFormat.of();

    private EventHasher() {
    }

    public static byte[] hash(byte[] previous, UUID eventId, String streamId, long streamVersion, String type,
            int schemaVersion, JsonNode data, JsonNode metadata, Instant recordedAt) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("eventId", eventId.toString());
        content.put("streamId", streamId);
        content.put("streamVersion", streamVersion);
        content.put("type", type);
        content.put("schemaVersion", schemaVersion);
        content.set("data", data);
        content.set("metadata", metadata);
        content.put("recordedAt", recordedAt.toString());
        MessageDigest sha = sha256();
        sha.update(previous);
        sha.update(CanonicalJson.write(content).getBytes(StandardCharsets.UTF_8));
        return sha.digest();
    }

    /** Recomputes a stored event's hash given the previous event's stored hash. */
    public static byte[] hash(byte[] previous, StoredEvent e) {
        return hash(previous, e.eventId(), e.streamId(), e.streamVersion(), e.type(), e.schemaVersion(), e.data(),
                e.metadata(), e.recordedAt());
    }

    /** One step of the global running hash: {@code sha256(running || eventHash)}. */
    public static byte[] chain(byte[] running, byte[] eventHash) {
        MessageDigest sha = sha256();
        sha.update(running);
        sha.update(eventHash);
        return sha.digest();
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

package io.berth.controlplane.containers;

import io.berth.controlplane.eventstore.EventMetadata;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Every fleet command gets a UUID command id: the caller's {@code Idempotency-Key} if it is one,
 * a name-based UUID of the key otherwise, a fresh one without a key. The same id is the
 * append's command id (a retry appends nothing) and the instruction's (an agent applies it once).
 */
public final class CommandIds {

    private CommandIds() {
    }

    public static EventMetadata assign(EventMetadata metadata) {
        String key = metadata.commandId();
        UUID id;
        if (key == null) {
            id = UUID.randomUUID();
        } else {
            try {
                id = UUID.fromString(key);
            } catch (IllegalArgumentException notAUuid) {
                id = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
            }
        }
        return metadata.withCommandId(id.toString());
    }

    /** A command id derived from another, for a second append the same command makes. */
    public static String derived(String commandId, String purpose) {
        return UUID.nameUUIDFromBytes((commandId + "/" + purpose).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

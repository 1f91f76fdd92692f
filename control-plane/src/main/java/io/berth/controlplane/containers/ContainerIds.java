package io.berth.controlplane.containers;

import io.berth.controlplane.api.InvalidCommand;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Container ids and names as Docker has them: ids are 64 lowercase hex characters (256 random
 * bits), names match {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}. Streams: {@code container-<id>} and,
 * for a name's claim, {@code container-name.<name>} — stream kinds are a closed set, and the
 * {@code name.} prefix cannot collide with a hex id.
 */
public final class ContainerIds {

    public static final Pattern ID = Pattern.compile("^[0-9a-f]{64}$");
    public static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,127}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ContainerIds() {
    }

    public static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static String streamId(String containerId) {
        return "container-" + containerId;
    }

    public static String nameStreamId(String name) {
        return "container-name." + name;
    }

    /** The name without Docker's optional leading slash, or {@link InvalidCommand} saying what is allowed. */
    public static String requireName(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (!NAME.matcher(n).matches()) {
            throw new InvalidCommand("invalid container name '" + name + "': 2-128 characters from"
                    + " [a-zA-Z0-9_.-], starting with a letter or digit");
        }
        return n;
    }

    /** A name for a run that gave none: short and unique enough to read, from the id. */
    public static String defaultName(String containerId) {
        return "berth_" + containerId.substring(0, 12);
    }
}

package io.berth.engine.content;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content address: {@code sha256:<64 lowercase hex>}. Berth only stores sha256, the
 * algorithm every OCI image uses; any other algorithm is refused when parsed so that a
 * blob can never be named two ways.
 */
public record Digest(String hex) implements Comparable<Digest> {

    public static final String ALGORITHM = "sha256";
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid sha256 digest hex: \"" + hex
                    + "\" (want 64 lowercase hexadecimal characters)");
        }
    }

    /** Parses {@code sha256:<hex>}; the error names what is wrong with the text. */
    @JsonCreator
    public static Digest parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("digest is missing");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid digest \"" + text + "\": missing algorithm prefix (sha256:)");
        }
        String algorithm = text.substring(0, colon);
        if (!ALGORITHM.equals(algorithm)) {
            throw new IllegalArgumentException("unsupported digest algorithm \"" + algorithm + "\" in \"" + text
                    + "\" (only sha256 is supported)");
        }
        String hex = text.substring(colon + 1);
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid digest \"" + text + "\": want 64 lowercase hexadecimal characters after sha256:");
        }
        return new Digest(hex);
    }

    public static Digest of(byte[] content) {
        return new Digest(HexFormat.of().formatHex(newMessageDigest().digest(content)));
    }

    /** The digest of what a {@link MessageDigest} from {@link #newMessageDigest()} has seen. */
    public static Digest of(MessageDigest finished) {
        return new Digest(HexFormat.of().formatHex(finished.digest()));
    }

    public static MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** The first 12 hex characters, as {@code docker images} shows an id. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return ALGORITHM + ":" + hex;
    }

    @Override
    public int compareTo(Digest other) {
        return hex.compareTo(other.hex);
    }
}

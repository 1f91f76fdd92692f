package io.berth.protocol.agent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A host's credential: the secret its agent received when it enrolled, for one host and one
 * generation (each enrollment of the host is a new generation and retires the ones before).
 * The agent presents it on the channel and the uploads endpoint as
 * {@code Authorization: Bearer <hostId>.<generation>.<secret>}, and both sides derive from it
 * the two keys of the Kafka traffic: one that MACs the host's reports, one that seals (AES-GCM)
 * its instructions. Deriving them (HMAC-SHA256 of the secret with a fixed label) keeps the
 * purposes apart: a key that verifies reports cannot open instructions.
 *
 * @param hostId     the host the credential speaks for
 * @param generation which enrollment of the host made it (1, 2, …)
 * @param secret     32 random-looking bytes
 */
public record HostCredential(String hostId, long generation, byte[] secret) {

    /** Host ids that can enroll: no dots, so the token form and stream names stay unambiguous. */
    public static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    public HostCredential {
        if (hostId == null || !HOST_ID.matcher(hostId).matches()) {
            throw new IllegalArgumentException("a host id is 1-100 letters, digits, '_' or '-', got '" + hostId + "'");
        }
        if (generation < 1) {
            throw new IllegalArgumentException("a credential's generation starts at 1, got " + generation);
        }
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("a host credential's secret has at least 32 bytes");
        }
        secret = secret.clone();
    }

    /** The bearer form: {@code <hostId>.<generation>.<base64url secret>}. */
    public String token() {
        return hostId + "." + generation + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Reads the bearer form; a malformed one is an {@link IllegalArgumentException} saying why. */
    public static HostCredential parse(String token) {
        String[] parts = token == null ? new String[0] : token.trim().split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a host credential reads <hostId>.<generation>.<secret>");
        }
        try {
            return new HostCredential(parts[0], Long.parseLong(parts[1]), Base64.getUrlDecoder().decode(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a host credential's generation is a number, got '" + parts[1] + "'");
        }
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Whether {@code other} is the same host, generation and secret (constant time on the secret). */
    public boolean matches(HostCredential other) {
        return other != null && hostId.equals(other.hostId) && generation == other.generation
                && MessageDigest.isEqual(secret, other.secret);
    }

    /** The HMAC-SHA256 key of this host's reports. */
    byte[] reportKey() {
        return hmac(secret, "berth report mac v1");
    }

    /** The AES-256 key that seals this host's instructions. */
    byte[] instructionKey() {
        return hmac(secret, "berth instruction seal v1");
    }

    static byte[] hmac(byte[] key, String label) {
        return hmac(key, label.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostCredential other && matches(other);
    }

    @Override
    public int hashCode() {
        return hostId.hashCode() * 31 + Long.hashCode(generation);
    }

    @Override
    public String toString() {
        return "HostCredential[" + hostId + " generation " + generation + "]"; // never the secret
    }
}

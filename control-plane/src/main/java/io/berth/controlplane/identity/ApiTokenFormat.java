package io.berth.controlplane.identity;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API token as the user sees it: {@code berth_<id>_<secret>}. The id finds the row; only the
 * SHA-256 of the secret is stored, so the token is shown once, when issued.
 */
public record ApiTokenFormat(String tokenId, String secret) {

    private static final Pattern SHAPE = Pattern.compile("^berth_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static ApiTokenFormat generate() {
        var random = new java.security.SecureRandom();
        var id = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return new ApiTokenFormat(id.toString(), Secrets.random(32));
    }

    public static Optional<ApiTokenFormat> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        var m = SHAPE.matcher(token);
        return m.matches() ? Optional.of(new ApiTokenFormat(m.group(1), m.group(2))) : Optional.empty();
    }

    public String token() {
        return "berth_" + tokenId + "_" + secret;
    }
}

package io.berth.engine.snapshots;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Chain ids, as the OCI image spec defines them: the identity of a stack of layers, so a
 * layer unpacked on top of the same parents is unpacked once whichever image it came from.
 *
 * <pre>
 * ChainID(L0) = DiffID(L0)
 * ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))
 * </pre>
 */
public final class ChainIds {

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private ChainIds() {
    }

    /** The chain id of every prefix of {@code diffIds}: element i identifies layers 0..i. */
    public static List<String> of(List<String> diffIds) {
        List<String> chain = new ArrayList<>(diffIds.size());
        String previous = null;
        for (String diffId : diffIds) {
            requireDigest(diffId);
            previous = previous == null ? diffId : sha256(previous + " " + diffId);
            chain.add(previous);
        }
        return List.copyOf(chain);
    }

    /** The chain id of the whole stack {@code diffIds} (bottom layer first). */
    public static String top(List<String> diffIds) {
        if (diffIds.isEmpty()) {
            throw new IllegalArgumentException("a chain id needs at least one diff id");
        }
        List<String> chain = of(diffIds);
        return chain.get(chain.size() - 1);
    }

    /** The chain id of {@code diffId} stacked on the chain {@code parentChainId} (null for a base layer). */
    public static String next(String parentChainId, String diffId) {
        requireDigest(diffId);
        if (parentChainId == null) {
            return diffId;
        }
        requireDigest(parentChainId);
        return sha256(parentChainId + " " + diffId);
    }

    /** Refuses anything but {@code sha256:} and 64 lowercase hex digits, so ids are safe as file names. */
    public static String requireDigest(String digest) {
        if (digest == null || !SHA256.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest (sha256:<64 lowercase hex>): " + digest);
        }
        return digest;
    }

    static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}

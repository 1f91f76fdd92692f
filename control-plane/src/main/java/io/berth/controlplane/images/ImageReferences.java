package io.berth.controlplane.images;

import io.berth.controlplane.api.InvalidCommand;
import java.util.regex.Pattern;

/**
 * Docker's reference rules, so that {@code busybox}, {@code library/busybox} and
 * {@code docker.io/library/busybox:latest} name the same thing: the first path part is a
 * registry only if it has a dot or a colon or is {@code localhost}; Docker Hub's official images
 * live under {@code library/}; no tag means {@code latest}.
 */
public final class ImageReferences {

    private static final Pattern REFERENCE =
            Pattern.compile("^[a-z0-9]+([._-]+[a-z0-9]+|[.:/a-zA-Z0-9_-])*(@sha256:[0-9a-f]{64})?$");
    private static final Pattern IMAGE_ID = Pattern.compile("^(sha256:)?[0-9a-f]{12,64}$");

    private ImageReferences() {
    }

    /** Whether {@code s} looks like an image id or a unique prefix of one. */
    public static boolean isImageId(String s) {
        return IMAGE_ID.matcher(s).matches();
    }

    /** {@code sha256:<hex>} or a hex prefix, as stored ids start: {@code sha256:<prefix>}. */
    public static String idPrefix(String s) {
        return s.startsWith("sha256:") ? s : "sha256:" + s;
    }

    /** The fully qualified form, or {@link InvalidCommand} when {@code reference} cannot be one. */
    public static String normalize(String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 255
                || !REFERENCE.matcher(reference).matches()) {
            throw new InvalidCommand("invalid image reference '" + reference + "'");
        }
        String digest = "";
        String name = reference;
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at);
            name = name.substring(0, at);
        }
        String tag = "";
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            tag = name.substring(colon);
            name = name.substring(0, colon);
        }
        int first = name.indexOf('/');
        String head = first < 0 ? "" : name.substring(0, first);
        boolean hasRegistry = first >= 0 && (head.contains(".") || head.contains(":") || head.equals("localhost"));
        if (!hasRegistry) {
            name = "docker.io/" + (first < 0 ? "library/" + name : name);
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = ":latest";
        }
        return name + tag + digest;
    }

    /** The repository part of a normalized reference (no tag, no digest). */
    public static String repository(String normalized) {
        String name = normalized;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        return colon > slash ? name.substring(0, colon) : name;
    }

    /** Stream {@code repository-<repo>} with {@code /} written as {@code :} (stream ids allow no slash). */
    public static String repositoryStreamId(String normalized) {
        return "repository-" + repository(normalized).replace('/', ':');
    }

    public static String imageStreamId(String imageId) {
        return "image-" + imageId;
    }

    public static String uploadStreamId(String uploadId) {
        return "image-upload." + uploadId;
    }
}

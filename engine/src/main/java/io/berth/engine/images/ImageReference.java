package io.berth.engine.images;

import io.berth.engine.content.Digest;
import java.util.regex.Pattern;

/**
 * An image reference normalized as Docker does ({@code ParseNormalizedNamed} followed by
 * {@code TagNameOnly} in distribution/reference):
 * <ul>
 *   <li>{@code busybox} → {@code docker.io/library/busybox:latest}</li>
 *   <li>{@code user/app} → {@code docker.io/user/app:latest}</li>
 *   <li>{@code localhost:5000/ns/name:tag@sha256:…} keeps its domain, tag and digest</li>
 * </ul>
 * The first path component is a registry domain when it contains {@code .} or {@code :},
 * is {@code localhost}, or has an upper-case letter (Docker's rule: {@code Foo/bar} names the
 * registry host {@code Foo}, since repository paths are lowercase). {@code index.docker.io} becomes
 * {@code docker.io}. A reference with neither tag nor digest gets the tag {@code latest}.
 *
 * @param domain the registry, e.g. {@code docker.io} or {@code localhost:5000}
 * @param path   the repository path inside the registry, e.g. {@code library/busybox}
 * @param tag    the tag, or null when only a digest was given
 * @param digest the manifest digest, or null
 */
public record ImageReference(String domain, String path, String tag, Digest digest) {

    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    public static final String OFFICIAL_REPOSITORY_PREFIX = "library/";
    public static final String DEFAULT_TAG = "latest";
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final Pattern DOMAIN_COMPONENT = Pattern.compile("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

    public ImageReference {
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("a normalized reference has a tag, a digest or both");
        }
    }

    /** Parses and normalizes {@code text}; throws {@link InvalidReferenceException} naming the problem. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidReferenceException(String.valueOf(text), "empty reference");
        }
        if (IDENTIFIER.matcher(text).matches()) {
            throw new InvalidReferenceException(text, "repository name cannot be a 64-character hexadecimal string (that is an image id)");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String digestText = rest.substring(at + 1);
            rest = rest.substring(0, at);
            try {
                digest = Digest.parse(digestText);
            } catch (IllegalArgumentException e) {
                throw new InvalidReferenceException(text, e.getMessage());
            }
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidReferenceException(text, "invalid tag \"" + tag
                        + "\" (letters, digits, '_', '.', '-'; must not start with '.' or '-'; at most 128 characters)");
            }
        }
        if (rest.isEmpty()) {
            throw new InvalidReferenceException(text, "repository name is empty");
        }

        String domain;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? null : rest.substring(0, slash);
        if (first == null || !looksLikeDomain(first)) {
            domain = DEFAULT_DOMAIN;
            path = rest;
        } else {
            domain = first;
            path = rest.substring(slash + 1);
            if (!DOMAIN.matcher(domain).matches()) {
                throw new InvalidReferenceException(text, "invalid registry domain \"" + domain + "\"");
            }
        }
        if (LEGACY_DEFAULT_DOMAIN.equals(domain)) {
            domain = DEFAULT_DOMAIN;
        }
        if (DEFAULT_DOMAIN.equals(domain) && path.indexOf('/') < 0) {
            path = OFFICIAL_REPOSITORY_PREFIX + path;
        }
        if (!path.toLowerCase(java.util.Locale.ROOT).equals(path)) {
            throw new InvalidReferenceException(text, "repository name \"" + path + "\" must be lowercase");
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty()) {
                throw new InvalidReferenceException(text, "repository name \"" + path + "\" has an empty path component");
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new InvalidReferenceException(text, "invalid repository path component \"" + component
                        + "\" (lowercase letters and digits, separated by '.', '_', '__' or '-')");
            }
        }
        if (domain.length() + 1 + path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException(text, "repository name must not be more than " + NAME_TOTAL_LENGTH_MAX + " characters");
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** Docker's splitDockerDomain test for the first path component. */
    private static boolean looksLikeDomain(String first) {
        return first.contains(".") || first.contains(":") || "localhost".equals(first)
                || !first.toLowerCase(java.util.Locale.ROOT).equals(first);
    }

    /** The full repository name, e.g. {@code docker.io/library/busybox}. */
    public String name() {
        return domain + "/" + path;
    }

    /** The short name {@code docker images} shows, e.g. {@code busybox} or {@code user/app}. */
    public String familiarName() {
        if (!DEFAULT_DOMAIN.equals(domain)) {
            return name();
        }
        return path.startsWith(OFFICIAL_REPOSITORY_PREFIX) && path.indexOf('/', OFFICIAL_REPOSITORY_PREFIX.length()) < 0
                ? path.substring(OFFICIAL_REPOSITORY_PREFIX.length())
                : path;
    }

    /** The short form, e.g. {@code busybox:latest}. */
    public String familiarString() {
        return familiarName() + suffix();
    }

    public ImageReference withTag(String newTag) {
        return parse(name() + ":" + newTag);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(domain, path, tag, newDigest);
    }

    /** The same repository and tag without the digest (or with the default tag when there was none). */
    public ImageReference withoutDigest() {
        return new ImageReference(domain, path, tag == null ? DEFAULT_TAG : tag, null);
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return name() + suffix();
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}

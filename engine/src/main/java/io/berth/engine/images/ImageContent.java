package io.berth.engine.images;

import io.berth.engine.content.ContentGraph;
import io.berth.engine.content.ContentProvider;
import io.berth.engine.content.Digest;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads image structure out of the content store: a target descriptor resolved to the
 * manifest for a platform, its config, and what each blob references (for garbage
 * collection).
 */
public final class ImageContent implements ContentGraph {

    private final ContentProvider content;
    private final Platform platform;

    public ImageContent(ContentProvider content, Platform platform) {
        this.content = content;
        this.platform = platform;
    }

    public ImageContent(ContentProvider content) {
        this(content, Platform.host());
    }

    /** The manifest a target names: itself, or the entry of an index for this platform. */
    public Descriptor manifestDescriptor(Descriptor target) throws IOException {
        Descriptor current = target;
        for (int depth = 0; depth < 4; depth++) {
            if (MediaTypes.isManifest(current.mediaType())) {
                return current;
            }
            if (!MediaTypes.isIndex(current.mediaType())) {
                throw new ImageFormatException("descriptor " + current.digest() + " has media type \""
                        + current.mediaType() + "\", neither a manifest nor an index");
            }
            ImageIndex index = OciJson.read(content.readAll(current.digest()), ImageIndex.class, "index " + current.digest());
            Platform wanted = platform;
            Digest indexDigest = current.digest();
            current = index.forPlatform(wanted).orElseThrow(() -> new ImageFormatException(
                    "index " + indexDigest + " has no manifest for " + wanted.os() + "/" + wanted.architecture()));
        }
        throw new ImageFormatException("indexes nested too deeply under " + target.digest());
    }

    public Manifest manifest(Descriptor target) throws IOException {
        Descriptor descriptor = manifestDescriptor(target);
        return OciJson.read(content.readAll(descriptor.digest()), Manifest.class, "manifest " + descriptor.digest());
    }

    public ImageConfig config(Manifest manifest) throws IOException {
        Digest digest = manifest.config().digest();
        return OciJson.read(content.readAll(digest), ImageConfig.class, "image config " + digest);
    }

    /**
     * Children by content, not by media type alone: a blob that parses as a manifest
     * references its config and layers, an index its manifests; anything else is a leaf.
     * Only JSON blobs (starting with '{') are parsed, so layers are not read.
     */
    @Override
    public Set<Digest> children(ContentProvider provider, Digest digest) throws IOException {
        byte[] head;
        try (var in = provider.open(digest)) {
            head = in.readNBytes(1);
        }
        if (head.length == 0 || head[0] != '{') {
            return Set.of();
        }
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = OciJson.mapper().readTree(provider.readAll(digest));
        } catch (IOException notJson) {
            return Set.of();
        }
        Set<Digest> children = new LinkedHashSet<>();
        if (json.has("config") && json.get("config").has("digest")) {
            children.add(Digest.parse(json.get("config").get("digest").asText()));
            json.path("layers").forEach(layer -> children.add(Digest.parse(layer.get("digest").asText())));
        } else if (json.has("manifests")) {
            json.get("manifests").forEach(m -> children.add(Digest.parse(m.get("digest").asText())));
        }
        return children;
    }
}

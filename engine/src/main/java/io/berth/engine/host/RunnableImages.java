package io.berth.engine.host;

import io.berth.engine.content.ContentProvider;
import io.berth.engine.content.Digest;
import io.berth.engine.images.ImageConfig;
import io.berth.engine.images.ImageContent;
import io.berth.engine.images.Manifest;
import io.berth.engine.images.ImageRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manifest and config a container is created from, parsed once per image target.
 * Reading and parsing both blobs took about a millisecond of every create; since content is
 * addressed by digest, what a target digest names never changes, so the parse can be kept.
 * Which images exist is still asked of the image store on every create: only the content's
 * parse is remembered, never the resolution of a name.
 */
final class RunnableImages {

    /** What a create needs of an image. */
    record Runnable(Manifest manifest, ImageConfig config) {
    }

    private static final int CAPACITY = 64;

    private final ImageContent graph;
    private final Map<Digest, Runnable> parsed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, Runnable> eldest) {
            return size() > CAPACITY;
        }
    };

    RunnableImages(ContentProvider content) {
        this.graph = new ImageContent(content);
    }

    Runnable of(ImageRecord image) throws IOException {
        Digest target = image.target().digest();
        synchronized (parsed) {
            Runnable known = parsed.get(target);
            if (known != null) {
                return known;
            }
        }
        Manifest manifest = graph.manifest(image.target());
        Runnable read = new Runnable(manifest, graph.config(manifest));
        synchronized (parsed) {
            parsed.put(target, read);
        }
        return read;
    }
}

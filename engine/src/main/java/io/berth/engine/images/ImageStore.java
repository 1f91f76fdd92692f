package io.berth.engine.images;

import io.berth.engine.content.Digest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Image records: names ({@link ImageReference}) pointing at manifests in the content
 * store. The store holds no blobs itself.
 *
 * <p>Lifecycle: content is committed to the {@code ContentStore} first (by a pull, an
 * import, a commit); then {@link #put} records a name for its manifest; {@link #tag} adds
 * names and {@link #untag} takes one away; {@link #remove} takes a name or an id away the
 * way {@code docker rmi} does, refusing without {@code force} when a container uses the
 * image ({@link ImageUsage}) or when an id still has several names. Blobs no record
 * reaches any more are removed by the content garbage collector from {@link #roots()}.
 *
 * <p>Dangling images (Docker's {@code <none>:<none>}) are records without a name, known by
 * id only ({@link ImageRecord#isDangling()}). {@link #putDangling} records one (a commit
 * without a tag). Following Docker, when {@link #put} or {@link #tag} moves a name away
 * from an image that has no other name, that image becomes dangling rather than being
 * forgotten; naming a dangling image makes it a named one again. Dangling images are
 * listed, resolved by id, removed by id and are garbage collection roots like any other.
 *
 * <p>"nameOrId" arguments accept a reference ({@code busybox}, {@code busybox:1.36},
 * {@code name@sha256:…}), a full image id ({@code sha256:<hex>}) or a unique prefix of
 * at least 4 hex characters of one.
 */
public interface ImageStore {

    /** Points {@code name} at {@code target} (a manifest or index in the content store), replacing what it pointed at. */
    ImageRecord put(ImageReference name, Descriptor target) throws IOException;

    /**
     * Keeps {@code target} as an image without a name. When its image id already has a
     * name, nothing changes and one of the named records is returned: the image is kept.
     */
    ImageRecord putDangling(Descriptor target) throws IOException;

    Optional<ImageRecord> get(ImageReference name) throws IOException;

    /** The record a name or id means; for an id with several names, one of them. */
    ImageRecord resolve(String nameOrId) throws IOException;

    /** All records: named ones sorted by name, then dangling ones sorted by id. */
    List<ImageRecord> list() throws IOException;

    /** Gives the image {@code source} names the additional name {@code target}. */
    ImageRecord tag(String source, ImageReference target) throws IOException;

    /**
     * Removes one name; the image stays while other names point at it. Removing the last
     * name removes the image, as {@code docker rmi name} does (it does not become dangling).
     */
    void untag(ImageReference name) throws IOException;

    ImageInspection inspect(String nameOrId) throws IOException;

    RemovalReport remove(String nameOrId, boolean force) throws IOException;

    /** The digests of every record's target, dangling ones included: the roots for content garbage collection. */
    Set<Digest> roots() throws IOException;
}

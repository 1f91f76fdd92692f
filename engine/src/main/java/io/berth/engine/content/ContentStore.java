package io.berth.engine.content;

/**
 * Blobs addressed by their sha256 digest: layers, image configs, manifests and indexes.
 *
 * <p>Lifecycle of a blob:
 * <ol>
 *   <li><b>ingest</b>: {@link #writer(String)} opens an ingest under a ref (a caller's key
 *       that only one writer holds at a time). Bytes go to a temporary file outside the
 *       blob folder; nobody can read them yet.</li>
 *   <li><b>commit</b>: {@link ContentWriter#commit} checks the size and digest the caller
 *       expected, then renames the file atomically into place. A blob is therefore either
 *       absent or complete and correct; a crash leaves at most a stale temporary file.
 *       Committing bytes the store already holds is not an error.</li>
 *   <li><b>read</b>: {@link #info} and {@link #open} by digest, from any thread.</li>
 *   <li><b>delete</b>: {@link #delete} removes one blob; {@link GarbageCollector} removes
 *       every blob not reachable from a set of roots (the manifests images point at).</li>
 * </ol>
 *
 * <p>The store knows nothing about images: what references what is the caller's
 * knowledge, given to the garbage collector as a {@link ContentGraph}.
 */
public interface ContentStore extends ContentProvider, Ingester, ContentManager {
}

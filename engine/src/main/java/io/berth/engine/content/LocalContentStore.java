package io.berth.engine.content;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A {@link ContentStore} in an OCI image layout on the local disk:
 * <pre>
 * &lt;root&gt;/oci-layout                 {"imageLayoutVersion":"1.0.0"}
 * &lt;root&gt;/blobs/sha256/&lt;hex&gt;        committed blobs, read-only
 * &lt;root&gt;/ingest/&lt;sha256(ref)&gt;/data  ingests in progress (same file system, so the commit is a rename)
 * </pre>
 * Stale ingests left by a crash are removed when the store opens.
 */
public final class LocalContentStore implements ContentStore {

    private final Path root;
    private final Path blobs;
    private final Path ingests;
    private final Set<String> activeRefs = ConcurrentHashMap.newKeySet();

    private LocalContentStore(Path root) {
        this.root = root;
        this.blobs = root.resolve("blobs").resolve(Digest.ALGORITHM);
        this.ingests = root.resolve("ingest");
    }

    /** Opens (creating if needed) a store under {@code root}, e.g. {@code <state>/content}. */
    public static LocalContentStore open(Path root) throws IOException {
        LocalContentStore store = new LocalContentStore(root.toAbsolutePath());
        Files.createDirectories(store.blobs);
        Files.createDirectories(store.ingests);
        Path layout = store.root.resolve("oci-layout");
        if (!Files.exists(layout)) {
            Files.writeString(layout, "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
        }
        store.removeStaleIngests();
        return store;
    }

    public Path root() {
        return root;
    }

    /**
     * Where a committed blob lives, for callers that need a file (e.g. to hand a layer to
     * a tool). The file must be treated as read-only.
     */
    public Path blobPath(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    @Override
    public Optional<ContentInfo> info(Digest digest) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(blobPath(digest), BasicFileAttributes.class);
            return Optional.of(new ContentInfo(digest, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw new ContentNotFoundException(digest);
        }
    }

    @Override
    public List<ContentInfo> list() throws IOException {
        List<ContentInfo> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(blobs)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                Digest digest;
                try {
                    digest = new Digest(file.getFileName().toString());
                } catch (IllegalArgumentException notABlob) {
                    continue; // a stray file is not content
                }
                info(digest).ifPresent(all::add);
            }
        }
        return all;
    }

    @Override
    public void delete(Digest digest) throws IOException {
        try {
            Files.delete(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw new ContentNotFoundException(digest);
        }
    }

    @Override
    public ContentWriter writer(String ref) throws IOException {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("an ingest needs a non-empty ref");
        }
        if (!activeRefs.add(ref)) {
            throw new ContentException("ingest ref \"" + ref + "\" is already being written");
        }
        try {
            Path folder = ingests.resolve(Digest.of(ref.getBytes(StandardCharsets.UTF_8)).hex());
            Files.createDirectories(folder);
            Path data = folder.resolve("data");
            FileChannel channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return new LocalWriter(ref, folder, data, channel);
        } catch (IOException | RuntimeException e) {
            activeRefs.remove(ref);
            throw e;
        }
    }

    private void removeStaleIngests() throws IOException {
        try (Stream<Path> folders = Files.list(ingests)) {
            for (Path folder : (Iterable<Path>) folders::iterator) {
                deleteFolder(folder);
            }
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException gone) {
            return;
        }
        Files.deleteIfExists(folder);
    }

    private final class LocalWriter implements ContentWriter {
        private final String ref;
        private final Path folder;
        private final Path data;
        private final FileChannel channel;
        private final MessageDigest hash = Digest.newMessageDigest();
        private final OutputStream stream;
        private long written;
        private boolean finished;

        LocalWriter(String ref, Path folder, Path data, FileChannel channel) {
            this.ref = ref;
            this.folder = folder;
            this.data = data;
            this.channel = channel;
            OutputStream file = java.nio.channels.Channels.newOutputStream(channel);
            this.stream = new FilterOutputStream(file) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (finished) {
                        throw new IOException("ingest \"" + ref + "\" is already finished");
                    }
                    file.write(b, off, len);
                    hash.update(b, off, len);
                    written += len;
                }

                @Override
                public void close() {
                    // closing the stream does not end the ingest: commit or close the writer
                }
            };
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public long written() {
            return written;
        }

        @Override
        public Digest digest() {
            try {
                return Digest.of((MessageDigest) hash.clone());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
            }
        }

        @Override
        public ContentInfo commit(long expectedSize, Digest expectedDigest) throws IOException {
            if (finished) {
                throw new IOException("ingest \"" + ref + "\" is already finished");
            }
            try {
                if (expectedSize >= 0 && expectedSize != written) {
                    throw new ContentVerificationException("ingest \"" + ref + "\": size mismatch, expected "
                            + expectedSize + " bytes but got " + written);
                }
                Digest actual = digest();
                if (expectedDigest != null && !expectedDigest.equals(actual)) {
                    throw new ContentVerificationException("ingest \"" + ref + "\": digest mismatch, expected "
                            + expectedDigest + " but content is " + actual);
                }
                channel.force(true);
                channel.close();
                Path target = blobPath(actual);
                if (Files.exists(target)) {
                    return info(actual).orElseThrow(() -> new ContentNotFoundException(actual));
                }
                data.toFile().setReadOnly();
                try {
                    Files.move(data, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    // another ingest committed the same bytes first: theirs is as good as ours
                } catch (AtomicMoveNotSupportedException e) {
                    throw new ContentException("ingest folder and blob folder are on different file systems", e);
                }
                return info(actual).orElseThrow(() -> new ContentNotFoundException(actual));
            } finally {
                finish();
            }
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                finish();
            }
        }

        private void finish() throws IOException {
            finished = true;
            try {
                channel.close();
                deleteFolder(folder);
            } finally {
                activeRefs.remove(ref);
            }
        }
    }
}

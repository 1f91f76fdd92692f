package io.berth.engine.snapshots;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Snapshotter} over overlayfs. On disk, under {@code root}:
 * <pre>
 * layers/&lt;chain id hex&gt;/fs                  a committed snapshot's files (overlay whiteouts)
 * layers/&lt;chain id hex&gt;/link                its short name
 * l/&lt;short&gt; -&gt; ../layers/&lt;hex&gt;/fs          short links, so many lowerdirs fit in one page
 * active/&lt;key&gt;/upper, work, rootfs        an active snapshot (a view has only rootfs)
 * warm/&lt;random&gt;/upper, work, rootfs       a mounted active snapshot made ahead ({@link #keepWarm})
 * tmp/                                    layers being unpacked, snapshots being deleted
 * </pre>
 * Every snapshot directory holds a {@code snapshot.properties}. Directories appear by an
 * atomic rename, so a crash leaves complete snapshots or debris in {@code tmp/}, which
 * {@link #OverlaySnapshotter} clears. One engine process owns {@code root}; this class
 * serialises its own metadata changes, and a long unpack runs outside that lock.
 */
public final class OverlaySnapshotter implements Snapshotter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OverlaySnapshotter.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final String SHORT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int SHORT_LENGTH = 8;

    private final Path root;
    private final Path layers;
    private final Path links;
    private final Path active;
    private final Path tmp;
    private final Path warm;
    private final Mounter mounter = new Mounter();
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    /** Null until {@link #keepWarm} is called; guarded by {@link #lock}. */
    private WarmSnapshots warmPool;
    private WarmInitializer warmInitializer;
    private ExecutorService warmer;

    /** Prepares a warm snapshot's mounted rootfs further, before any container has it. */
    @FunctionalInterface
    public interface WarmInitializer {
        void initialize(Path rootfs) throws IOException;
    }

    public OverlaySnapshotter(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.layers = this.root.resolve("layers");
        this.links = this.root.resolve("l");
        this.active = this.root.resolve("active");
        this.tmp = this.root.resolve("tmp");
        this.warm = this.root.resolve("warm");
        for (Path dir : List.of(layers, links, active, tmp, warm)) {
            Files.createDirectories(dir);
        }
        discardWarmLeftovers();
        deleteTree(tmp);
        Files.createDirectories(tmp);
    }

    /**
     * From now on, keeps a mounted active snapshot ready for each of the {@code parents} layers
     * most recently prepared, made in the background after each {@link #prepare}: the next
     * prepare on the same layer then only renames it into place and writes its record, which
     * takes the directories and the mount off a container's start path. {@link #close()}
     * unmounts and deletes them; a new snapshotter discards any a crash left behind.
     */
    public void keepWarm(int parents) {
        keepWarm(parents, rootfs -> { });
    }

    /**
     * As {@link #keepWarm(int)}, with {@code initializer} run on each warm snapshot's mounted rootfs
     * once it is made, before any container has it: for what every container's rootfs needs
     * anyway (the runtime's mount points), which then lands in its upper directory ahead of time.
     */
    public void keepWarm(int parents, WarmInitializer initializer) {
        synchronized (lock) {
            if (warmPool != null) {
                throw new IllegalStateException("warm snapshots are kept already");
            }
            warmInitializer = initializer;
            warmPool = new WarmSnapshots(parents);
            warmer = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "snapshot-warmer");
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /** Waits until the warm snapshots asked for so far are made: for tests. */
    void awaitWarm() throws Exception {
        ExecutorService current;
        synchronized (lock) {
            current = warmer;
        }
        if (current != null) {
            current.submit(() -> { }).get(30, TimeUnit.SECONDS);
        }
    }

    /** Stops making warm snapshots and unmounts and deletes the ready ones. */
    @Override
    public void close() {
        ExecutorService stopping;
        synchronized (lock) {
            stopping = warmer;
            warmer = null;
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                stopping.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (warmPool != null) {
                warmPool.drain().forEach(this::discardWarm);
            }
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public SnapshotInfo unpack(String chainId, String parent, LayerContent content) throws IOException {
        ChainIds.requireDigest(chainId);
        Optional<SnapshotInfo> existing = stat(chainId);
        if (existing.isPresent()) {
            return existing.get();
        }
        requireCommitted(parent);
        Path staging = Files.createDirectory(tmp.resolve(UUID.randomUUID().toString()));
        try {
            Path fs = Files.createDirectory(staging.resolve("fs"));
            content.writeTo(fs);
            return install(chainId, parent, staging);
        } finally {
            deleteTree(staging);
        }
    }

    @Override
    public Snapshot prepare(String key, String parent) throws IOException {
        return create(key, parent, SnapshotKind.ACTIVE);
    }

    @Override
    public Snapshot view(String key, String parent) throws IOException {
        return create(key, parent, SnapshotKind.VIEW);
    }

    private Snapshot create(String key, String parent, SnapshotKind kind) throws IOException {
        requireKey(key);
        synchronized (lock) {
            requireCommitted(parent);
            Path dir = active.resolve(key);
            if (kind == SnapshotKind.ACTIVE && warmPool != null) {
                Optional<Snapshot> claimed = claimWarm(key, parent, dir);
                scheduleWarm(parent);
                if (claimed.isPresent()) {
                    return claimed.get();
                }
            }
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                throw new SnapshotConflictException("snapshot key " + key + " is already in use");
            }
            try {
                if (kind == SnapshotKind.ACTIVE) {
                    makeWritableDirs(dir, parent);
                } else {
                    Files.createDirectory(dir.resolve("rootfs"));
                    Files.createDirectory(dir.resolve("empty"));
                }
                SnapshotInfo info = new SnapshotInfo(key, kind, parent, Instant.now());
                SnapshotRecords.write(dir, info);
                Snapshot snapshot = describe(info);
                mounter.mount(snapshot.mount(), snapshot.rootfs());
                return snapshot;
            } catch (IOException | RuntimeException e) {
                mounter.unmount(dir.resolve("rootfs"));
                deleteTree(dir);
                throw e;
            }
        }
    }

    @Override
    public Snapshot mount(String key) throws IOException {
        requireKey(key);
        synchronized (lock) {
            Snapshot snapshot = describe(readActive(key));
            if (!mounter.isMounted(snapshot.rootfs())) {
                mounter.mount(snapshot.mount(), snapshot.rootfs());
            }
            return snapshot;
        }
    }

    @Override
    public SnapshotInfo commit(String name, String key) throws IOException {
        ChainIds.requireDigest(name);
        requireKey(key);
        synchronized (lock) {
            SnapshotInfo info = readActive(key);
            if (info.kind() != SnapshotKind.ACTIVE) {
                throw new SnapshotConflictException("cannot commit " + key + ": it is a read-only view");
            }
            if (stat(name).isPresent()) {
                throw new SnapshotConflictException("cannot commit " + key + " as " + name + ": that layer exists already");
            }
            Path dir = active.resolve(key);
            mounter.unmount(dir.resolve("rootfs"));
            if (mounter.isMounted(dir.resolve("rootfs"))) {
                throw new IOException("cannot commit " + key + ": its rootfs is still mounted");
            }
            Path staging = Files.createDirectory(tmp.resolve(UUID.randomUUID().toString()));
            Files.move(dir.resolve("upper"), staging.resolve("fs"));
            SnapshotInfo committed = install(name, info.parent(), staging);
            deleteTree(dir);
            deleteTree(staging);
            return committed;
        }
    }

    @Override
    public void remove(String keyOrName) throws IOException {
        synchronized (lock) {
            if (keyOrName != null && keyOrName.startsWith("sha256:")) {
                removeCommitted(ChainIds.requireDigest(keyOrName));
            } else {
                requireKey(keyOrName);
                readActive(keyOrName);
                Path dir = active.resolve(keyOrName);
                mounter.unmount(dir.resolve("rootfs"));
                if (mounter.isMounted(dir.resolve("rootfs"))) {
                    throw new IOException("refusing to delete " + dir + ": its rootfs is still mounted");
                }
                moveAsideAndDelete(dir);
            }
        }
    }

    private void removeCommitted(String name) throws IOException {
        Path dir = layerDir(name);
        if (!Files.isDirectory(dir)) {
            throw new SnapshotNotFoundException("no layer snapshot " + name);
        }
        if (warmPool != null) {
            warmPool.take(name).ifPresent(this::discardWarm); // made ahead on this layer: nobody uses it
        }
        List<String> users = new ArrayList<>();
        for (SnapshotInfo info : list()) {
            if (name.equals(info.parent())) {
                users.add(info.kind().name().toLowerCase() + " " + info.key());
            }
        }
        if (!users.isEmpty()) {
            throw new SnapshotConflictException("layer " + name + " is still used by " + String.join(", ", users));
        }
        Optional<String> shortName = readShortName(dir);
        if (shortName.isPresent()) {
            Files.deleteIfExists(links.resolve(shortName.get()));
        }
        moveAsideAndDelete(dir);
    }

    @Override
    public Optional<SnapshotInfo> stat(String keyOrName) throws IOException {
        Path dir;
        if (keyOrName != null && keyOrName.startsWith("sha256:")) {
            dir = layerDir(ChainIds.requireDigest(keyOrName));
        } else {
            requireKey(keyOrName);
            dir = active.resolve(keyOrName);
        }
        try {
            return Optional.of(SnapshotRecords.read(dir));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<SnapshotInfo> list() throws IOException {
        List<SnapshotInfo> all = new ArrayList<>();
        all.addAll(readAll(layers));
        all.addAll(readAll(active));
        return all;
    }

    @Override
    public List<Change> diff(String key) throws IOException {
        SnapshotInfo info = readActive(key);
        if (info.kind() != SnapshotKind.ACTIVE) {
            throw new SnapshotConflictException(key + " is a read-only view: it has no changes");
        }
        return ContainerDiff.of(active.resolve(key).resolve("upper"), new LowerLayers(chainDirs(info.parent())));
    }

    @Override
    public List<Path> layerDirs(String keyOrName) throws IOException {
        SnapshotInfo info = stat(keyOrName).orElseThrow(() -> new SnapshotNotFoundException("no snapshot " + keyOrName));
        return info.kind() == SnapshotKind.COMMITTED ? chainDirs(info.key()) : chainDirs(info.parent());
    }

    /** The fs directories of committed snapshot {@code name} and its ancestors, nearest first. */
    private List<Path> chainDirs(String name) throws IOException {
        List<Path> dirs = new ArrayList<>();
        String current = name;
        while (current != null) {
            Path dir = layerDir(current);
            SnapshotInfo info;
            try {
                info = SnapshotRecords.read(dir);
            } catch (NoSuchFileException e) {
                throw new SnapshotNotFoundException("layer " + current + " is missing from " + layers);
            }
            dirs.add(dir.resolve("fs"));
            current = info.parent();
        }
        return dirs;
    }

    /** The mount for an active snapshot or view, using the short links as lower dirs. */
    private Snapshot describe(SnapshotInfo info) throws IOException {
        return describe(info, active.resolve(info.key()));
    }

    private Snapshot describe(SnapshotInfo info, Path dir) throws IOException {
        List<Path> lowers = new ArrayList<>();
        for (Path fs : chainDirs(info.parent())) {
            lowers.add(shortLink(fs.getParent()));
        }
        Path rootfs = dir.resolve("rootfs");
        if (info.kind() == SnapshotKind.VIEW) {
            Mount mount = switch (lowers.size()) {
                case 0 -> Mount.bind(dir.resolve("empty"), true);
                case 1 -> Mount.bind(lowers.get(0), true);
                default -> Mount.readOnlyOverlay(lowers);
            };
            return new Snapshot(info, mount, rootfs, null);
        }
        Path upper = dir.resolve("upper");
        Mount mount = lowers.isEmpty() ? Mount.bind(upper, false) : Mount.overlay(lowers, upper, dir.resolve("work"));
        return new Snapshot(info, mount, rootfs, upper);
    }

    /** Moves a complete staging directory into layers/ under the chain id and gives it a short link. */
    private SnapshotInfo install(String name, String parent, Path staging) throws IOException {
        synchronized (lock) {
            Path target = layerDir(name);
            if (Files.exists(target)) {
                return SnapshotRecords.read(target); // unpacked meanwhile by someone else
            }
            requireCommitted(parent);
            SnapshotInfo info = new SnapshotInfo(name, SnapshotKind.COMMITTED, parent, Instant.now());
            SnapshotRecords.write(staging, info);
            String shortName = newShortName();
            Files.writeString(staging.resolve("link"), shortName);
            Files.move(staging, target);
            Files.createSymbolicLink(links.resolve(shortName), links.relativize(target.resolve("fs")));
            return info;
        }
    }

    /** The short link of a layer directory, recreated if a crash lost it. */
    private Path shortLink(Path layerDir) throws IOException {
        String shortName = readShortName(layerDir)
                .orElseThrow(() -> new IOException("layer " + layerDir + " has no short link name"));
        Path link = links.resolve(shortName);
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, links.relativize(layerDir.resolve("fs")));
        }
        return link;
    }

    private Optional<String> readShortName(Path layerDir) throws IOException {
        try {
            return Optional.of(Files.readString(layerDir.resolve("link")).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private String newShortName() {
        while (true) {
            StringBuilder name = new StringBuilder(SHORT_LENGTH);
            for (int i = 0; i < SHORT_LENGTH; i++) {
                name.append(SHORT_ALPHABET.charAt(random.nextInt(SHORT_ALPHABET.length())));
            }
            if (!Files.exists(links.resolve(name.toString()), LinkOption.NOFOLLOW_LINKS)) {
                return name.toString();
            }
        }
    }

    // ---- warm snapshots (all under lock) ------------------------------------------------

    /**
     * Moves the warm snapshot ready for {@code parent} into place as {@code key}. Its record is
     * written first, inside the warm directory, so that {@code active/} only ever holds complete
     * snapshots. The rename keeps the mount: it follows the directory.
     */
    private Optional<Snapshot> claimWarm(String key, String parent, Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new SnapshotConflictException("snapshot key " + key + " is already in use");
        }
        Optional<Path> ready = warmPool.take(parent);
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        SnapshotInfo info = new SnapshotInfo(key, SnapshotKind.ACTIVE, parent, Instant.now());
        try {
            SnapshotRecords.write(ready.get(), info);
            Files.move(ready.get(), dir);
        } catch (IOException e) {
            discardWarm(ready.get());
            return Optional.empty(); // prepared the usual way instead
        }
        return Optional.of(describe(info));
    }

    /** Has the warmer make a snapshot on {@code parent} ready, unless one is or the pool was closed. */
    private void scheduleWarm(String parent) {
        if (warmer == null) {
            return;
        }
        warmer.execute(() -> {
            synchronized (lock) {
                if (warmer == null || warmPool.has(parent)) {
                    return;
                }
                try {
                    requireCommitted(parent);
                    Path dir = makeWarm(parent);
                    warmPool.add(parent, dir).forEach(this::discardWarm);
                } catch (IOException | RuntimeException e) {
                    // The layer went away, or the disk is full: prepare works without a warm one.
                    LOG.debug("no warm snapshot on {}: {}", parent, e.toString());
                }
            }
        });
    }

    private Path makeWarm(String parent) throws IOException {
        Path dir = Files.createDirectory(warm.resolve(UUID.randomUUID().toString()));
        try {
            makeWritableDirs(dir, parent);
            Snapshot ahead = describe(new SnapshotInfo("warm", SnapshotKind.ACTIVE, parent, Instant.now()), dir);
            mounter.mount(ahead.mount(), ahead.rootfs());
            warmInitializer.initialize(ahead.rootfs());
            return dir;
        } catch (IOException | RuntimeException e) {
            discardWarm(dir);
            throw e;
        }
    }

    private void discardWarm(Path dir) {
        try {
            mounter.unmount(dir.resolve("rootfs"));
            if (!mounter.isMounted(dir.resolve("rootfs"))) {
                deleteTree(dir);
            }
        } catch (IOException e) {
            LOG.warn("cannot discard the warm snapshot {}: {}", dir, e.toString());
        }
    }

    /** Warm snapshots an earlier process made: never claimed, so nobody's files are in them. */
    private void discardWarmLeftovers() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(warm)) {
            for (Path dir : dirs) {
                discardWarm(dir);
            }
        }
    }

    /** An active snapshot's {@code rootfs}, {@code upper} and {@code work} in {@code dir}, the upper root as the image's. */
    private void makeWritableDirs(Path dir, String parent) throws IOException {
        Files.createDirectory(dir.resolve("rootfs"));
        Files.createDirectory(dir.resolve("upper"));
        Files.createDirectory(dir.resolve("work"));
        copyRootAttributes(parent, dir.resolve("upper"));
    }

    /** The merged root takes the upper root's mode and owner: start it as the image's root. */
    private void copyRootAttributes(String parent, Path upper) throws IOException {
        if (parent == null) {
            return;
        }
        FileStat top = FileStat.of(chainDirs(parent).get(0));
        Files.setAttribute(upper, "unix:uid", top.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(upper, "unix:gid", top.gid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(upper, "unix:mode", top.permissions(), LinkOption.NOFOLLOW_LINKS);
    }

    private SnapshotInfo readActive(String key) throws IOException {
        requireKey(key);
        try {
            return SnapshotRecords.read(active.resolve(key));
        } catch (NoSuchFileException e) {
            throw new SnapshotNotFoundException("no active snapshot or view " + key);
        }
    }

    private void requireCommitted(String parent) throws IOException {
        if (parent == null) {
            return;
        }
        ChainIds.requireDigest(parent);
        if (!Files.exists(layerDir(parent).resolve(SnapshotRecords.FILE))) {
            throw new SnapshotNotFoundException("parent layer " + parent + " is not unpacked");
        }
    }

    private static void requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid snapshot key '" + key
                    + "': use letters, digits, '_', '.', '-', starting with a letter or digit, at most 128");
        }
    }

    private Path layerDir(String chainId) {
        return layers.resolve(chainId.substring("sha256:".length()));
    }

    private List<SnapshotInfo> readAll(Path parent) throws IOException {
        List<SnapshotInfo> infos = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent)) {
            for (Path dir : dirs) {
                if (Files.exists(dir.resolve(SnapshotRecords.FILE))) {
                    infos.add(SnapshotRecords.read(dir));
                }
            }
        }
        infos.sort(Comparator.comparing(SnapshotInfo::key));
        return infos;
    }

    /** A rename first, so a half-deleted snapshot never looks like a whole one. */
    private void moveAsideAndDelete(Path dir) throws IOException {
        Path aside = tmp.resolve("removing-" + UUID.randomUUID());
        Files.move(dir, aside);
        deleteTree(aside);
    }

    /** Deletes a tree without following symlinks (walkFileTree does not follow them by default). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

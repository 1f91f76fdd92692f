package io.berth.engine.images;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.engine.content.ContentNotFoundException;
import io.berth.engine.content.ContentProvider;
import io.berth.engine.content.Digest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An {@link ImageStore} kept in one file, {@code <root>/images.json}, rewritten whole
 * and renamed into place on every change, so a crash leaves the old or the new list,
 * never half of one. Image counts per host are small enough for this.
 *
 * <p>The file is one list of records; dangling ones have {@code "name": null}, so files
 * written before dangling images existed read unchanged. In memory named records are
 * keyed by name and dangling ones by image id, with the invariant that an id is never in
 * both: an image with a name is not dangling.
 */
public final class LocalImageStore implements ImageStore {

    private static final Pattern FULL_ID = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern ID_PREFIX = Pattern.compile("(?:sha256:)?[a-f0-9]{4,64}");

    private final Path file;
    private final ContentProvider content;
    private final ImageContent images;
    private final ImageUsage usage;
    private final Clock clock;
    private final Map<String, ImageRecord> records = new TreeMap<>();
    private final Map<Digest, ImageRecord> dangling = new TreeMap<>(Comparator.comparing(Digest::toString));

    private LocalImageStore(Path root, ContentProvider content, ImageUsage usage, Clock clock) {
        this.file = root.resolve("images.json");
        this.content = content;
        this.images = new ImageContent(content);
        this.usage = usage;
        this.clock = clock;
    }

    public static LocalImageStore open(Path root, ContentProvider content, ImageUsage usage, Clock clock) throws IOException {
        Files.createDirectories(root);
        LocalImageStore store = new LocalImageStore(root, content, usage, clock);
        if (Files.exists(store.file)) {
            List<ImageRecord> saved = OciJson.mapper().readValue(store.file.toFile(), new TypeReference<List<ImageRecord>>() { });
            for (ImageRecord r : saved) {
                if (r.isDangling()) {
                    store.dangling.put(r.imageId(), r);
                } else {
                    store.records.put(r.name().toString(), r);
                }
            }
        }
        return store;
    }

    public static LocalImageStore open(Path root, ContentProvider content, ImageUsage usage) throws IOException {
        return open(root, content, usage, Clock.systemUTC());
    }

    @Override
    public synchronized ImageRecord put(ImageReference name, Descriptor target) throws IOException {
        if (!content.exists(target.digest())) {
            throw new ContentNotFoundException(target.digest());
        }
        Manifest manifest = images.manifest(target);
        Instant now = clock.instant();
        ImageRecord previous = records.get(name.toString());
        Digest id = manifest.config().digest();
        ImageRecord record = new ImageRecord(name, target, id, previous == null ? now : previous.createdAt(), now);
        records.put(name.toString(), record);
        dangling.remove(id);
        if (previous != null && !previous.imageId().equals(id) && withName(previous.imageId()).isEmpty()) {
            // Docker keeps an image whose last name moved elsewhere as <none>:<none>
            dangling.put(previous.imageId(),
                    new ImageRecord(null, previous.target(), previous.imageId(), previous.createdAt(), now));
        }
        save();
        return record;
    }

    @Override
    public synchronized ImageRecord putDangling(Descriptor target) throws IOException {
        if (!content.exists(target.digest())) {
            throw new ContentNotFoundException(target.digest());
        }
        Digest id = images.manifest(target).config().digest();
        List<ImageRecord> named = withName(id);
        if (!named.isEmpty()) {
            return named.get(0);
        }
        ImageRecord existing = dangling.get(id);
        if (existing != null && existing.target().equals(target)) {
            return existing;
        }
        Instant now = clock.instant();
        ImageRecord record = new ImageRecord(null, target, id, existing == null ? now : existing.createdAt(), now);
        dangling.put(id, record);
        save();
        return record;
    }

    @Override
    public synchronized Optional<ImageRecord> get(ImageReference name) {
        return Optional.ofNullable(records.get(name.toString()));
    }

    @Override
    public synchronized ImageRecord resolve(String nameOrId) throws IOException {
        return lookup(nameOrId).records().get(0);
    }

    /** The records a name or id stands for, and whether it was given as an id. */
    private record Lookup(List<ImageRecord> records, boolean byId) {
    }

    private Lookup lookup(String nameOrId) throws IOException {
        if (FULL_ID.matcher(nameOrId).matches()) {
            List<ImageRecord> byId = withId(Digest.parse(nameOrId));
            if (byId.isEmpty()) {
                throw new ImageNotFoundException(nameOrId);
            }
            return new Lookup(byId, true);
        }
        try {
            ImageRecord named = records.get(ImageReference.parse(nameOrId).toString());
            if (named != null) {
                return new Lookup(List.of(named), false);
            }
        } catch (InvalidReferenceException notAName) {
            if (!ID_PREFIX.matcher(nameOrId).matches()) {
                throw notAName;
            }
        }
        if (ID_PREFIX.matcher(nameOrId).matches()) {
            String prefix = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
            Set<Digest> ids = new LinkedHashSet<>();
            all().map(ImageRecord::imageId).filter(id -> id.hex().startsWith(prefix)).forEach(ids::add);
            if (ids.size() > 1) {
                throw new ImageNotFoundException(nameOrId + " (ambiguous: matches " + ids.size() + " image ids)");
            }
            if (ids.size() == 1) {
                return new Lookup(withId(ids.iterator().next()), true);
            }
        }
        throw new ImageNotFoundException(nameOrId);
    }

    /** The named records of an image, or its dangling record: what the id stands for. */
    private List<ImageRecord> withId(Digest id) {
        List<ImageRecord> named = withName(id);
        ImageRecord unnamed = dangling.get(id);
        return named.isEmpty() && unnamed != null ? List.of(unnamed) : named;
    }

    private List<ImageRecord> withName(Digest id) {
        return records.values().stream().filter(r -> r.imageId().equals(id)).toList();
    }

    /** Named records by name, then dangling ones by id: the order of {@link #list()} and of the file. */
    private Stream<ImageRecord> all() {
        return Stream.concat(records.values().stream(), dangling.values().stream());
    }

    @Override
    public synchronized List<ImageRecord> list() {
        return all().toList();
    }

    @Override
    public synchronized ImageRecord tag(String source, ImageReference target) throws IOException {
        return put(target, resolve(source).target());
    }

    @Override
    public synchronized void untag(ImageReference name) throws IOException {
        if (records.remove(name.toString()) == null) {
            throw new ImageNotFoundException(name.familiarString());
        }
        save();
    }

    @Override
    public synchronized ImageInspection inspect(String nameOrId) throws IOException {
        ImageRecord record = resolve(nameOrId);
        Manifest manifest = images.manifest(record.target());
        ImageConfig config = images.config(manifest);
        List<String> tags = new ArrayList<>();
        Set<String> digests = new LinkedHashSet<>();
        for (ImageRecord same : withName(record.imageId())) {
            if (same.name().tag() != null) {
                tags.add(same.name().familiarString());
            }
            digests.add(same.name().familiarName() + "@" + same.target().digest());
        }
        long size = manifest.config().size() + manifest.layers().stream().mapToLong(Descriptor::size).sum();
        return new ImageInspection(record.imageId(), tags, List.copyOf(digests), record.target(), manifest, config, size);
    }

    @Override
    public synchronized RemovalReport remove(String nameOrId, boolean force) throws IOException {
        Lookup lookup = lookup(nameOrId);
        Digest id = lookup.records().get(0).imageId();
        List<ImageRecord> allNames = withId(id);
        if (!lookup.byId() && allNames.size() > 1) {
            // one of several names: only the name goes, as docker rmi does
            ImageRecord name = lookup.records().get(0);
            records.remove(name.name().toString());
            save();
            return new RemovalReport(List.of(name.name()), null);
        }
        if (lookup.byId() && allNames.size() > 1 && !force) {
            throw new ImageConflictException("conflict: unable to delete " + id.shortHex()
                    + " (must be forced) - image is referenced in multiple repositories: "
                    + allNames.stream().map(r -> r.name().familiarString()).toList());
        }
        List<String> containers = usage.containersUsing(id);
        if (!containers.isEmpty() && !force) {
            throw new ImageConflictException("conflict: unable to remove " + nameOrId + " (must force) - image "
                    + id.shortHex() + " is used by container" + (containers.size() > 1 ? "s " : " ")
                    + String.join(", ", containers));
        }
        List<ImageReference> untagged = allNames.stream().filter(r -> !r.isDangling()).map(ImageRecord::name)
                .sorted(Comparator.comparing(ImageReference::toString)).toList();
        untagged.forEach(name -> records.remove(name.toString()));
        dangling.remove(id);
        save();
        return new RemovalReport(untagged, id);
    }

    @Override
    public synchronized Set<Digest> roots() {
        Set<Digest> roots = new LinkedHashSet<>();
        all().forEach(r -> roots.add(r.target().digest()));
        return roots;
    }

    private void save() throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] json = OciJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(all().toList());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(json));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

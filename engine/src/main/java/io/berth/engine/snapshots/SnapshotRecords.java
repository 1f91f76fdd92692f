package io.berth.engine.snapshots;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * Reads and writes the small {@code snapshot.properties} file each snapshot directory
 * keeps: key, kind, parent, created. The directory tree is the whole database: nothing
 * else needs to survive an engine restart.
 */
final class SnapshotRecords {

    static final String FILE = "snapshot.properties";

    private SnapshotRecords() {
    }

    static void write(Path dir, SnapshotInfo info) throws IOException {
        Properties p = new Properties();
        p.setProperty("key", info.key());
        p.setProperty("kind", info.kind().name());
        if (info.parent() != null) {
            p.setProperty("parent", info.parent());
        }
        p.setProperty("created", info.created().toString());
        Path temp = dir.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            p.store(out, null);
        }
        Files.move(temp, dir.resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static SnapshotInfo read(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String key = p.getProperty("key");
        String kind = p.getProperty("kind");
        String created = p.getProperty("created");
        if (key == null || kind == null || created == null) {
            throw new IOException("incomplete snapshot record " + dir.resolve(FILE));
        }
        return new SnapshotInfo(key, SnapshotKind.valueOf(kind), p.getProperty("parent"), Instant.parse(created));
    }
}

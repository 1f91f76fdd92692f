package io.berth.engine.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * What Berth remembers about a container beyond what runc and conmon keep, so that a
 * new engine process can take over: the spec, the rootfs, conmon's uuid, the restart
 * count and whether the user stopped it. Stored as {@code berth.json} in the bundle,
 * replaced atomically.
 */
record ContainerRecord(ContainerSpec spec, String rootfs, String conmonUuid, Instant createdAt,
                       Instant startedAt, int restartCount, boolean stoppedByUser) {
    private static final ObjectMapper JSON = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    ContainerRecord withStarted(Instant at, String uuid) {
        return new ContainerRecord(spec, rootfs, uuid, createdAt, at, restartCount, false);
    }

    ContainerRecord withStoppedByUser(boolean stopped) {
        return new ContainerRecord(spec, rootfs, conmonUuid, createdAt, startedAt, restartCount, stopped);
    }

    ContainerRecord withRestartCount(int count) {
        return new ContainerRecord(spec, rootfs, conmonUuid, createdAt, startedAt, count, stoppedByUser);
    }

    void write(Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write container record " + file, e);
        }
    }

    static ContainerRecord read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ContainerRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read container record " + file, e);
        }
    }
}

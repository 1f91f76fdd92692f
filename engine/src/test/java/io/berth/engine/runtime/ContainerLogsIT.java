package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The log file reader against a real file that a writer thread appends to, as conmon does. */
@Timeout(30)
class ContainerLogsIT {
    private static final Duration POLL = Duration.ofMillis(10);

    @TempDir
    Path dir;

    private static String line(int second, String stream, String tag, String text) {
        return "2026-11-23T20:00:%02d.000000000+00:00 %s %s %s\n".formatted(second, stream, tag, text);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void readsTailAndSinceFromAFinishedLog() throws IOException {
        Path log = dir.resolve("ctr.log");
        append(log, line(1, "stdout", "F", "a") + line(2, "stderr", "F", "b") + line(3, "stdout", "F", "c"));
        try (ContainerLogs logs = ContainerLogs.open(log, LogQuery.all().withTail(2), () -> false, POLL)) {
            assertThat(logs.toList()).extracting(LogEntry::text).containsExactly("b", "c");
        }
        try (ContainerLogs logs = ContainerLogs.open(log, LogQuery.all().withSince(Instant.parse("2026-11-23T20:00:02Z")), () -> true, POLL)) {
            assertThat(logs.toList()).extracting(LogEntry::text).containsExactly("b", "c");
        }
        try (ContainerLogs logs = ContainerLogs.open(log, LogQuery.all().onlyStdout().withTail(1), () -> false, POLL)) {
            assertThat(logs.toList()).extracting(LogEntry::text).containsExactly("c");
        }
        try (ContainerLogs logs = ContainerLogs.open(log, LogQuery.all().withTail(0), () -> false, POLL)) {
            assertThat(logs.toList()).isEmpty();
        }
    }

    @Test
    void followWaitsForLinesWrittenInPiecesAndEndsWhenTheWriterStops() throws Exception {
        Path log = dir.resolve("ctr.log");
        append(log, line(1, "stdout", "F", "old-1") + line(2, "stdout", "F", "old-2"));
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<List<LogEntry>> follower;
        ContainerLogs logs = ContainerLogs.open(log, LogQuery.all().withTail(1).following(), running::get, POLL);
        follower = CompletableFuture.supplyAsync(logs::toList);
        Thread.sleep(100);
        assertThat(follower).isNotDone();
        String split = line(3, "stdout", "P", "par") + line(4, "stdout", "F", "tial");
        append(log, split.substring(0, 20)); // half a line: must not be parsed yet
        Thread.sleep(50);
        append(log, split.substring(20));
        append(log, line(5, "stderr", "F", "new"));
        running.set(false);
        List<LogEntry> entries = follower.get(5, TimeUnit.SECONDS);
        assertThat(entries).extracting(LogEntry::text).containsExactly("old-2", "partial", "new");
    }

    @Test
    void followOfAMissingFileWaitsForIt() throws Exception {
        Path log = dir.resolve("later.log");
        AtomicBoolean running = new AtomicBoolean(true);
        ContainerLogs logs = ContainerLogs.open(log, LogQuery.all().following(), running::get, POLL);
        CompletableFuture<List<LogEntry>> follower = CompletableFuture.supplyAsync(logs::toList);
        Thread.sleep(50);
        append(log, line(1, "stdout", "F", "first"));
        Thread.sleep(50);
        running.set(false);
        assertThat(follower.get(5, TimeUnit.SECONDS)).extracting(LogEntry::text).containsExactly("first");
    }

    @Test
    void closingStopsAFollower() throws Exception {
        Path log = dir.resolve("ctr.log");
        append(log, line(1, "stdout", "F", "x"));
        ContainerLogs logs = ContainerLogs.open(log, LogQuery.all().following(), () -> true, POLL);
        assertThat(logs.next().text()).isEqualTo("x");
        CompletableFuture<Boolean> more = CompletableFuture.supplyAsync(logs::hasNext);
        Thread.sleep(50);
        logs.close();
        assertThat(more.get(5, TimeUnit.SECONDS)).isFalse();
    }
}

package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class K8sFileLogParserTest {
    private static final String T1 = "2026-11-23T20:13:18.039881946+00:00";
    private static final String T2 = "2026-11-23T20:13:18.539983016+00:00";
    private static final String T3 = "2026-11-23T22:13:19.000000001+02:00";

    @Test
    void parsesFullLinesWithStreamAndNanosecondTimestamps() {
        List<LogEntry> entries = K8sFileLogParser.parseAll(List.of(
            T1 + " stdout F hello world", T2 + " stderr F oops"));
        assertThat(entries).containsExactly(
            new LogEntry(Instant.parse("2026-11-23T20:13:18.039881946Z"), StdStream.STDOUT, "hello world"),
            new LogEntry(Instant.parse("2026-11-23T20:13:18.539983016Z"), StdStream.STDERR, "oops"));
    }

    @Test
    void honoursTheOffset() {
        assertThat(K8sFileLogParser.parseAll(List.of(T3 + " stdout F x")).get(0).timestamp())
            .isEqualTo(Instant.parse("2026-11-23T20:13:19.000000001Z"));
    }

    @Test
    void joinsPartialChunksPerStreamWithTheFirstTimestamp() {
        List<LogEntry> entries = K8sFileLogParser.parseAll(List.of(
            T1 + " stdout P abc",
            T1 + " stderr F interleaved",
            T2 + " stdout P def",
            T3 + " stdout F ghi"));
        assertThat(entries).containsExactly(
            new LogEntry(Instant.parse("2026-11-23T20:13:18.039881946Z"), StdStream.STDERR, "interleaved"),
            new LogEntry(Instant.parse("2026-11-23T20:13:18.039881946Z"), StdStream.STDOUT, "abcdefghi"));
    }

    @Test
    void keepsEmptyLinesAndSpacesInText() {
        assertThat(K8sFileLogParser.parseAll(List.of(T1 + " stdout F ", T1 + " stdout F  two  spaces ", T1 + " stdout F")))
            .extracting(LogEntry::text).containsExactly("", " two  spaces ", "");
    }

    @Test
    void aPartialLineLeftAtTheEndBecomesAnEntry() {
        assertThat(K8sFileLogParser.parseAll(List.of(T1 + " stdout P no newline")))
            .extracting(LogEntry::text).containsExactly("no newline");
    }

    @Test
    void incrementalParserReturnsEntriesAsLinesComplete() {
        K8sFileLogParser p = new K8sFileLogParser();
        assertThat(p.accept(T1 + " stdout P a")).isEmpty();
        assertThat(p.accept(T2 + " stdout F b")).extracting(LogEntry::text).containsExactly("ab");
        assertThat(p.finish()).isEmpty();
    }

    @Test
    void refusesMalformedLines() {
        assertThatThrownBy(() -> K8sFileLogParser.parseAll(List.of("garbage"))).hasMessageContaining("malformed k8s-file log line");
        assertThatThrownBy(() -> K8sFileLogParser.parseAll(List.of("yesterday stdout F x"))).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> K8sFileLogParser.parseAll(List.of(T1 + " stdin F x"))).hasMessageContaining("unknown log stream 'stdin'");
        assertThatThrownBy(() -> K8sFileLogParser.parseAll(List.of(T1 + " stdout X x"))).hasMessageContaining("tag 'X'");
    }

    @Test
    void queryFiltersBySinceAndStream() {
        LogEntry early = new LogEntry(Instant.parse("2026-01-01T00:00:00Z"), StdStream.STDOUT, "a");
        LogEntry late = new LogEntry(Instant.parse("2026-01-02T00:00:00Z"), StdStream.STDERR, "b");
        LogQuery since = LogQuery.all().withSince(Instant.parse("2026-01-01T12:00:00Z"));
        assertThat(since.accepts(early)).isFalse();
        assertThat(since.accepts(late)).isTrue();
        assertThat(LogQuery.all().onlyStdout().accepts(late)).isFalse();
        assertThat(LogQuery.all().onlyStderr().accepts(late)).isTrue();
        assertThatThrownBy(() -> LogQuery.all().withTail(-2)).hasMessageContaining("tail must be -1");
    }
}

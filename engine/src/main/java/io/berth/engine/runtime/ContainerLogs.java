package io.berth.engine.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A reader over a container's conmon log file. Without {@code follow} it returns what
 * the file holds and ends. With {@code follow}, {@link #hasNext()} blocks for new entries
 * while the container runs, and ends once the container has exited and the file is
 * drained — the reader checks "still running" <em>before</em> its last read, so nothing
 * written before the exit is lost. Close it to stop following early.
 */
public final class ContainerLogs implements Iterator<LogEntry>, AutoCloseable {
    private static final int READ_SIZE = 64 * 1024;

    private final Path file;
    private final LogQuery query;
    private final BooleanSupplier running;
    private final Duration pollInterval;
    private final K8sFileLogParser parser = new K8sFileLogParser();
    private final Deque<LogEntry> ready = new ArrayDeque<>();
    private final ByteArrayOutputStream incompleteLine = new ByteArrayOutputStream();
    private FileChannel channel;
    private boolean ended;
    private volatile boolean closed;

    private ContainerLogs(Path file, LogQuery query, BooleanSupplier running, Duration pollInterval) {
        this.file = file;
        this.query = query;
        this.running = running;
        this.pollInterval = pollInterval;
    }

    /**
     * @param running whether the container's process may still write (only asked when following)
     */
    public static ContainerLogs open(Path file, LogQuery query, BooleanSupplier running, Duration pollInterval) {
        ContainerLogs logs = new ContainerLogs(file, query, running, pollInterval);
        logs.readBacklog();
        return logs;
    }

    private void readBacklog() {
        List<LogEntry> backlog = new ArrayList<>();
        for (LogEntry e : readAvailable()) {
            if (query.accepts(e)) {
                backlog.add(e);
            }
        }
        if (!query.follow()) {
            for (LogEntry e : parser.finish()) {
                if (query.accepts(e)) {
                    backlog.add(e);
                }
            }
            ended = true;
            closeChannel();
        }
        int from = query.tail() < 0 ? 0 : Math.max(0, backlog.size() - query.tail());
        ready.addAll(backlog.subList(from, backlog.size()));
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !ended) {
            if (closed) {
                ended = true;
                break;
            }
            boolean mayStillWrite = running.getAsBoolean();
            queue(readAvailable());
            if (!ready.isEmpty()) {
                break;
            }
            if (!mayStillWrite) {
                queue(parser.finish());
                ended = true;
                closeChannel();
                break;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = true;
            }
        }
        return !ready.isEmpty();
    }

    @Override
    public LogEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more log entries");
        }
        return ready.poll();
    }

    /** The entries as a stream; closing the stream closes this reader. */
    public Stream<LogEntry> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
            .onClose(this::close);
    }

    /** Everything this reader returns, as a list (blocks until the end when following). */
    public List<LogEntry> toList() {
        List<LogEntry> all = new ArrayList<>();
        forEachRemaining(all::add);
        return all;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void queue(List<LogEntry> entries) {
        for (LogEntry e : entries) {
            if (query.accepts(e)) {
                ready.add(e);
            }
        }
    }

    /** Reads what was appended since the last call; complete lines become entries. */
    private List<LogEntry> readAvailable() {
        try {
            if (channel == null) {
                try {
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    return List.of();
                }
            }
            List<LogEntry> out = new ArrayList<>();
            ByteBuffer buf = ByteBuffer.allocate(READ_SIZE);
            while (channel.read(buf) > 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b == '\n') {
                        String line = incompleteLine.toString(StandardCharsets.UTF_8);
                        incompleteLine.reset();
                        if (!line.isEmpty()) {
                            out.addAll(parser.accept(line));
                        }
                    } else {
                        incompleteLine.write(b);
                    }
                }
                buf.clear();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read container log " + file, e);
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only channel: nothing to flush
            }
            channel = null;
        }
    }

}

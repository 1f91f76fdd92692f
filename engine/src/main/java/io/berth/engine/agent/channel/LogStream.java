package io.berth.engine.agent.channel;

import io.berth.engine.runtime.ContainerLogs;
import io.berth.engine.runtime.ContainerRuntime;
import io.berth.engine.runtime.LogEntry;
import io.berth.engine.runtime.LogQuery;
import io.berth.engine.runtime.NoSuchContainerException;
import io.berth.protocol.channel.ChannelFrame;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log session: the container's log lines as LogLine frames, then End. Following ends when
 * the container has exited and its log is drained, or on Cancel.
 */
final class LogStream implements ChannelSession {

    private static final Logger LOG = LoggerFactory.getLogger(LogStream.class);

    private final ChannelFrame.OpenLogs open;
    private final ContainerRuntime runtime;
    private final FrameSender out;
    private volatile ContainerLogs logs;
    private volatile boolean cancelled;

    LogStream(ChannelFrame.OpenLogs open, ContainerRuntime runtime, FrameSender out) {
        this.open = open;
        this.runtime = runtime;
        this.out = out;
    }

    @Override
    public void run() {
        String session = open.sessionId();
        try {
            logs = runtime.logs(open.containerId(), query(open));
            if (cancelled) {
                logs.close();
            }
            while (logs.hasNext()) {
                LogEntry entry = logs.next();
                if (!out.send(new ChannelFrame.LogLine(session, entry.stream().name().toLowerCase(Locale.ROOT),
                        entry.timestamp().toString(), entry.text()))) {
                    logs.close();
                    return;
                }
            }
        } catch (NoSuchContainerException e) {
            out.send(new ChannelFrame.Error(session, "no such container: " + open.containerId(), true));
        } catch (IllegalArgumentException e) {
            out.send(new ChannelFrame.Error(session, e.getMessage(), false));
        } catch (RuntimeException e) {
            LOG.warn("log session {} of {} failed", session, open.containerId(), e);
            out.send(new ChannelFrame.Error(session, "reading the log failed: " + e.getMessage(), false));
        }
        out.send(new ChannelFrame.End(session));
    }

    @Override
    public void cancel() {
        cancelled = true;
        ContainerLogs reader = logs;
        if (reader != null) {
            reader.close();
        }
    }

    static LogQuery query(ChannelFrame.OpenLogs open) {
        boolean stdout = open.stdout() || !open.stderr(); // neither asked: both, as docker logs
        boolean stderr = open.stderr() || !open.stdout();
        return new LogQuery(open.tail() < 0 ? -1 : open.tail(), since(open.since()), open.follow(), stdout, stderr);
    }

    /** RFC 3339 ({@code 2024-05-01T10:00:00Z}, with an offset or not) or Unix seconds, as docker logs --since. */
    static Instant since(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            if (value.matches("\\d+(\\.\\d+)?")) {
                double seconds = Double.parseDouble(value);
                long whole = (long) seconds;
                return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid since '" + text + "': expected RFC 3339 or Unix seconds");
        }
    }
}

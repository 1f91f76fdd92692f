package io.berth.engine.agent.channel;

import io.berth.engine.runtime.NoSuchContainerException;
import io.berth.engine.snapshots.Change;
import io.berth.protocol.channel.ChannelFrame;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A diff session: one Diff frame with the container's changes (or an Error), then End. */
final class DiffSession implements ChannelSession {

    private static final Logger LOG = LoggerFactory.getLogger(DiffSession.class);

    private final ChannelFrame.OpenDiff open;
    private final ContainerChanges changes;
    private final FrameSender out;

    DiffSession(ChannelFrame.OpenDiff open, ContainerChanges changes, FrameSender out) {
        this.open = open;
        this.changes = changes;
        this.out = out;
    }

    @Override
    public void run() {
        String session = open.sessionId();
        try {
            out.send(new ChannelFrame.Diff(session, frames(changes.of(open.containerId()))));
        } catch (NoSuchContainerException e) {
            out.send(new ChannelFrame.Error(session, "no such container: " + open.containerId(), true));
        } catch (IOException | RuntimeException e) {
            LOG.warn("diff session {} of {} failed", session, open.containerId(), e);
            out.send(new ChannelFrame.Error(session, "reading the container's changes failed: " + e.getMessage(),
                    false));
        }
        out.send(new ChannelFrame.End(session));
    }

    @Override
    public void cancel() {
        // one read of the upper directory: nothing worth interrupting
    }

    static List<ChannelFrame.PathChange> frames(List<Change> changes) {
        return changes.stream()
                .map(c -> new ChannelFrame.PathChange(c.path(), c.kind().name().toLowerCase(Locale.ROOT)))
                .toList();
    }
}

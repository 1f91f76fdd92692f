package io.berth.controlplane.agents;

import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.api.HostUnavailable;
import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.containers.ContainerService;
import io.berth.controlplane.containers.ContainerView;
import io.berth.protocol.channel.ChannelFrame;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code docker diff} across the fleet: a container's changes live in its read-write layer on its
 * host, so they are a read over the host's agent channel (a session with one {@code Diff} frame),
 * not an event. Nothing is recorded: reading changes nothing.
 */
@ApplicationScoped
public class ContainerDiffs {

    /** One changed path as the API answers it; {@code kind} is added, changed or deleted. */
    public record PathChange(String path, String kind) {
    }

    private final AgentChannels channels;
    private final ContainerService containers;

    public ContainerDiffs(AgentChannels channels, ContainerService containers) {
        this.channels = channels;
        this.containers = containers;
    }

    /**
     * The changes of a container that was created on a host and not removed, sorted by path.
     *
     * @throws NotFound        the container is not in the log, or its host does not have it
     * @throws CommandRefused  it is not on a host yet, or it was removed
     * @throws HostUnavailable its host's agent has no channel open, or did not answer within {@code timeout}
     */
    public List<PathChange> of(String idOrName, Duration timeout) {
        ContainerView container = containers.inspect(idOrName);
        if ("removed".equals(container.state()) || "removing".equals(container.state())) {
            throw new CommandRefused("container " + idOrName + " was removed: its changes are gone with it");
        }
        if (container.hostId() == null) {
            throw new CommandRefused("container " + idOrName + " is not on a host yet");
        }
        if (!channels.isConnected(container.hostId())) {
            throw new HostUnavailable("the agent of host " + container.hostId() + " is not connected");
        }
        var answer = new CompletableFuture<List<ChannelFrame.PathChange>>();
        try (var session = channels.open(container.hostId(),
                sessionId -> new ChannelFrame.OpenDiff(sessionId, container.id()), frame -> {
                    if (frame instanceof ChannelFrame.Diff diff) {
                        answer.complete(diff.changes());
                    } else if (frame instanceof ChannelFrame.Error error) {
                        answer.completeExceptionally(error.notFound()
                                ? new NotFound("container " + idOrName + " is not on host " + container.hostId())
                                : new HostUnavailable(error.message()));
                    } else if (frame instanceof ChannelFrame.End) {
                        answer.completeExceptionally(new HostUnavailable("the agent of host " + container.hostId()
                                + " ended the diff without an answer"));
                    }
                })) {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .map(c -> new PathChange(c.path(), c.kind())).toList();
        } catch (TimeoutException e) {
            throw new HostUnavailable("the agent of host " + container.hostId() + " did not answer within "
                    + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostUnavailable("interrupted while waiting for the host");
        }
    }
}

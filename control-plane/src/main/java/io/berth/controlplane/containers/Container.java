package io.berth.controlplane.containers;

import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.containers.ContainerCommands.CommitContainer;
import io.berth.controlplane.containers.ContainerCommands.EndExec;
import io.berth.controlplane.containers.ContainerCommands.KillContainer;
import io.berth.controlplane.containers.ContainerCommands.RemoveContainer;
import io.berth.controlplane.containers.ContainerCommands.RestartContainer;
import io.berth.controlplane.containers.ContainerCommands.RunContainer;
import io.berth.controlplane.containers.ContainerCommands.StartContainer;
import io.berth.controlplane.containers.ContainerCommands.StartExec;
import io.berth.controlplane.containers.ContainerCommands.StopContainer;
import io.berth.protocol.containers.ContainerEvents.ContainerCommitRequested;
import io.berth.protocol.containers.ContainerEvents.ContainerCommitted;
import io.berth.protocol.containers.ContainerEvents.ContainerCreated;
import io.berth.protocol.containers.ContainerEvents.ContainerDrifted;
import io.berth.protocol.containers.ContainerEvents.ContainerExecEnded;
import io.berth.protocol.containers.ContainerEvents.ContainerExecStarted;
import io.berth.protocol.containers.ContainerEvents.ContainerExited;
import io.berth.protocol.containers.ContainerEvents.ContainerInstructionFailed;
import io.berth.protocol.containers.ContainerEvents.ContainerKillRequested;
import io.berth.protocol.containers.ContainerEvents.ContainerPrepared;
import io.berth.protocol.containers.ContainerEvents.ContainerRemoveRequested;
import io.berth.protocol.containers.ContainerEvents.ContainerRemoved;
import io.berth.protocol.containers.ContainerEvents.ContainerRestartRequested;
import io.berth.protocol.containers.ContainerEvents.ContainerScheduled;
import io.berth.protocol.containers.ContainerEvents.ContainerStartRequested;
import io.berth.protocol.containers.ContainerEvents.ContainerStarted;
import io.berth.protocol.containers.ContainerEvents.ContainerStopRequested;
import io.berth.protocol.containers.ContainerEvents.ContainerStopped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The container aggregate. Commands are decided against the container's past; reports of what a
 * host did are facts and always applied. Lifecycle:
 * <pre>
 *   created+scheduled ─start─► (start requested) ─host─► running ─exit─► exited ─start─► …
 *                         any state ─remove─► removing ─host─► removed (final)
 * </pre>
 * A command whose effect already holds (start a running container, stop an exited one) decides
 * no events, as Docker answers 304. {@link #apply} is the only place state changes.
 */
public final class Container {

    private static final Pattern SIGNAL = Pattern.compile("^(SIG)?[A-Z0-9+-]{1,16}$|^[0-9]{1,2}$");

    private final String containerId;
    private ContainerCreated definition;
    private String hostId;
    private ContainerState state = ContainerState.NONE;
    private boolean desiredRunning;
    private boolean removeRequested;
    private final Set<String> openExecs = new HashSet<>();
    private long version;

    public Container(String containerId) {
        this.containerId = containerId;
    }

    public static Container replay(String containerId, List<?> events) {
        Container container = new Container(containerId);
        events.forEach(container::apply);
        return container;
    }

    public long version() {
        return version;
    }

    public ContainerState state() {
        return state;
    }

    public String hostId() {
        return hostId;
    }

    public ContainerCreated definition() {
        return definition;
    }

    /** Whether the log wants the container running: what reconciliation converges to. */
    public boolean desiredRunning() {
        return desiredRunning;
    }

    public List<Object> decide(Object command) {
        if (command instanceof RunContainer c) {
            return run(c);
        }
        if (state == ContainerState.NONE) {
            throw new NotFound("no container " + containerId);
        }
        if (state == ContainerState.REMOVED) {
            throw new CommandRefused("container " + name() + " was removed");
        }
        if (command instanceof RemoveContainer c) {
            return remove(c);
        }
        if (removeRequested) {
            throw new CommandRefused("container " + name() + " is being removed");
        }
        if (command instanceof StartContainer) {
            return state == ContainerState.RUNNING || desiredRunning ? List.of()
                    : List.of(new ContainerStartRequested(containerId, hostId, false));
        }
        if (command instanceof StopContainer c) {
            requireNonNegative(c.timeoutSeconds(), "stop timeout");
            return state != ContainerState.RUNNING && !desiredRunning ? List.of()
                    : List.of(new ContainerStopRequested(containerId, hostId, c.timeoutSeconds()));
        }
        if (command instanceof KillContainer c) {
            String signal = c.signal() == null || c.signal().isBlank() ? "KILL" : c.signal().toUpperCase();
            if (!SIGNAL.matcher(signal).matches()) {
                throw new InvalidCommand("'" + c.signal() + "' is not a signal (KILL, SIGTERM, HUP, 9, …)");
            }
            if (state != ContainerState.RUNNING) {
                throw new CommandRefused("container " + name() + " is not running");
            }
            return List.of(new ContainerKillRequested(containerId, hostId, signal));
        }
        if (command instanceof RestartContainer c) {
            requireNonNegative(c.timeoutSeconds(), "restart timeout");
            return List.of(new ContainerRestartRequested(containerId, hostId, c.timeoutSeconds()));
        }
        if (command instanceof CommitContainer c) {
            return List.of(new ContainerCommitRequested(containerId, hostId, c.reference(), c.author(), c.comment(),
                    c.changes()));
        }
        if (command instanceof StartExec c) {
            if (state != ContainerState.RUNNING) {
                throw new CommandRefused("container " + name() + " is not running");
            }
            if (c.args() == null || c.args().isEmpty()) {
                throw new InvalidCommand("exec needs a command");
            }
            return List.of(new ContainerExecStarted(containerId, hostId, c.execId(), c.args(), c.user(), c.tty(),
                    c.interactive()));
        }
        if (command instanceof EndExec c) {
            return openExecs.contains(c.execId())
                    ? List.of(new ContainerExecEnded(containerId, hostId, c.execId(), c.exitCode()))
                    : List.of();
        }
        throw new IllegalArgumentException("not a container command: " + command.getClass().getName());
    }

    private List<Object> run(RunContainer c) {
        if (state != ContainerState.NONE) {
            throw new CommandRefused("container " + containerId + " exists already");
        }
        if (c.hostId() == null) {
            throw new InvalidCommand("a run needs a host (placement chooses one)");
        }
        var created = new ContainerCreated(containerId, c.name(), c.image(), c.imageId(), c.spec());
        var scheduled = new ContainerScheduled(containerId, c.hostId(), c.placementReason(), c.start());
        return c.start()
                ? List.of(created, scheduled, new ContainerStartRequested(containerId, c.hostId(), true))
                : List.of(created, scheduled);
    }

    private List<Object> remove(RemoveContainer c) {
        if (removeRequested) {
            return List.of();
        }
        if (state == ContainerState.RUNNING && !c.force()) {
            throw new CommandRefused("container " + name() + " is running: stop it first or remove with force");
        }
        return List.of(new ContainerRemoveRequested(containerId, hostId, c.force()));
    }

    public void apply(Object event) {
        if (event instanceof ContainerCreated e) {
            definition = e;
            state = ContainerState.CREATED;
        } else if (event instanceof ContainerScheduled e) {
            hostId = e.hostId();
        } else if (event instanceof ContainerStartRequested || event instanceof ContainerRestartRequested) {
            desiredRunning = true;
        } else if (event instanceof ContainerStarted) {
            if (state != ContainerState.REMOVED) {
                state = removeRequested ? ContainerState.REMOVING : ContainerState.RUNNING;
            }
        } else if (event instanceof ContainerExited || event instanceof ContainerStopped) {
            desiredRunning = false;
            if (state != ContainerState.REMOVED) {
                state = removeRequested ? ContainerState.REMOVING : ContainerState.EXITED;
            }
        } else if (event instanceof ContainerStopRequested || event instanceof ContainerKillRequested) {
            desiredRunning = false;
        } else if (event instanceof ContainerRemoveRequested) {
            removeRequested = true;
            desiredRunning = false;
            state = ContainerState.REMOVING;
        } else if (event instanceof ContainerRemoved) {
            state = ContainerState.REMOVED;
            desiredRunning = false;
        } else if (event instanceof ContainerExecStarted e) {
            openExecs.add(e.execId());
        } else if (event instanceof ContainerExecEnded e) {
            openExecs.remove(e.execId());
        } else if (!(event instanceof ContainerPrepared || event instanceof ContainerCommitRequested
                || event instanceof ContainerCommitted || event instanceof ContainerDrifted
                || event instanceof ContainerInstructionFailed)) {
            throw new IllegalArgumentException("not a container event: " + event.getClass().getName());
        }
        version++;
    }

    private String name() {
        return definition == null ? containerId : definition.name();
    }

    private static void requireNonNegative(Integer value, String what) {
        if (value != null && value < 0) {
            throw new InvalidCommand(what + " must not be negative, got " + value);
        }
    }
}

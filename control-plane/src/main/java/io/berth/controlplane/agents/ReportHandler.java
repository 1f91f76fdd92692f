package io.berth.controlplane.agents;

import io.berth.controlplane.containers.CommandIds;
import io.berth.controlplane.containers.ContainerIds;
import io.berth.controlplane.containers.NameClaims;
import io.berth.controlplane.eventstore.AppendConflict;
import io.berth.controlplane.eventstore.AppendNotifications;
import io.berth.controlplane.eventstore.AppendResult;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.controlplane.eventstore.StreamAppend;
import io.berth.controlplane.images.ImageReferences;
import io.berth.controlplane.tasks.TaskProgressStore;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ContainerReports;
import io.berth.protocol.agent.HostReports;
import io.berth.protocol.agent.ImageReports;
import io.berth.protocol.agent.ProgressReports;
import io.berth.protocol.agent.Report;
import io.berth.protocol.agent.ReportEnvelope;
import io.berth.protocol.containers.ContainerEvents;
import io.berth.protocol.containers.ContainerEvents.ContainerCreated;
import io.berth.protocol.images.ImageEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns one agent report into events. Each append carries the report id as its command id (a
 * report that needs two appends derives the second id from it), so a redelivered report appends
 * nothing; actor {@code agent:<host>}, source {@code agent}, causation = the instruction's
 * command id. Reports about containers the log does not know are logged and dropped. Progress
 * is state, not history: it goes to {@link TaskProgressStore} only, and the outcome reports
 * (image stored, instruction failed) finish the task there.
 */
@ApplicationScoped
public class ReportHandler {

    private static final Logger LOG = Logger.getLogger(ReportHandler.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventStore store;
    private final HostLiveness liveness;
    private final NameClaims names;
    private final TaskProgressStore tasks;
    private final AppendNotifications notifications;

    public ReportHandler(EventStore store, HostLiveness liveness, NameClaims names, TaskProgressStore tasks,
            AppendNotifications notifications) {
        this.notifications = notifications;
        this.store = store;
        this.liveness = liveness;
        this.names = names;
        this.tasks = tasks;
    }

    /**
     * The append of a report that is a plain fact about one container of the log — prepared,
     * started, exited or stopped, drifted — so that several can go in one {@link #appendFacts};
     * empty for any other report (and for one naming no valid container id: {@link #handle} says why).
     */
    public Optional<StreamAppend> containerFact(ReportEnvelope envelope, Report report) {
        Fact fact = factOf(report, envelope.hostId());
        if (fact == null || fact.containerId() == null || !ContainerIds.ID.matcher(fact.containerId()).matches()) {
            return Optional.empty();
        }
        return Optional.of(fact(fact.containerId(), metadata(envelope), fact.event()));
    }

    /** A report that is a plain fact about one container, as the event it becomes. */
    private record Fact(String containerId, Object event) {
    }

    /** The fact a report states — prepared, started, exited or stopped, drifted — or null for any other report. */
    private static Fact factOf(Report report, String host) {
        if (report instanceof ContainerReports.ContainerCreated r) {
            return new Fact(r.containerId(), new ContainerEvents.ContainerPrepared(r.containerId(), host, r.imageId()));
        } else if (report instanceof ContainerReports.ContainerStarted r) {
            return new Fact(r.containerId(), new ContainerEvents.ContainerStarted(r.containerId(), host, r.pid(),
                    r.ipAddress(), r.startedAt()));
        } else if (report instanceof ContainerReports.ContainerExited r) {
            return new Fact(r.containerId(), r.stoppedByUser()
                    ? new ContainerEvents.ContainerStopped(r.containerId(), host, r.exitCode(), r.oomKilled(),
                            r.finishedAt())
                    : new ContainerEvents.ContainerExited(r.containerId(), host, r.exitCode(), r.oomKilled(),
                            r.restartCount(), r.finishedAt()));
        } else if (report instanceof ContainerReports.ContainerDrift r) {
            return new Fact(r.containerId(), new ContainerEvents.ContainerDrifted(r.containerId(), host, r.observed(),
                    r.action()));
        }
        return null;
    }

    /**
     * Appends container facts in one go (one host's reports, in order). If one is about a
     * container the log does not know, they are appended one by one instead and that one is
     * dropped with a warning.
     */
    public void appendFacts(List<StreamAppend> facts) {
        if (!appendToExisting(facts)) {
            facts.forEach(this::appendFact);
        }
    }

    /** Acts on one report (its envelope's {@link AgentCodec#report decoded} content). */
    public void handle(ReportEnvelope envelope, Report report) {
        String host = envelope.hostId();
        EventMetadata metadata = metadata(envelope);
        Fact fact = factOf(report, host);
        if (fact != null) {
            container(fact.containerId(), metadata, fact.event());
        } else if (report instanceof HostReports.Heartbeat beat) {
            liveness.heartbeat(host, beat, metadata.withCommandId(null));
        } else if (report instanceof ProgressReports.TaskProgress r) {
            if (envelope.commandId() != null) {
                tasks.progressed(host, envelope.commandId().toString(), r);
            }
        } else if (report instanceof ContainerReports.ContainerRemoved r) {
            removed(r, host, metadata);
        } else if (report instanceof ContainerReports.ContainerCommitted r) {
            committed(r, host, metadata);
        } else if (report instanceof ImageReports.ImageStored r) {
            append(ImageReferences.imageStreamId(r.imageId()), metadata, new ImageEvents.ImageImported(r.imageId(),
                    host, r.manifestDigest(), r.references(), r.sizeBytes(), r.parentImageId(), r.history()));
            finished(envelope, true, "stored " + (r.references().isEmpty() ? r.imageId()
                    : String.join(", ", r.references())));
        } else if (report instanceof ImageReports.ImageTagged r) {
            append(repositoryStream(r.reference()), metadata, new ImageEvents.ImageTagged(r.reference(),
                    r.imageId(), host));
        } else if (report instanceof ImageReports.ImageRemoved r) {
            imageRemoved(r, host, metadata);
        } else if (report instanceof HostReports.InstructionFailed r) {
            failed(r, envelope, host, metadata);
            finished(envelope, false, r.reason());
        }
    }

    /** After the outcome's events were appended, so a client told "done" finds them. */
    private void finished(ReportEnvelope envelope, boolean succeeded, String outcome) {
        if (envelope.commandId() != null) {
            tasks.finished(envelope.commandId().toString(), succeeded, outcome);
        }
    }

    private void container(String containerId, EventMetadata metadata, Object event) {
        if (containerId == null || !ContainerIds.ID.matcher(containerId).matches()) {
            LOG.warnf("report %s names container '%s', which is not a container id", metadata.commandId(),
                    containerId);
            return;
        }
        appendFact(fact(containerId, metadata, event));
    }

    /** The stream must exist: a report about a container the log never had is dropped, not a new stream. */
    private static StreamAppend fact(String containerId, EventMetadata metadata, Object event) {
        return new StreamAppend(ContainerIds.streamId(containerId), ExpectedVersion.existing(), List.of(event),
                metadata);
    }

    private void appendFact(StreamAppend fact) {
        if (!appendToExisting(List.of(fact))) {
            LOG.warnf("report %s is about %s, which the log does not know", fact.metadata().commandId(),
                    fact.streamId());
        }
    }

    /** Appends and announces; false, with nothing written, if one of the streams does not exist. */
    private boolean appendToExisting(List<StreamAppend> appends) {
        try {
            store.appendAll(appends).await().atMost(WAIT);
            announce(appends);
            return true;
        } catch (AppendConflict conflict) {
            if (conflict.actual() != 0) {
                throw conflict;
            }
            return false;
        }
    }

    /** A {@code ?wait} on another replica may be following these containers. */
    private void announce(List<StreamAppend> appended) {
        notifications.announce(appended.stream().map(StreamAppend::streamId).toList());
    }

    private static EventMetadata metadata(ReportEnvelope envelope) {
        return new EventMetadata("agent:" + envelope.hostId(), "agent", null, null,
                envelope.commandId() == null ? null : envelope.commandId().toString(), envelope.reportId().toString());
    }

    private void removed(ContainerReports.ContainerRemoved r, String host, EventMetadata metadata) {
        container(r.containerId(), metadata, new ContainerEvents.ContainerRemoved(r.containerId(), host));
        List<StoredEvent> first = store.readStream(ContainerIds.streamId(r.containerId()), 1, 1).await().atMost(WAIT);
        if (!first.isEmpty() && store.types().decode(first.get(0)) instanceof ContainerCreated created) {
            names.release(created.name(), r.containerId(),
                    metadata.withCommandId(CommandIds.derived(metadata.commandId(), "release")));
        }
    }

    private void committed(ContainerReports.ContainerCommitted r, String host, EventMetadata metadata) {
        container(r.containerId(), metadata, new ContainerEvents.ContainerCommitted(r.containerId(), host,
                r.imageId(), r.reference(), r.parentImageId(), r.author(), r.comment()));
        append(ImageReferences.imageStreamId(r.imageId()),
                metadata.withCommandId(CommandIds.derived(metadata.commandId(), "image")),
                new ImageEvents.ImageCommitted(r.imageId(), host, r.manifestDigest(), r.reference(),
                        r.parentImageId(), r.containerId(), r.author(), r.comment()));
    }

    private void imageRemoved(ImageReports.ImageRemoved r, String host, EventMetadata metadata) {
        for (String reference : r.untagged()) {
            append(repositoryStream(reference), metadata.withCommandId(CommandIds.derived(metadata.commandId(),
                    "untag " + reference)), new ImageEvents.ImageUntagged(reference, r.imageId(), host));
        }
        if (r.deleted()) {
            append(ImageReferences.imageStreamId(r.imageId()), metadata,
                    new ImageEvents.ImageRemoved(r.imageId(), host));
        }
    }

    /** Records the failure on the stream of the command it answers, found by its command id. */
    private void failed(HostReports.InstructionFailed r, ReportEnvelope envelope, String host,
            EventMetadata metadata) {
        if (envelope.commandId() == null) {
            LOG.warnf("host %s could not apply a %s it cannot name: %s", host, r.instructionType(), r.reason());
            return;
        }
        Optional<AppendResult> command = store.appliedCommand(envelope.commandId().toString()).await().atMost(WAIT);
        if (command.isEmpty()) {
            LOG.warnf("host %s could not apply %s %s (not a logged command): %s", host, r.instructionType(),
                    envelope.commandId(), r.reason());
            return;
        }
        String stream = command.get().streamId();
        if (stream.startsWith("image-upload.")) {
            append(stream, metadata, new ImageEvents.ImageImportFailed(stream.substring("image-upload.".length()),
                    host, r.reason()));
        } else if (stream.startsWith("image-")) {
            append(stream, metadata, new ImageEvents.ImageInstructionFailed(stream.substring("image-".length()),
                    host, r.instructionType(), r.reason()));
        } else if (stream.startsWith("container-")) {
            String id = stream.substring("container-".length());
            append(stream, metadata, new ContainerEvents.ContainerInstructionFailed(id, host, r.instructionType(),
                    r.reason(), r.refused()));
            notifications.announce(List.of(stream));
        }
    }

    private void append(String stream, EventMetadata metadata, Object event) {
        store.appendRecords(stream, ExpectedVersion.any(), List.of(event), metadata).await().atMost(WAIT);
    }

    private static String repositoryStream(String reference) {
        return ImageReferences.repositoryStreamId(ImageReferences.normalize(reference));
    }
}

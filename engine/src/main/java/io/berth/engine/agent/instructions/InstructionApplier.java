package io.berth.engine.agent.instructions;

import io.berth.engine.agent.containers.ReportSink;
import io.berth.engine.commit.InvalidChangeException;
import io.berth.engine.images.ImageConflictException;
import io.berth.engine.images.ImageFormatException;
import io.berth.engine.images.ImageNotFoundException;
import io.berth.engine.layers.LayerRejectedException;
import io.berth.engine.runtime.NoSuchContainerException;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ContainerInstructions.CommitContainer;
import io.berth.protocol.agent.ContainerInstructions.KillContainer;
import io.berth.protocol.agent.ContainerInstructions.RemoveContainer;
import io.berth.protocol.agent.ContainerInstructions.RestartContainer;
import io.berth.protocol.agent.ContainerInstructions.RunContainer;
import io.berth.protocol.agent.ContainerInstructions.StartContainer;
import io.berth.protocol.agent.ContainerInstructions.StopContainer;
import io.berth.protocol.agent.HostInstructions.Reconcile;
import io.berth.protocol.agent.HostReports.InstructionFailed;
import io.berth.protocol.agent.ImageInstructions.ImportImage;
import io.berth.protocol.agent.ImageInstructions.RemoveImage;
import io.berth.protocol.agent.ImageInstructions.TagImage;
import io.berth.protocol.agent.Instruction;
import io.berth.protocol.agent.UnreadableMessageException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one instruction to the host and reports its outcome to {@code sink}; a failure
 * becomes an InstructionFailed report, {@code refused} when the instruction itself was wrong.
 * It never throws for the instruction's sake: the instruction is then done with.
 */
public final class InstructionApplier {

    private static final Logger LOG = LoggerFactory.getLogger(InstructionApplier.class);

    private final ContainerActions containers;
    private final ImageActions images;
    private final Reconciler reconciler;

    public InstructionApplier(ContainerActions containers, ImageActions images, Reconciler reconciler) {
        this.containers = containers;
        this.images = images;
        this.reconciler = reconciler;
    }

    public void apply(Instruction instruction, ReportSink sink) {
        try {
            dispatch(instruction, sink);
        } catch (IOException | RuntimeException e) {
            boolean refused = isRefusal(e);
            if (refused) {
                LOG.info("refused {}: {}", AgentCodec.typeName(instruction), e.getMessage());
            } else {
                LOG.warn("applying {} failed", AgentCodec.typeName(instruction), e);
            }
            sink.report(new InstructionFailed(AgentCodec.typeName(instruction), reason(e), refused));
        }
    }

    private void dispatch(Instruction instruction, ReportSink sink) throws IOException {
        if (instruction instanceof RunContainer run) {
            containers.run(run, sink);
        } else if (instruction instanceof StartContainer start) {
            containers.start(start, sink);
        } else if (instruction instanceof StopContainer stop) {
            containers.stop(stop, sink);
        } else if (instruction instanceof KillContainer kill) {
            containers.kill(kill, sink);
        } else if (instruction instanceof RestartContainer restart) {
            containers.restart(restart, sink);
        } else if (instruction instanceof RemoveContainer remove) {
            containers.remove(remove, sink);
        } else if (instruction instanceof CommitContainer commit) {
            containers.commit(commit, sink);
        } else if (instruction instanceof ImportImage importImage) {
            images.importImage(importImage, sink);
        } else if (instruction instanceof TagImage tag) {
            images.tag(tag, sink);
        } else if (instruction instanceof RemoveImage remove) {
            images.remove(remove, sink);
        } else if (instruction instanceof Reconcile reconcile) {
            reconciler.reconcile(reconcile, sink);
        } else {
            throw new InstructionRefused("this agent cannot apply " + AgentCodec.typeName(instruction));
        }
    }

    /** Whether the failure lies with the instruction (bad input, wrong state), not with the host. */
    static boolean isRefusal(Throwable e) {
        return e instanceof InstructionRefused
                || e instanceof IllegalArgumentException // bad values, references, changes, signals
                || e instanceof IllegalStateException // the container's state does not allow it
                || e instanceof NoSuchContainerException
                || e instanceof ImageNotFoundException
                || e instanceof ImageConflictException
                || e instanceof ImageFormatException
                || e instanceof LayerRejectedException
                || e instanceof InvalidChangeException
                || e instanceof UnreadableMessageException;
    }

    private static String reason(Throwable e) {
        if (e instanceof ImageNotFoundException) {
            return "no such image: " + e.getMessage().replaceFirst("^(?i)no such image:\\s*", "");
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}

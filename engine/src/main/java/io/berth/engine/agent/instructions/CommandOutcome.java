package io.berth.engine.agent.instructions;

import io.berth.engine.agent.containers.ReportSink;
import io.berth.engine.agent.reports.Reporter;
import io.berth.protocol.agent.ProgressReports.TaskProgress;
import io.berth.protocol.agent.Report;
import io.berth.protocol.agent.ReportEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The reports answering one command: sent as they happen (so a container's reports keep
 * their order with the exit watcher's), kept for the journal, and awaited before the
 * command's offset is committed.
 */
final class CommandOutcome implements ReportSink {

    private final Reporter reporter;
    private final UUID commandId;
    private final List<ReportEnvelope> envelopes = new ArrayList<>();
    private final List<CompletableFuture<?>> acks = new ArrayList<>();

    CommandOutcome(Reporter reporter, UUID commandId) {
        this.reporter = reporter;
        this.commandId = commandId;
    }

    /** Progress is sent but not journaled: a redelivered command resends its outcome, not how it went. */
    @Override
    public void report(Report report) {
        reportTogether(List.of(report));
    }

    /** All envelopes are made and signed before the first is handed to the producer. */
    @Override
    public synchronized void reportTogether(List<Report> reports) {
        List<ReportEnvelope> batch = new ArrayList<>(reports.size());
        for (Report report : reports) {
            ReportEnvelope envelope = reporter.envelope(commandId, report);
            if (!(report instanceof TaskProgress)) {
                envelopes.add(envelope);
            }
            batch.add(envelope);
        }
        acks.addAll(reporter.sendTogether(batch));
    }

    synchronized List<ReportEnvelope> envelopes() {
        return List.copyOf(envelopes);
    }

    /** Returns once Kafka has every report; throws if one was not delivered. */
    void awaitDelivery() throws InterruptedException, ExecutionException {
        List<CompletableFuture<?>> pending;
        synchronized (this) {
            pending = List.copyOf(acks);
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
    }

    /** Sends the reports of an earlier application again, with their original report ids. */
    static void resend(Reporter reporter, List<ReportEnvelope> reports) throws InterruptedException, ExecutionException {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (ReportEnvelope envelope : reports) {
            pending.add(reporter.send(envelope));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
    }
}

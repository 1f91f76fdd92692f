package io.berth.controlplane.agents;

import io.berth.controlplane.enrollment.EnrollmentCatalog;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.protocol.agent.HostCredential;
import io.berth.protocol.enrollment.EnrollmentEvents.AgentReportRefused;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records each refused report as {@code agent.report-refused} on
 * {@code host-refused-reports.<claimed host>} (or {@code …._malformed} when the claim is not
 * even a host id), with the record's position as the command id, so a redelivered record is
 * recorded once.
 */
@ApplicationScoped
public class ReportRefusals {

    private static final Logger LOG = Logger.getLogger(ReportRefusals.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventStore store;

    public ReportRefusals(EventStore store) {
        this.store = store;
    }

    public void record(String claimedHost, long generation, String reportId, String reason, String where) {
        String host = claimedHost != null && HostCredential.HOST_ID.matcher(claimedHost).matches() ? claimedHost
                : "_malformed";
        LOG.warnf("refused a report claiming host %s at %s: %s", claimedHost, where, reason);
        String commandId = UUID.nameUUIDFromBytes(("report-refused " + where).getBytes(StandardCharsets.UTF_8))
                .toString();
        store.appendRecords(EnrollmentCatalog.refusalStream(host), ExpectedVersion.any(),
                List.of(new AgentReportRefused(claimedHost, generation, reportId, reason, where)),
                new EventMetadata("system", "system", null, null, reportId, commandId)).await().atMost(WAIT);
    }
}

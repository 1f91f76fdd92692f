package io.berth.protocol.enrollment;

import io.berth.protocol.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Events of agent enrollment. An enrollment token lives on stream
 * {@code host-enrollment.<tokenId>} (issued, then used at most once); a host's credentials on
 * {@code host-credential.<hostId>} (each issue is a new generation and retires the one before;
 * refused reports claiming the host are recorded there too). The type names do not start with
 * {@code host.}, so the hosts projection does not take these streams for hosts.
 */
public final class EnrollmentEvents {

    public static final List<Class<? extends Record>> TYPES = List.of(EnrollmentTokenIssued.class,
            EnrollmentTokenUsed.class, HostCredentialIssued.class, AgentReportRefused.class);

    private EnrollmentEvents() {
    }

    /**
     * An admin issued a one-time enrollment token. Only the token's SHA-256 is kept.
     *
     * @param hostId the one host that may enroll with it, or null for any
     * @param labels labels the enrolled agent adds to its own
     */
    @EventType(name = "enrollment.token-issued")
    public record EnrollmentTokenIssued(String tokenId, String tokenSha256, Instant expiresAt, String hostId,
            Map<String, String> labels) {
        public EnrollmentTokenIssued {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /** An agent enrolled host {@code hostId} with the token; the token is spent. */
    @EventType(name = "enrollment.token-used")
    public record EnrollmentTokenUsed(String tokenId, String hostId, long generation) {
    }

    /**
     * Host {@code hostId} got credential generation {@code generation} (derived from the control
     * plane's key, never stored); every earlier generation stops working.
     */
    @EventType(name = "agent.credential-issued")
    public record HostCredentialIssued(String hostId, long generation, String tokenId) {
    }

    /**
     * A report on the reports topic claimed to come from {@code hostId} but its MAC did not verify
     * with that host's current credential (or the host has none); it was not applied.
     *
     * @param reportId the claimed report id when readable, else null
     * @param where    topic-partition@offset of the record
     */
    @EventType(name = "agent.report-refused")
    public record AgentReportRefused(String hostId, long generation, String reportId, String reason,
            String where) {
    }
}

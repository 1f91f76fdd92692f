package io.berth.controlplane.enrollment;

import io.berth.controlplane.eventstore.EventCatalog;
import io.berth.protocol.enrollment.EnrollmentEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Registers the enrollment events with the event store, and names their streams. */
@ApplicationScoped
public class EnrollmentCatalog implements EventCatalog {

    /** An enrollment token's stream: issued, then used at most once. */
    public static String tokenStream(String tokenId) {
        return "host-enrollment." + tokenId;
    }

    /** A host's credential generations. */
    public static String credentialStream(String hostId) {
        return "host-credential." + hostId;
    }

    /** Reports refused in a host's name (kept apart so a flood of them never slows credential reads). */
    public static String refusalStream(String hostId) {
        return "host-refused-reports." + hostId;
    }

    @Override
    public List<Class<? extends Record>> eventTypes() {
        return EnrollmentEvents.TYPES;
    }
}

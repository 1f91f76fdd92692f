package io.berth.controlplane.identity.auth;

import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.identity.IdentityEvents;
import io.berth.controlplane.identity.IdentityEvents.AccessDenied;
import io.berth.controlplane.identity.IdentityEvents.LoginFailed;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Records refusals as events in {@code access-<username>}: 403s of authenticated callers and
 * failed logins. Anonymous 401s are not recorded (any scanner would fill the log; see
 * docs/identity.md). A refusal is answered even when recording it fails; the failure is logged.
 */
@ApplicationScoped
public class Denials {

    private static final Logger LOG = Logger.getLogger(Denials.class);

    private final EventStore store;

    public Denials(EventStore store) {
        this.store = store;
    }

    public Uni<Void> accessDenied(String username, String method, String path, String reason, String source,
            String address) {
        return record(username, new AccessDenied(username, method, truncate(path), reason), username, source, address);
    }

    public Uni<Void> loginFailed(String username, String reason, boolean throttled, String address) {
        String name = username == null ? "" : truncate(username);
        return record(name, new LoginFailed(name, reason, throttled), "anonymous", "dashboard", address);
    }

    private Uni<Void> record(String streamName, Object event, String actor, String source, String address) {
        var metadata = new EventMetadata(actor, source, address, null, null, null);
        return store.appendRecords(IdentityEvents.accessStream(streamName), ExpectedVersion.any(), List.of(event),
                        metadata)
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("could not record %s: %s", event, failure.getMessage());
                    return null;
                });
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200);
    }
}

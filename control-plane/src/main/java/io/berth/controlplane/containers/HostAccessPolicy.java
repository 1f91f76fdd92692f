package io.berth.controlplane.containers;

import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.identity.IdentityEvents;
import io.berth.controlplane.identity.Roles;
import io.berth.protocol.agent.ContainerRunSpec;
import io.berth.protocol.containers.ContainerEvents.ContainerRunDenied;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Who may run a container that reaches into its host. Privileged mode, added capabilities, host
 * bind mounts and the host's network or pid namespace are each enough to take over the host, so
 * they need the admin role; an operator's request for any of them is refused, and the refusal is
 * recorded ({@code container.run-denied} in stream {@code access-<actor>}, beside the identity
 * layer's {@code access.denied}) before the 403, so an
 * audit sees the attempt even though nothing was created.
 */
@ApplicationScoped
public class HostAccessPolicy {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SecurityIdentity identity;
    private final EventStore store;

    public HostAccessPolicy(SecurityIdentity identity, EventStore store) {
        this.identity = identity;
        this.store = store;
    }

    /** Returns when the caller may run {@code spec}; else records the denial and throws {@link AdminRequired}. */
    public void authorize(String name, String image, ContainerRunSpec spec, EventMetadata metadata) {
        List<String> dangerous = spec.hostAccess().dangerousOptions();
        if (dangerous.isEmpty() || identity.hasRole(Roles.ADMIN)) {
            return;
        }
        String reason = "only an admin may run a container with " + String.join(", ", dangerous);
        // no command id: a retry with the same Idempotency-Key, once allowed, must not replay the denial
        store.appendRecords(IdentityEvents.accessStream(metadata.actor()), ExpectedVersion.any(),
                List.of(new ContainerRunDenied(name, image, dangerous, reason)), metadata.withCommandId(null))
                .await().atMost(WAIT);
        throw new AdminRequired(reason);
    }
}

package io.berth.controlplane.limits;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses an exec WebSocket upgrade with 429 when its user already holds all their stream slots
 * (the socket takes its slot when it opens and gives it back when it closes). Runs after the
 * identity checks, so only an authorized user is counted.
 */
@ApplicationScoped
@Priority(Integer.MAX_VALUE - 200)
public class ExecStreamsCheck implements HttpUpgradeCheck {

    private final StreamSlots slots;

    public ExecStreamsCheck(StreamSlots slots) {
        this.slots = slots;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return endpointId.contains("ExecSocket");
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().onFailure().recoverWithNull().flatMap(identity ->
                slots.available(StreamSlots.user(identity)) ? CheckResult.permitUpgrade()
                        : CheckResult.rejectUpgrade(429));
    }
}

package io.berth.controlplane.identity;

import io.berth.controlplane.identity.login.LoginThrottle;
import io.berth.controlplane.identity.login.Sessions;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Forgets what has run out: expired sessions, login failures older than the throttle's window. */
@ApplicationScoped
public class IdentityHousekeeping {

    private final Sessions sessions;
    private final LoginThrottle throttle;

    public IdentityHousekeeping(Sessions sessions, LoginThrottle throttle) {
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        throttle.sweep();
        return sessions.purgeExpired();
    }
}

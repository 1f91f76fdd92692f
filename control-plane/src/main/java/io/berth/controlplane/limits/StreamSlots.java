package io.berth.controlplane.limits;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many long-lived streams (event and log follows, exec WebSockets) each user holds open, and
 * refusal beyond {@code berth.limits.streams-per-user}: one user cannot tie up the control plane's
 * connections and the agents' log and exec sessions. Counted per process.
 */
@ApplicationScoped
public class StreamSlots {

    /** One held stream; releasing it twice releases it once. */
    public final class Slot {
        private final String user;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String user) {
            this.user = user;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final LimitsConfig config;
    private final SecurityIdentity identity;

    public StreamSlots(LimitsConfig config, SecurityIdentity identity) {
        this.config = config;
        this.identity = identity;
    }

    /** A slot for the current request's user, or {@link TooManyStreams}. */
    public Slot acquire() {
        return acquire(user(identity));
    }

    public Slot acquire(String user) {
        int max = config.streamsPerUser();
        boolean[] granted = {false};
        open.compute(user, (u, n) -> {
            int held = n == null ? 0 : n;
            if (held >= max) {
                return n;
            }
            granted[0] = true;
            return held + 1;
        });
        if (!granted[0]) {
            throw new TooManyStreams(user + " already has " + max + " streams open (event or log follows, exec"
                    + " sessions); close one first");
        }
        return new Slot(user);
    }

    /** Whether {@code user} could open one more now (an upgrade check; the slot is taken on open). */
    public boolean available(String user) {
        return open.getOrDefault(user, 0) < config.streamsPerUser();
    }

    /** {@code stream} holding a slot of the current user from now until it ends or is cancelled. */
    public <T> Multi<T> held(Multi<T> stream) {
        Slot slot = acquire();
        return stream.onTermination().invoke(slot::release);
    }

    /** Open streams of {@code user} now. */
    public int openBy(String user) {
        return open.getOrDefault(user, 0);
    }

    public static String user(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }
}

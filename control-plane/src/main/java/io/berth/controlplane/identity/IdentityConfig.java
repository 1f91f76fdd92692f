package io.berth.controlplane.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings under {@code berth.identity} (see docs/identity.md). */
@ConfigMapping(prefix = "berth.identity")
public interface IdentityConfig {

    /**
     * A bearer token that authenticates as user {@code admin} with the admin role, whatever the
     * users table says: how scripts and {@code deploy/berth} reach a fresh control plane.
     */
    Optional<String> bootstrapAdminToken();

    /**
     * The password of the initial {@code admin} user, created at first start when no users
     * exist. Unset, a random one is generated and logged once.
     */
    Optional<String> initialAdminPassword();

    /** How long a dashboard session lasts after login. */
    @WithDefault("8h")
    Duration sessionTtl();

    /** The expiry of a token issued without one. */
    @WithDefault("90d")
    Duration tokenTtl();

    /** The longest expiry a token may be issued with. */
    @WithDefault("366d")
    Duration tokenMaxTtl();

    /** Whether the session cookie is marked Secure (set it behind HTTPS). */
    @WithDefault("false")
    boolean secureCookie();

    Throttle loginThrottle();

    interface Throttle {
        /** Failed logins allowed per username within {@link #window()}. */
        @WithDefault("5")
        int maxFailuresPerUsername();

        /** Failed logins allowed per client address within {@link #window()} (higher: people share addresses). */
        @WithDefault("20")
        int maxFailuresPerAddress();

        /** The window failures are counted in; a throttled name or address waits until its oldest failure leaves it. */
        @WithDefault("5m")
        Duration window();
    }
}

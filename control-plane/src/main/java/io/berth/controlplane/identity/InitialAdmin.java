package io.berth.controlplane.identity;

import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.eventstore.AppendConflict;
import io.berth.controlplane.eventstore.EventMetadata;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At the first start (no users yet) creates user {@code admin} with the admin role, its password
 * from {@code berth.identity.initial-admin-password} or, unset, a random one logged this once.
 */
@ApplicationScoped
public class InitialAdmin {

    private static final Logger LOG = Logger.getLogger(InitialAdmin.class);
    public static final String USERNAME = "admin";

    private final UserDirectory directory;
    private final UserService users;
    private final IdentityConfig config;

    public InitialAdmin(UserDirectory directory, UserService users, IdentityConfig config) {
        this.directory = directory;
        this.users = users;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (directory.anyUser().await().indefinitely()) {
            return;
        }
        var configured = config.initialAdminPassword().filter(p -> !p.isBlank());
        String password = configured.orElseGet(() -> Secrets.random(18));
        try {
            users.create(USERNAME, Roles.ADMIN, password, EventMetadata.system("berth")).await().indefinitely();
        } catch (CommandRefused | AppendConflict e) {
            return; // another control plane created it first
        }
        if (configured.isPresent()) {
            LOG.infof("Created the initial admin user '%s' with the configured password", USERNAME);
        } else {
            LOG.infof("Created the initial admin user '%s' with the one-time password %s"
                    + " (shown only now: log in and change it, or set berth.identity.initial-admin-password)",
                    USERNAME, password);
        }
    }
}

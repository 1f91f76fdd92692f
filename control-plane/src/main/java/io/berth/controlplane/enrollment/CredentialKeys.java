package io.berth.controlplane.enrollment;

import io.berth.controlplane.agents.AgentsConfig;
import io.berth.protocol.agent.HostCredential;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Host credentials are derived, not stored: generation {@code g} of host {@code h} has the secret
 * HMAC-SHA256(credential key, "berth-host-credential-v1" ‖ h ‖ g). The database holds only which
 * generation is current, so a copy of it (a backup, a read replica) yields no credential; whoever
 * holds {@code berth.agents.credential-key} can make them all, so that key is the secret to guard
 * (deploy keeps it 0600 under {@code $BERTH_HOME/secrets}). Rotating the key retires every
 * credential at once: all agents must enroll again.
 */
@ApplicationScoped
public class CredentialKeys {

    private static final int MIN_KEY_LENGTH = 32;

    private final AgentsConfig config;

    public CredentialKeys(AgentsConfig config) {
        this.config = config;
    }

    /** Fails the start with what to set when the key is missing or short (agents enabled). */
    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            key();
        }
    }

    public HostCredential credential(String hostId, long generation) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] secret = mac.doFinal(("berth-host-credential-v1\n" + hostId + "\n" + generation)
                    .getBytes(StandardCharsets.UTF_8));
            return new HostCredential(hostId, generation, secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private byte[] key() {
        String key = config.credentialKey().map(String::trim).orElse("");
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("berth.agents.credential-key (BERTH_AGENTS_CREDENTIAL_KEY) must be set to"
                    + " a random secret of at least " + MIN_KEY_LENGTH + " characters: host credentials are derived"
                    + " from it (deploy/berth start makes one in $BERTH_HOME/secrets/agents-credential-key)");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }
}

package io.berth.engine.agent;

import io.berth.engine.agent.enrollment.StoredCredential;
import io.berth.protocol.agent.HostCredential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Host credentials for agent tests without a control plane: the agent finds one stored in its
 * state directory, as if it had enrolled, and the test's stand-in for the control plane
 * ({@link ControlPlaneDouble}) derives the same one from the host id to seal and verify.
 */
public final class TestCredentials {

    private TestCredentials() {
    }

    /** The test credential of {@code hostId}: a secret derived from the id, generation 1. */
    public static HostCredential of(String hostId) {
        try {
            byte[] secret = MessageDigest.getInstance("SHA-256")
                    .digest(("test credential " + hostId).getBytes(StandardCharsets.UTF_8));
            return new HostCredential(hostId, 1, secret);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes (or reads) the state dir's host id and stores its test credential there; returns it. */
    public static HostCredential install(Path stateDir) {
        HostCredential credential = of(HostIdentity.loadOrCreate(stateDir));
        new StoredCredential(credential.token(), "test", Map.of()).save(stateDir);
        return credential;
    }
}

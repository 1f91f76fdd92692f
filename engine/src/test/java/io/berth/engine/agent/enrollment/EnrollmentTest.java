package io.berth.engine.agent.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.agent.TestCredentials;
import io.berth.protocol.agent.HostCredential;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentTest {

    /** Nothing listens on port 1: any attempt to enroll would fail, so these tests prove none is made. */
    private static final URI NOWHERE = URI.create("http://127.0.0.1:1");

    @TempDir
    Path stateDir;

    @Test
    void aStoredCredentialIsUsedWithoutTalkingToTheControlPlane() throws Exception {
        HostCredential installed = TestCredentials.install(stateDir);
        StoredCredential used = Enrollment.credential(stateDir, installed.hostId(), NOWHERE, null);
        assertThat(used.hostCredential().matches(installed)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                stateDir.resolve(StoredCredential.FILE_NAME)))).isEqualTo("rw-------");
    }

    @Test
    void theTokenItWasEnrolledWithIsNotSpentAgain() {
        HostCredential credential = TestCredentials.of("host-restarted");
        new StoredCredential(credential.token(), "0123456789abcdef", Map.of("rack", "7")).save(stateDir);
        StoredCredential used = Enrollment.credential(stateDir, "host-restarted", NOWHERE,
                "0123456789abcdef.secret-part");
        assertThat(used.hostCredential().matches(credential)).isTrue();
        assertThat(used.labels()).containsEntry("rack", "7");
    }

    @Test
    void withoutCredentialOrTokenTheAgentSaysWhatItNeeds() {
        assertThatThrownBy(() -> Enrollment.credential(stateDir, "host-new", NOWHERE, null))
                .hasMessageContaining("BERTH_AGENT_ENROLLMENT_TOKEN")
                .hasMessageContaining("POST /api/v1/hosts/enrollment-tokens");
    }

    @Test
    void aCredentialOfAnotherHostIsNotUsed() {
        new StoredCredential(TestCredentials.of("host-other").token(), "t", Map.of()).save(stateDir);
        assertThatThrownBy(() -> Enrollment.credential(stateDir, "host-this", NOWHERE, null))
                .hasMessageContaining("is for host host-other");
    }

    @Test
    void anUnreadableCredentialFileIsReportedNotIgnored() throws Exception {
        Files.writeString(stateDir.resolve(StoredCredential.FILE_NAME), "{\"credential\":\"nope\"}");
        assertThatThrownBy(() -> StoredCredential.load(stateDir)).hasMessageContaining("unreadable");
    }
}

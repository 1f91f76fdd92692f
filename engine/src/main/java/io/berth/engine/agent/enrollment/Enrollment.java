package io.berth.engine.agent.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.HostCredential;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the agent comes by its host credential. With a stored credential and no new enrollment
 * token (or the very token it was made with), the agent uses the stored one and never talks
 * to the enrollment endpoint. With a token it has not spent, it enrolls —
 * {@code POST <controlPlaneUrl>/api/v1/agents/enroll} with {@code {enrollmentToken, hostId}} —
 * and stores the credential before using it; re-enrolling a host this way rotates its
 * credential. The control plane being unreachable is retried for {@link #PATIENCE}; a refusal
 * (used, expired, unknown token) is final and says why.
 */
public final class Enrollment {

    private static final Logger LOG = LoggerFactory.getLogger(Enrollment.class);
    static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = AgentCodec.json();

    private Enrollment() {
    }

    /** The credential the agent of {@code hostId} uses, enrolling first when it must. */
    public static StoredCredential credential(Path stateDir, String hostId, URI controlPlane, String enrollmentToken) {
        Optional<StoredCredential> stored = StoredCredential.load(stateDir);
        if (stored.isPresent() && !stored.get().hostCredential().hostId().equals(hostId)) {
            throw new IllegalStateException("the credential in " + stateDir.resolve(StoredCredential.FILE_NAME)
                    + " is for host " + stored.get().hostCredential().hostId() + ", but this is host " + hostId);
        }
        if (stored.isPresent() && (enrollmentToken == null || tokenId(enrollmentToken).equals(stored.get()
                .enrolledWith()))) {
            return stored.get();
        }
        if (enrollmentToken == null) {
            throw new IllegalStateException("host " + hostId + " has no credential yet: start the agent once with"
                    + " BERTH_AGENT_ENROLLMENT_TOKEN (or BERTH_AGENT_ENROLLMENT_TOKEN_FILE) set to a one-time token"
                    + " an admin issued with POST /api/v1/hosts/enrollment-tokens");
        }
        StoredCredential enrolled = enroll(controlPlane, hostId, enrollmentToken.trim());
        enrolled.save(stateDir);
        LOG.info("host {} enrolled with token {}: credential generation {} stored in {}", hostId,
                enrolled.enrolledWith(), enrolled.hostCredential().generation(),
                stateDir.resolve(StoredCredential.FILE_NAME));
        return enrolled;
    }

    static String tokenId(String enrollmentToken) {
        return enrollmentToken.trim().split("\\.", 2)[0];
    }

    private static StoredCredential enroll(URI controlPlane, String hostId, String token) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            // HTTP/1.1: the JDK client's cleartext HTTP/2 upgrade (h2c) against Vert.x can
            // misread a large response as a bad frame ("Frame type(255) … exceeds MAX_FRAME_SIZE")
            .version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(controlPlane + "/api/v1/agents/enroll");
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("enrollmentToken", token, "hostId", hostId));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long backoff = 500;
        while (true) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot reach " + uri + " to enroll: " + e);
                }
                LOG.info("enrolling at {}: {}; trying again in {} ms", uri, e.toString(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while enrolling");
            }
            return answer(uri, response, hostId, token);
        }
    }

    private static StoredCredential answer(URI uri, HttpResponse<byte[]> response, String hostId, String token) {
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("enrolling at " + uri + " answered " + response.statusCode()
                    + " with a body that is not JSON");
        }
        if (response.statusCode() != 200) {
            String message = json != null && json.hasNonNull("message") ? json.get("message").asText() : json + "";
            throw new IllegalStateException("enrolling host " + hostId + " was refused (" + response.statusCode()
                    + "): " + message);
        }
        HostCredential credential = HostCredential.parse(json.path("credential").asText());
        if (!credential.hostId().equals(hostId)) {
            throw new IllegalStateException("enrolling host " + hostId + " returned a credential of host "
                    + credential.hostId());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        json.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new StoredCredential(credential.token(), tokenId(token), labels);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enrolling");
        }
    }
}

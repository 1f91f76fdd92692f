package io.berth.engine.agent.instructions;

import io.berth.protocol.agent.HostCredential;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches an archive uploaded to the control plane for an ImportImage instruction:
 * {@code GET <controlPlaneUrl>/api/v1/agents/uploads/<uploadId>} with the host credential
 * as bearer token and the host id, streamed (archives may be large), never held in memory whole.
 */
public final class ImageUploads {

    private final URI controlPlane;
    private final HostCredential credential;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            // HTTP/1.1: the JDK client's cleartext HTTP/2 upgrade (h2c) against Vert.x can
            // misread a large response as a bad frame ("Frame type(255) … exceeds MAX_FRAME_SIZE")
            .version(HttpClient.Version.HTTP_1_1).build();

    public ImageUploads(URI controlPlane, HostCredential credential) {
        this.controlPlane = controlPlane;
        this.credential = credential;
    }

    /** An uploaded archive being fetched: its bytes, and their number when the control plane says (else -1). */
    public record Upload(InputStream stream, long sizeBytes) {
    }

    /** The archive's bytes; the caller closes the stream. */
    public Upload open(String uploadId) throws IOException {
        if (uploadId == null || uploadId.isBlank()) {
            throw new InstructionRefused("the import names no upload");
        }
        URI uri = URI.create(controlPlane + "/api/v1/agents/uploads/"
                + URLEncoder.encode(uploadId, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("X-Berth-Host", credential.hostId())
                .header("Authorization", "Bearer " + credential.token());
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching upload " + uploadId, e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return new Upload(response.body(), response.headers().firstValueAsLong("Content-Length").orElse(-1));
        }
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(500), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (status == 404 || status == 410) {
            throw new InstructionRefused("upload " + uploadId + " is not on the control plane (" + status + ")");
        }
        throw new IOException("fetching upload " + uploadId + " from " + uri + " failed with " + status + ": " + body);
    }
}

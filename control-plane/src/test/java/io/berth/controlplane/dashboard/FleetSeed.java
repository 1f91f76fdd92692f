package io.berth.controlplane.dashboard;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes a fleet's history straight into the event store through the REST append
 * ({@code POST /api/v1/streams/{id}/events}), without any agent: hosts registered, images
 * imported and committed, containers created, scheduled and started. The events are the ones
 * agents' reports produce, so every view, projection and the live stream treat them as real.
 */
final class FleetSeed {

    private static final SecureRandom RANDOM = new SecureRandom();

    private FleetSeed() {
    }

    static String hex64() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void host(String hostId, Map<String, String> labels) {
        given().contentType(ContentType.JSON).body(Map.of("hostId", hostId, "name", hostId, "labels", labels,
                "capacity", Map.of("cpus", 4, "memoryBytes", 8L << 30, "diskBytes", 100L << 30),
                "versions", Map.of("engine", "seed", "runtime", "runc", "kernel", "6", "os", "linux")))
                .post("/api/v1/hosts").then().statusCode(200);
    }

    /** {@code image.imported} of a new image on {@code hostId}; returns its id. */
    static String importedImage(String hostId, String reference) {
        String id = "sha256:" + hex64();
        append("image-" + id, Map.of("type", "image.imported", "schemaVersion", 1, "data", Map.of("imageId", id,
                "hostId", hostId, "manifestDigest", "sha256:" + hex64(), "references", List.of(reference),
                "sizeBytes", 1234567)));
        return id;
    }

    /** {@code image.committed}: an image made from {@code containerId} on top of {@code parent}. */
    static String committedImage(String hostId, String parent, String containerId, String reference, String author) {
        String id = "sha256:" + hex64();
        append("image-" + id, Map.of("type", "image.committed", "schemaVersion", 1, "data", Map.of("imageId", id,
                "hostId", hostId, "manifestDigest", "sha256:" + hex64(), "reference", reference, "parentImageId", parent,
                "containerId", containerId, "author", author, "comment", "seeded commit")));
        return id;
    }

    /** A container that was created, scheduled on {@code hostId} and started; returns its id. */
    static String runningContainer(String name, String image, String imageId, String hostId, Map<String, String> labels) {
        String id = hex64();
        var spec = new java.util.HashMap<String, Object>();
        spec.put("cmd", List.of("sleep", "3600"));
        spec.put("env", List.of());
        spec.put("tty", false);
        spec.put("openStdin", false);
        spec.put("labels", labels);
        spec.put("restartPolicy", "no");
        spec.put("memoryBytes", 0);
        spec.put("nanoCpus", 0);
        spec.put("pidsLimit", 0);
        spec.put("readOnlyRootfs", false);
        spec.put("autoRemove", false);
        append("container-" + id,
                Map.of("type", "container.created", "schemaVersion", 1, "data", Map.of("containerId", id, "name", name,
                        "image", image, "imageId", imageId, "spec", spec)),
                Map.of("type", "container.scheduled", "schemaVersion", 1, "data", Map.of("containerId", id,
                        "hostId", hostId, "reason", "seeded", "start", false)),
                Map.of("type", "container.prepared", "schemaVersion", 1, "data", Map.of("containerId", id,
                        "hostId", hostId, "imageId", imageId)),
                Map.of("type", "container.started", "schemaVersion", 1, "data", Map.of("containerId", id,
                        "hostId", hostId, "pid", 4242, "ipAddress", "10.88.0.2", "startedAt",
                        Instant.now().toString())));
        return id;
    }

    @SafeVarargs
    static void append(String stream, Map<String, Object>... events) {
        given().contentType(ContentType.JSON)
                .body(Map.of("expectedVersion", "any", "events", List.of(events)))
                .post("/api/v1/streams/" + stream + "/events").then().statusCode(200);
    }
}

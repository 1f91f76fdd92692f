package io.berth.controlplane.dashboardapi;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fleet's images as a graph: one node per image (across the hosts that hold it), an edge
 * from a parent to each image committed from one of its containers (with the container, its
 * name and who committed), and an edge from an image to each name it is tagged as. Built from
 * {@code image_view} and the {@code container.created} events of the containers named there.
 */
@ApplicationScoped
public class ImageLineage {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** An image in the graph. {@code createdBy}: import or commit. */
    public record Node(String imageId, List<String> references, List<String> hosts, long sizeBytes,
            String parentImageId, String createdBy, String containerId, String author, String comment,
            Instant createdAt) {
    }

    /**
     * {@code kind} {@code committed}: {@code from} is the parent image, {@code to} the commit, made
     * from {@code containerId} ({@code containerName}) by {@code author}. {@code tagged}: {@code to}
     * is a reference.
     */
    public record Edge(String kind, String from, String to, String containerId, String containerName,
            String author, String comment) {
    }

    public record Graph(List<Node> nodes, List<Edge> edges) {
    }

    private final Pool pool;

    public ImageLineage(Pool pool) {
        this.pool = pool;
    }

    public Graph graph() {
        Map<String, List<Row>> byImage = new LinkedHashMap<>();
        for (Row row : pool.query("SELECT image_id, host_id, refs, size_bytes, parent_image_id, created_by,"
                + " container_id, author, comment, recorded_at FROM image_view ORDER BY recorded_at, image_id")
                .execute().await().atMost(WAIT)) {
            byImage.computeIfAbsent(row.getString("image_id"), id -> new ArrayList<>()).add(row);
        }
        var nodes = new ArrayList<Node>();
        var containers = new LinkedHashSet<String>();
        byImage.forEach((id, rows) -> {
            var refs = new TreeSet<String>();
            var hosts = new TreeSet<String>();
            long size = 0;
            Row first = rows.get(0);
            for (Row r : rows) {
                refs.addAll(Arrays.asList(r.getArrayOfStrings("refs")));
                hosts.add(r.getString("host_id"));
                size = Math.max(size, r.getLong("size_bytes"));
            }
            String container = rows.stream().map(r -> r.getString("container_id")).filter(c -> c != null)
                    .findFirst().orElse(null);
            if (container != null) {
                containers.add(container);
            }
            nodes.add(new Node(id, List.copyOf(refs), List.copyOf(hosts), size, first.getString("parent_image_id"),
                    first.getString("created_by"), container, first.getString("author"), first.getString("comment"),
                    first.getOffsetDateTime("recorded_at").toInstant()));
        });
        Map<String, String> names = new HashMap<>();
        if (!containers.isEmpty()) {
            for (Row row : pool.preparedQuery("SELECT data ->> 'containerId', data ->> 'name' FROM events"
                    + " WHERE event_type = 'container.created' AND stream_id = ANY($1)")
                    .execute(Tuple.of(containers.stream().map(c -> "container-" + c).toArray(String[]::new)))
                    .await().atMost(WAIT)) {
                names.put(row.getString(0), row.getString(1));
            }
        }
        var edges = new ArrayList<Edge>();
        for (Node n : nodes) {
            if (n.parentImageId() != null) {
                edges.add(new Edge("commit".equals(n.createdBy()) ? "committed" : "built", n.parentImageId(),
                        n.imageId(), n.containerId(), names.get(n.containerId()), n.author(), n.comment()));
            }
            for (String ref : n.references()) {
                edges.add(new Edge("tagged", n.imageId(), ref, null, null, null, null));
            }
        }
        return new Graph(nodes, edges);
    }
}

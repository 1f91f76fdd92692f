package io.berth.controlplane.timetravel;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet folded from the log up to a point: hosts, containers not removed, images per host.
 * A pure fold over the stored events' type names and JSON data (the stable wire form), so it
 * reads any past of the log without the live projections' tables. It follows the same rules as
 * {@code HostView}, {@code ContainerView} and {@code image_view}, kept to the fields the time
 * travel page shows; those folds are package-private to their aggregates, hence this one.
 */
public final class FleetAsOf {

    public record HostAt(String hostId, String name, Map<String, String> labels, String availability,
            boolean reachable, Instant registeredAt) {
    }

    public record ContainerAt(String id, String name, String image, String imageId, String hostId, String state,
            Instant createdAt, long position) {
    }

    public record ImageAt(String imageId, String hostId, List<String> references, String parentImageId,
            String createdBy, String containerId) {
    }

    private final Map<String, HostAt> hosts = new TreeMap<>();
    private final Map<String, ContainerAt> containers = new LinkedHashMap<>();
    private final Map<String, ImageAt> images = new LinkedHashMap<>();
    private long lastPosition;
    private Instant lastTime;
    private long events;

    /** Folds one event (type, data, position, time); unknown types are ignored. */
    public void apply(String type, JsonNode d, long position, Instant at) {
        events++;
        lastPosition = Math.max(lastPosition, position);
        lastTime = lastTime == null || at.isAfter(lastTime) ? at : lastTime;
        switch (type) {
            case "host.registered" -> {
                HostAt old = hosts.get(s(d, "hostId"));
                hosts.put(s(d, "hostId"), new HostAt(s(d, "hostId"), s(d, "name"), labels(d),
                        old == null ? "active" : old.availability(), old == null || old.reachable(),
                        old == null ? at : old.registeredAt()));
            }
            case "host.removed" -> hosts.remove(s(d, "hostId"));
            case "host.lost", "host.back" -> hosts.computeIfPresent(s(d, "hostId"), (k, h) -> new HostAt(h.hostId(),
                    h.name(), h.labels(), h.availability(), type.equals("host.back"), h.registeredAt()));
            case "host.drained" -> hosts.computeIfPresent(s(d, "hostId"), (k, h) -> new HostAt(h.hostId(), h.name(),
                    h.labels(), "drained", h.reachable(), h.registeredAt()));
            case "container.created" -> containers.put(s(d, "containerId"), new ContainerAt(s(d, "containerId"),
                    s(d, "name"), s(d, "image"), s(d, "imageId"), null, "created", at, position));
            case "container.scheduled" -> container(d, position, null, s(d, "hostId"), null);
            case "container.prepared" -> container(d, position, null, null, s(d, "imageId"));
            case "container.started" -> container(d, position, "running", null, null);
            case "container.exited", "container.stopped" -> container(d, position, "exited", null, null);
            case "container.remove-requested" -> container(d, position, "removing", null, null);
            case "container.removed" -> containers.remove(s(d, "containerId"));
            case "image.imported" -> image(s(d, "imageId"), s(d, "hostId"), strings(d.get("references")),
                    s(d, "parentImageId"), "import", null);
            case "image.committed" -> image(s(d, "imageId"), s(d, "hostId"),
                    s(d, "reference") == null ? List.of() : List.of(s(d, "reference")), s(d, "parentImageId"), "commit",
                    s(d, "containerId"));
            case "image.tagged" -> {
                untag(s(d, "hostId"), s(d, "reference"));
                images.computeIfPresent(s(d, "imageId") + "@" + s(d, "hostId"), (k, i) -> withRefs(i,
                        append(i.references(), s(d, "reference"))));
            }
            case "image.untagged" -> images.computeIfPresent(s(d, "imageId") + "@" + s(d, "hostId"),
                    (k, i) -> withRefs(i, i.references().stream().filter(r -> !r.equals(s(d, "reference"))).toList()));
            case "image.removed" -> images.remove(s(d, "imageId") + "@" + s(d, "hostId"));
            default -> {
            }
        }
    }

    public FleetSnapshot snapshot(String asked) {
        var list = new ArrayList<>(containers.values());
        list.sort(Comparator.comparing(ContainerAt::createdAt).reversed());
        return new FleetSnapshot(asked, lastPosition, lastTime, events, List.copyOf(hosts.values()), list,
                List.copyOf(images.values()));
    }

    private void container(JsonNode d, long position, String state, String host, String imageId) {
        containers.computeIfPresent(s(d, "containerId"), (k, c) -> new ContainerAt(c.id(), c.name(), c.image(),
                imageId == null ? c.imageId() : imageId, host == null ? c.hostId() : host,
                state == null || "removing".equals(c.state()) ? c.state() : state, c.createdAt(), position));
    }

    private void image(String id, String host, List<String> refs, String parent, String createdBy, String container) {
        for (String ref : refs) {
            untag(host, ref);
        }
        String key = id + "@" + host;
        ImageAt old = images.get(key);
        var all = new ArrayList<String>(old == null ? List.of() : old.references());
        refs.stream().filter(r -> !all.contains(r)).forEach(all::add);
        images.put(key, new ImageAt(id, host, List.copyOf(all), old != null && old.parentImageId() != null
                ? old.parentImageId() : parent, old != null ? old.createdBy() : createdBy,
                old != null && old.containerId() != null ? old.containerId() : container));
    }

    /** A name moves: whichever image on the host had it loses it. */
    private void untag(String host, String ref) {
        images.replaceAll((k, i) -> i.hostId().equals(host) && i.references().contains(ref)
                ? withRefs(i, i.references().stream().filter(r -> !r.equals(ref)).toList()) : i);
    }

    private static ImageAt withRefs(ImageAt i, List<String> refs) {
        return new ImageAt(i.imageId(), i.hostId(), List.copyOf(refs), i.parentImageId(), i.createdBy(),
                i.containerId());
    }

    private static List<String> append(List<String> refs, String ref) {
        var out = new ArrayList<>(refs);
        if (!out.contains(ref)) {
            out.add(ref);
        }
        return out;
    }

    private static String s(JsonNode d, String field) {
        return d == null || !d.hasNonNull(field) ? null : d.get(field).asText();
    }

    private static List<String> strings(JsonNode array) {
        var out = new ArrayList<String>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode d) {
        var out = new TreeMap<String, String>();
        if (d != null && d.has("labels") && d.get("labels").isObject()) {
            d.get("labels").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}

package io.berth.controlplane.placement;

import io.berth.controlplane.api.NotFound;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Chooses a host for a new container: a named host if it fits; else the hosts that carry every
 * constrained label; among those that can run it (schedulable, hold the image, have the memory)
 * the least loaded — fewest running containers, then most free memory, then host id so that the
 * choice is deterministic. Pure: the caller supplies the fleet.
 */
public final class Placement {

    /** The host and a sentence saying why it was chosen. */
    public record Decision(String hostId, String reason) {
    }

    private Placement() {
    }

    public static Decision choose(PlacementRequest request, List<HostLoad> fleet) {
        if (request.hostId() != null) {
            HostLoad host = fleet.stream().filter(h -> h.hostId().equals(request.hostId())).findFirst()
                    .orElseThrow(() -> new NotFound("no host " + request.hostId()));
            Optional<String> unfit = unfit(host, request);
            if (unfit.isPresent()) {
                throw new PlacementRefused("host " + host.hostId() + " cannot take the container: " + unfit.get());
            }
            return new Decision(host.hostId(), "host named in the request");
        }
        if (fleet.isEmpty()) {
            throw new PlacementRefused("no hosts are registered");
        }
        var ruledOut = new TreeMap<String, List<String>>();
        var candidates = new ArrayList<HostLoad>();
        for (HostLoad host : fleet) {
            Optional<String> unfit = unfit(host, request);
            if (unfit.isPresent()) {
                ruledOut.computeIfAbsent(unfit.get(), r -> new ArrayList<>()).add(host.hostId());
            } else {
                candidates.add(host);
            }
        }
        if (candidates.isEmpty()) {
            var why = new StringBuilder("no host fits");
            ruledOut.forEach((reason, hosts) -> why.append("; ").append(String.join(", ", hosts)).append(": ")
                    .append(reason));
            throw new PlacementRefused(why.toString());
        }
        HostLoad best = candidates.stream().min(Comparator.comparingInt(HostLoad::running)
                .thenComparing(Comparator.comparingLong(HostLoad::freeMemory).reversed())
                .thenComparing(HostLoad::hostId)).orElseThrow();
        String reason = (request.constraints().isEmpty() ? "" : "matches " + request.constraints() + "; ")
                + "least loaded of " + candidates.size() + " (" + best.running() + " running)";
        return new Decision(best.hostId(), reason);
    }

    private static Optional<String> unfit(HostLoad host, PlacementRequest request) {
        if (!host.schedulable()) {
            return Optional.of(host.unschedulableReason());
        }
        for (Map.Entry<String, String> constraint : request.constraints().entrySet()) {
            if (!constraint.getValue().equals(host.labels().get(constraint.getKey()))) {
                return Optional.of("label " + constraint.getKey() + "=" + constraint.getValue() + " not present");
            }
        }
        if (!request.imageHosts().contains(host.hostId())) {
            return Optional.of("image not on the host");
        }
        if (request.memoryBytes() > 0 && host.freeMemory() < request.memoryBytes()) {
            return Optional.of("not enough free memory (" + host.freeMemory() + " bytes free)");
        }
        return Optional.empty();
    }
}

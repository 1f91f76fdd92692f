package io.berth.controlplane.dashboardapi;

import io.berth.controlplane.api.InvalidCommand;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;

/**
 * Which events the audit page asks for; every field is optional and they combine.
 *
 * @param actor     exact actor (a username such as {@code admin}, {@code agent:host-1})
 * @param action    an event type ({@code container.committed}) or a prefix ending in a dot ({@code image.})
 * @param image     an image id or the reference a container or commit named
 * @param container a container id: its own stream and every event that names it (image commits)
 * @param host      events whose data names this host
 * @param from      recorded at or after (ISO-8601)
 * @param to        recorded before (ISO-8601)
 * @param before    only positions below this one: the next page of a newest-first listing
 */
public record AuditFilter(String actor, String action, String image, String container, String host, String from,
        String to, Long before) {

    /** A WHERE clause ("TRUE" when nothing is asked) with its arguments appended to {@code args}. */
    public String where(Tuple args) {
        var clauses = new ArrayList<String>();
        if (present(actor)) {
            args.addString(actor.trim());
            clauses.add("metadata ->> 'actor' = $" + args.size());
        }
        if (present(action)) {
            String a = action.trim();
            if (a.endsWith(".")) {
                args.addString(a.replace("%", "\\%").replace("_", "\\_") + "%");
                clauses.add("event_type LIKE $" + args.size());
            } else {
                args.addString(a);
                clauses.add("event_type = $" + args.size());
            }
        }
        if (present(image)) {
            args.addString(image.trim());
            int i = args.size();
            clauses.add("(data ->> 'imageId' = $" + i + " OR data ->> 'image' = $" + i + " OR data ->> 'reference' = $" + i
                    + " OR data ->> 'parentImageId' = $" + i + " OR stream_id = 'image-' || $" + i + ")");
        }
        if (present(container)) {
            args.addString(container.trim());
            int i = args.size();
            clauses.add("(stream_id = 'container-' || $" + i + " OR data ->> 'containerId' = $" + i + ")");
        }
        if (present(host)) {
            args.addString(host.trim());
            int i = args.size();
            clauses.add("(data ->> 'hostId' = $" + i + " OR stream_id = 'host-' || $" + i + ")");
        }
        if (present(from)) {
            args.addValue(time("from", from));
            clauses.add("recorded_at >= $" + args.size());
        }
        if (present(to)) {
            args.addValue(time("to", to));
            clauses.add("recorded_at < $" + args.size());
        }
        if (before != null) {
            args.addLong(before);
            clauses.add("position < $" + args.size());
        }
        return clauses.isEmpty() ? "TRUE" : String.join(" AND ", clauses);
    }

    public static OffsetDateTime time(String field, String value) {
        try {
            return OffsetDateTime.ofInstant(Instant.parse(value.trim()), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value.trim());
            } catch (DateTimeParseException again) {
                throw new InvalidCommand(field + " must be an ISO-8601 time such as 2025-01-31T12:00:00Z, got '"
                        + value + "'");
            }
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}

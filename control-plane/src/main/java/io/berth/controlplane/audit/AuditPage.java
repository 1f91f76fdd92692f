package io.berth.controlplane.audit;

import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.dashboardapi.AuditFilter;
import java.time.OffsetDateTime;

/**
 * What every audit query takes besides its own filters: a time window (ISO-8601, {@code from}
 * inclusive, {@code to} exclusive), {@code before} a position (the next page of a newest-first
 * listing: pass the last row's position) and {@code limit} rows (at most
 * {@code berth.limits.max-page-size}, checked for every list endpoint by {@code limits.PageLimit}).
 */
public record AuditPage(OffsetDateTime from, OffsetDateTime to, Long before, int limit) {

    public static AuditPage of(String from, String to, Long before, Integer limit, int defaultLimit) {
        int rows = limit == null ? defaultLimit : limit;
        if (rows < 1) {
            throw new InvalidCommand("limit must be 1 or more, got " + rows);
        }
        if (before != null && before < 1) {
            throw new InvalidCommand("before must be a position (1 or more), got " + before);
        }
        OffsetDateTime start = present(from) ? AuditFilter.time("from", from) : null;
        OffsetDateTime end = present(to) ? AuditFilter.time("to", to) : null;
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidCommand("from must be before to, got " + from + " and " + to);
        }
        return new AuditPage(start, end, before, rows);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}

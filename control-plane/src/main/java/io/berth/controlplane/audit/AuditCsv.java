package io.berth.controlplane.audit;

import io.berth.controlplane.dashboardapi.AuditEvents;
import io.berth.controlplane.eventstore.StoredEvent;
import java.util.List;
import java.util.Objects;

/** The audit answers as CSV (RFC 4180, CRLF), quoted as the dashboard's export is. */
final class AuditCsv {

    private AuditCsv() {
    }

    static String runs(List<RunRow> rows) {
        var csv = new StringBuilder("position,stream_id,stream_version,hash,recorded_at,actor,source,container_id,"
                + "name,image,image_id,host_id,dangerous_options\r\n");
        for (RunRow r : rows) {
            line(csv, Long.toString(r.position()), q(r.streamId()), Long.toString(r.streamVersion()), r.hash(),
                    r.recordedAt().toString(), q(r.actor()), q(r.source()), q(r.containerId()), q(r.name()),
                    q(r.image()), q(r.imageId()), q(r.hostId()), q(String.join(" ", r.dangerousOptions())));
        }
        return csv.toString();
    }

    static String commits(List<CommitRow> rows) {
        var csv = new StringBuilder("position,stream_id,stream_version,hash,recorded_at,actor,source,request_version,"
                + "request_hash,container_id,container_name,container_image,container_image_id,host_id,image_id,"
                + "reference,parent_image_id,author,comment\r\n");
        for (CommitRow r : rows) {
            line(csv, Long.toString(r.position()), q(r.streamId()), Long.toString(r.streamVersion()), r.hash(),
                    r.recordedAt().toString(), q(r.actor()), q(r.source()), Objects.toString(r.requestVersion(), ""),
                    Objects.toString(r.requestHash(), ""), q(r.containerId()), q(r.containerName()),
                    q(r.containerImage()), q(r.containerImageId()), q(r.hostId()), q(r.imageId()), q(r.reference()),
                    q(r.parentImageId()), q(r.author()), q(r.comment()));
        }
        return csv.toString();
    }

    static String events(List<StoredEvent> events) {
        var csv = new StringBuilder(AuditEvents.CSV_HEADER);
        events.forEach(e -> csv.append(AuditEvents.csvLine(e)));
        return csv.toString();
    }

    private static void line(StringBuilder csv, String... fields) {
        csv.append(String.join(",", fields)).append("\r\n");
    }

    private static String q(String s) {
        return AuditEvents.quote(s);
    }
}

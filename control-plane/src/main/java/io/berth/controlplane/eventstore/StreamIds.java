package io.berth.controlplane.eventstore;

import java.util.regex.Pattern;

/** Stream ids name one aggregate: {@code <kind>-<id>}, e.g. {@code host-node-1}. */
public final class StreamIds {

    public static final Pattern PATTERN =
            Pattern.compile("^(container|image|repository|host|network|volume|user|access)-[A-Za-z0-9._:-]{1,200}$");

    private StreamIds() {
    }

    /** The id, or {@link EventRejected} saying what a stream id must look like. */
    public static String require(String streamId) {
        if (streamId == null || !PATTERN.matcher(streamId).matches()) {
            throw new EventRejected("malformed stream id '" + abbreviate(streamId)
                    + "': expected <kind>-<id> with kind one of container, image, repository, host, network, volume,"
                    + " user, access and id of 1-200 characters from A-Z a-z 0-9 . _ : -");
        }
        return streamId;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}

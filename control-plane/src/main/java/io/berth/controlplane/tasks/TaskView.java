package io.berth.controlplane.tasks;

import java.time.Instant;

/**
 * How far one host's long work (an import, a commit) has come, keyed by the command it answers:
 * transient state the agents report, kept in memory and never appended to the log.
 *
 * @param task       the instruction's type ({@code image.import}, {@code container.commit})
 * @param subject    the upload id of an import, the container id of a commit
 * @param state      {@code running}, {@code succeeded} or {@code failed}
 * @param outcome    when done: what it made, or why it failed
 * @param bytesTotal -1 when the host does not know; likewise {@code itemsTotal}
 * @param sequence   increases with every change to any task: what a live connection has sent
 */
public record TaskView(String commandId, String hostId, String task, String subject, String phase, long bytesDone,
        long bytesTotal, int itemsDone, int itemsTotal, String state, String outcome, Instant startedAt,
        Instant updatedAt, long sequence) {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public boolean finished() {
        return !RUNNING.equals(state);
    }
}

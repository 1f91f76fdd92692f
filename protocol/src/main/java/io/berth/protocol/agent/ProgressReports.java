package io.berth.protocol.agent;

/** How far an instruction's long work has come on the host. */
public final class ProgressReports {

    private ProgressReports() {
    }

    /**
     * Progress of the instruction the envelope's command id names. Transient state, never an
     * event: the control plane keeps the latest per command in memory and shows it live. An agent
     * sends at most a few per second per task, and always its last before the outcome report (on
     * the same partition, so it never arrives after the outcome).
     *
     * @param task       the instruction's type ({@code image.import}, {@code container.commit})
     * @param subject    what it works on: the upload id of an import, the container id of a commit
     * @param phase      what it is doing now ({@code receiving}, {@code verifying layers}, {@code diffing},
     *                   {@code writing layer}, {@code writing image})
     * @param bytesTotal -1 when not known; likewise {@code itemsTotal}
     */
    @MessageType(name = "task.progress")
    public record TaskProgress(String task, String subject, String phase, long bytesDone, long bytesTotal,
            int itemsDone, int itemsTotal) implements Report {
    }
}

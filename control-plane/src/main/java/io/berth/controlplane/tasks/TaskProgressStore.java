package io.berth.controlplane.tasks;

import io.berth.protocol.agent.ProgressReports.TaskProgress;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest progress of each command's long work, in memory: progress is state, not history,
 * so it never touches the hash-chained log. Agents report it (throttled) on the reports topic
 * before the outcome report, and the outcome — the image stored, or the instruction failed —
 * marks the task done. Live connections send what changed after the {@link TaskView#sequence()}
 * they last sent; finished tasks are forgotten after the retention.
 */
@ApplicationScoped
public class TaskProgressStore {

    private final Map<String, TaskView> tasks = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final TasksConfig config;
    private final Clock clock;

    @Inject
    public TaskProgressStore(TasksConfig config) {
        this(config, Clock.systemUTC());
    }

    TaskProgressStore(TasksConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Progress reported for {@code commandId}; ignored once the task has finished. */
    public void progressed(String hostId, String commandId, TaskProgress progress) {
        Instant now = clock.instant();
        tasks.compute(commandId, (id, before) -> {
            if (before != null && before.finished()) {
                return before; // a redelivered progress report must not reopen it
            }
            return new TaskView(id, hostId, progress.task(), progress.subject(), progress.phase(),
                    progress.bytesDone(), progress.bytesTotal(), progress.itemsDone(), progress.itemsTotal(),
                    TaskView.RUNNING, null, before == null ? now : before.startedAt(), now, sequence.incrementAndGet());
        });
        trim();
    }

    /** The outcome of {@code commandId}'s work, for a task that reported progress; others are not tracked. */
    public void finished(String commandId, boolean succeeded, String outcome) {
        tasks.computeIfPresent(commandId, (id, before) -> before.finished() ? before
                : new TaskView(id, before.hostId(), before.task(), before.subject(), before.phase(), before.bytesDone(),
                        before.bytesTotal(), before.itemsDone(), before.itemsTotal(),
                        succeeded ? TaskView.SUCCEEDED : TaskView.FAILED, outcome, before.startedAt(), clock.instant(),
                        sequence.incrementAndGet()));
    }

    public Optional<TaskView> get(String commandId) {
        return Optional.ofNullable(tasks.get(commandId));
    }

    /** Every task known, newest first. */
    public List<TaskView> all() {
        return tasks.values().stream().sorted(Comparator.comparing(TaskView::startedAt).reversed()).toList();
    }

    /** Tasks changed after {@code sequence}, in the order they changed. */
    public List<TaskView> changedAfter(long sequence) {
        return tasks.values().stream().filter(t -> t.sequence() > sequence)
                .sorted(Comparator.comparingLong(TaskView::sequence)).toList();
    }

    /** Forgets finished tasks past the retention, and running ones whose host stopped reporting as long. */
    @Scheduled(every = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOld() {
        Instant cutoff = clock.instant().minus(config.retention());
        tasks.values().removeIf(t -> t.updatedAt().isBefore(cutoff));
    }

    private void trim() {
        int excess = tasks.size() - config.maxTasks();
        if (excess <= 0) {
            return;
        }
        tasks.values().stream()
                .sorted(Comparator.comparing(TaskView::finished).reversed().thenComparing(TaskView::updatedAt))
                .limit(excess).map(TaskView::commandId).toList().forEach(tasks::remove);
    }
}

import { bytes } from '../../api/format';
import type { TaskView } from '../../api/tasks';
import { ErrorMessage } from '../../components/Status';
import { useTask } from './useTask';

/** A progress bar for one command's work on its host, ending with the outcome. */
export function TaskProgress({ commandId, label }: { commandId: string; label: string }) {
  const task = useTask(commandId);
  if (task.error) return <ErrorMessage error={task.error} />;
  return <TaskProgressView label={label} task={task.data ?? null} />;
}

export function TaskProgressView({ label, task }: { label: string; task: TaskView | null }) {
  const state = task?.state ?? 'waiting';
  const percent = task?.fraction == null ? null : Math.round(task.fraction * 100);
  return (
    <div className={`task-progress task-${state}`} data-testid="task-progress" data-state={state} role="status">
      <div className="task-progress-head">
        <strong>{label}</strong>{' '}
        <span className="muted small">{task ? (state === 'running' ? task.phase : state) : 'waiting for the host…'}</span>
        {percent !== null && <span className="small"> {percent}%</span>}
      </div>
      <progress max={1} value={task?.fraction ?? undefined} aria-label={`${label} progress`} />
      {task && (
        <div className="small muted">
          {task.bytesTotal !== null ? `${bytes(task.bytesDone)} of ${bytes(task.bytesTotal)}` : task.bytesDone > 0 ? bytes(task.bytesDone) : ''}
          {task.itemsTotal !== null && task.itemsTotal > 0 ? ` · ${task.itemsDone} of ${task.itemsTotal}` : ''}
          {task.state !== 'running' && task.outcome ? ` · ${task.outcome}` : ''}
        </div>
      )}
    </div>
  );
}

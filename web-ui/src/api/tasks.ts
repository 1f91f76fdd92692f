import { ApiError, getJson } from './client';

/** `TaskView` as `/api/v1/tasks/{commandId}` and the live stream's `progress` messages carry it. */
export interface RawTaskView {
  commandId: string;
  hostId: string;
  task: string;
  subject: string | null;
  phase: string;
  bytesDone: number;
  bytesTotal: number;
  itemsDone: number;
  itemsTotal: number;
  state: 'running' | 'succeeded' | 'failed';
  outcome: string | null;
  startedAt: string;
  updatedAt: string;
  sequence: number;
}

/** A host's long work (import, commit) as a progress bar shows it. */
export interface TaskView {
  commandId: string;
  hostId: string;
  task: string;
  phase: string;
  /** 0..1, or null when the host does not know the total (an indeterminate bar). */
  fraction: number | null;
  bytesDone: number;
  bytesTotal: number | null;
  itemsDone: number;
  itemsTotal: number | null;
  state: 'running' | 'succeeded' | 'failed';
  outcome: string | null;
  sequence: number;
}

export function toTaskView(raw: RawTaskView): TaskView {
  const bytesTotal = raw.bytesTotal >= 0 ? raw.bytesTotal : null;
  const itemsTotal = raw.itemsTotal >= 0 ? raw.itemsTotal : null;
  let fraction: number | null = null;
  if (raw.state === 'succeeded') fraction = 1;
  else if (bytesTotal !== null && bytesTotal > 0) fraction = Math.min(1, raw.bytesDone / bytesTotal);
  else if (itemsTotal !== null && itemsTotal > 0) fraction = Math.min(1, raw.itemsDone / itemsTotal);
  return {
    commandId: raw.commandId,
    hostId: raw.hostId,
    task: raw.task,
    phase: raw.phase,
    fraction,
    bytesDone: raw.bytesDone,
    bytesTotal,
    itemsDone: raw.itemsDone,
    itemsTotal,
    state: raw.state,
    outcome: raw.outcome,
    sequence: raw.sequence,
  };
}

/** Keeps the later of two reports of one task (messages may overlap a REST read). */
export function laterTask(current: TaskView | null | undefined, next: TaskView): TaskView {
  return current && current.sequence >= next.sequence ? current : next;
}

/** The task's progress, or null while its host has reported none (404). */
export async function fetchTask(commandId: string): Promise<TaskView | null> {
  try {
    return toTaskView(await getJson<RawTaskView>(`/api/v1/tasks/${encodeURIComponent(commandId)}`, `loading the progress of ${commandId}`));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

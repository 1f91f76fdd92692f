import type { QueryClient } from '@tanstack/react-query';
import { applyHeartbeats, type HostHeartbeats, type RawHeartbeats } from '../heartbeats';
import { keys } from '../keys';
import { laterTask, toTaskView, type RawTaskView, type TaskView } from '../tasks';
import type { SseMessage } from './sse';

/**
 * The live stream's id-less messages: state that changes too often to be events (task progress,
 * hosts' heartbeats). They never move the stream's resume position; each kind is written to its
 * own query key by the pure reducers of `tasks.ts` and `heartbeats.ts`.
 */
export function isTransient(m: SseMessage): boolean {
  return m.id === null && (m.event === 'progress' || m.event === 'heartbeats');
}

export function applyTransient(client: QueryClient, m: SseMessage): void {
  if (m.event === 'progress') {
    for (const raw of JSON.parse(m.data) as RawTaskView[]) {
      const next = toTaskView(raw);
      client.setQueryData<TaskView | null>(keys.tasks(next.commandId), (current) => laterTask(current, next));
    }
  } else if (m.event === 'heartbeats') {
    client.setQueryData<HostHeartbeats>(keys.heartbeats, (known) => applyHeartbeats(known, JSON.parse(m.data) as RawHeartbeats));
  }
}

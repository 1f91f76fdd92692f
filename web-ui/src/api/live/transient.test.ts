import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyHeartbeats, secondsSinceHeard, type HostHeartbeats } from '../heartbeats';
import { keys } from '../keys';
import { laterTask, toTaskView, type RawTaskView, type TaskView } from '../tasks';
import { applyTransient, isTransient } from './transient';
import { parseSse } from './sse';

const raw = (patch: Partial<RawTaskView>): RawTaskView => ({
  commandId: 'c1', hostId: 'h1', task: 'image.import', subject: 'u1', phase: 'receiving', bytesDone: 0, bytesTotal: 1000,
  itemsDone: 0, itemsTotal: -1, state: 'running', outcome: null, startedAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', sequence: 1,
  ...patch,
});

describe('task progress', () => {
  it('is a fraction of bytes when their total is known, else of items, else indeterminate', () => {
    expect(toTaskView(raw({ bytesDone: 250 })).fraction).toBe(0.25);
    expect(toTaskView(raw({ bytesTotal: -1, itemsDone: 1, itemsTotal: 4 })).fraction).toBe(0.25);
    expect(toTaskView(raw({ bytesTotal: -1 })).fraction).toBeNull();
    expect(toTaskView(raw({ bytesTotal: -1 })).bytesTotal).toBeNull();
  });

  it('is whole once succeeded, whatever the last phase said', () => {
    expect(toTaskView(raw({ phase: 'writing image', bytesTotal: -1, state: 'succeeded', outcome: 'stored me/app:1' })).fraction).toBe(1);
  });

  it('keeps the later report of a task, so an older one arriving late changes nothing', () => {
    const first = toTaskView(raw({ bytesDone: 100, sequence: 5 }));
    const second = toTaskView(raw({ bytesDone: 900, sequence: 9 }));
    expect(laterTask(undefined, first)).toBe(first);
    expect(laterTask(first, second)).toBe(second);
    expect(laterTask(second, first)).toBe(second);
  });
});

describe('heartbeats', () => {
  it('merges the hosts heard since the previous message and measures by the control plane clock', () => {
    let known: HostHeartbeats | null = null;
    known = applyHeartbeats(known, { at: '2025-01-01T00:00:10Z', hosts: { a: '2025-01-01T00:00:09Z', b: '2025-01-01T00:00:02Z' } });
    known = applyHeartbeats(known, { at: '2025-01-01T00:00:12Z', hosts: { a: '2025-01-01T00:00:11Z' } });
    expect(secondsSinceHeard(known, 'a')).toBe(1);
    expect(secondsSinceHeard(known, 'b')).toBe(10); // not heard again: it ages
    expect(secondsSinceHeard(known, 'c')).toBeNull();
    expect(secondsSinceHeard(null, 'a')).toBeNull();
  });
});

describe('transient messages on the live connection', () => {
  const stream = [
    'id: 41\nevent: container.started\ndata: {"position":41}\n\n',
    'event: progress\ndata: [' + JSON.stringify(raw({ commandId: 'c9', bytesDone: 500, sequence: 3 })) + ']\n\n',
    'event: heartbeats\ndata: {"at":"2025-01-01T00:00:05Z","hosts":{"h1":"2025-01-01T00:00:03Z"}}\n\n',
  ].join('');

  it('are told from events by their missing id and their name', () => {
    const { messages } = parseSse(stream);
    expect(messages.map(isTransient)).toEqual([false, true, true]);
  });

  it('land in their own queries', () => {
    const client = new QueryClient();
    parseSse(stream).messages.filter(isTransient).forEach((m) => applyTransient(client, m));
    expect(client.getQueryData<TaskView>(keys.tasks('c9'))).toMatchObject({ fraction: 0.5, phase: 'receiving', state: 'running' });
    expect(secondsSinceHeard(client.getQueryData<HostHeartbeats>(keys.heartbeats), 'h1')).toBe(2);
  });
});

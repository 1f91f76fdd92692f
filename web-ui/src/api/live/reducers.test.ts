import { describe, expect, it } from 'vitest';
import type { ContainerView } from '../containers';
import type { RawStoredEvent } from '../events';
import type { HostView } from '../hosts';
import { applyToContainers, applyToHosts, appendToTimeline, prependActivity, SeenPositions } from './reducers';

const id = 'a'.repeat(64);
let position = 100;
function ev(type: string, version: number, data: Record<string, unknown>, streamId = `container-${id}`): RawStoredEvent {
  position += 1;
  return { position, txId: 1, eventId: `e${position}`, streamId, streamVersion: version, type, schemaVersion: 1, data: { containerId: id, ...data }, metadata: { actor: 'ada', source: 'rest' }, recordedAt: '2025-01-01T00:00:00Z', hash: '' };
}

describe('container reducer', () => {
  it('adds a created container, follows it to running and removes it', () => {
    let list: ContainerView[] | undefined = [];
    list = applyToContainers(list, ev('container.created', 1, { name: 'web', image: 'busybox', imageId: 'sha256:1', spec: { cmd: ['sleep', '1'], entrypoint: null, labels: { app: 'x' } } }));
    list = applyToContainers(list, ev('container.scheduled', 2, { hostId: 'h1', reason: 'least loaded' }));
    list = applyToContainers(list, ev('container.started', 3, { hostId: 'h1', pid: 7, ipAddress: '10.0.0.2' }));
    expect(list).toHaveLength(1);
    expect(list?.[0]).toMatchObject({ name: 'web', hostId: 'h1', state: 'running', pid: 7, command: 'sleep 1', labels: { app: 'x' }, version: 3 });
    list = applyToContainers(list, ev('container.stopped', 4, { exitCode: 137 }));
    expect(list?.[0]).toMatchObject({ state: 'exited', exitCode: 137, pid: null });
    list = applyToContainers(list, ev('container.removed', 5, {}));
    expect(list).toEqual([]);
  });

  it('skips an event the loaded view already reflects (by stream version) and returns the same list', () => {
    const list = applyToContainers([], ev('container.created', 1, { name: 'web', image: 'busybox', spec: null }));
    const started = applyToContainers(list, ev('container.started', 2, { pid: 1 }));
    const again = applyToContainers(started, { ...ev('container.started', 2, { pid: 99 }) });
    expect(again).toBe(started);
    expect(again?.[0].pid).toBe(1);
  });

  it('leaves the list alone for other streams and before it is loaded', () => {
    const list: ContainerView[] = [];
    expect(applyToContainers(list, ev('container.name-claimed', 1, {}, 'container-name.web'))).toBe(list);
    expect(applyToContainers(undefined, ev('container.created', 1, { name: 'x', image: 'y' }))).toBeUndefined();
  });

  it('keeps a removing container removing when its exit arrives', () => {
    let list = applyToContainers([], ev('container.created', 1, { name: 'w', image: 'i', spec: null }));
    list = applyToContainers(list, ev('container.remove-requested', 2, { force: true }));
    list = applyToContainers(list, ev('container.exited', 3, { exitCode: 0 }));
    expect(list?.[0].state).toBe('removing');
  });
});

describe('host reducer', () => {
  const host = (type: string, version: number, data: Record<string, unknown>) => ev(type, version, { hostId: 'h1', ...data }, 'host-h1');
  it('registers, loses, brings back and removes a host', () => {
    let list: HostView[] | undefined = [];
    list = applyToHosts(list, host('host.registered', 1, { name: 'one', labels: { zone: 'a' }, capacity: { cpus: 4, memoryBytes: 1024 } }));
    expect(list?.[0]).toMatchObject({ hostId: 'h1', name: 'one', status: 'ready', cpus: 4, labels: { zone: 'a' } });
    list = applyToHosts(list, host('host.lost', 2, { reason: 'silent' }));
    expect(list?.[0]).toMatchObject({ status: 'lost', reason: 'silent' });
    const same = applyToHosts(list, host('host.lost', 2, { reason: 'again' }));
    expect(same).toBe(list);
    list = applyToHosts(list, host('host.back', 3, {}));
    expect(list?.[0].status).toBe('ready');
    list = applyToHosts(list, host('host.removed', 4, {}));
    expect(list).toEqual([]);
  });
});

describe('activity, timeline and duplicates', () => {
  it('prepends new events once, newest first, bounded', () => {
    const e1 = ev('container.created', 1, { name: 'a', image: 'b' });
    const e2 = ev('container.started', 2, {});
    let list = prependActivity([], e1, 2);
    list = prependActivity(list, e2, 2);
    list = prependActivity(list, e2, 2);
    expect(list?.map((e) => e.position)).toEqual([e2.position, e1.position]);
    expect(list?.[0].actor).toBe('ada');
    expect(prependActivity(list, ev('x', 1, {}), 2)).toHaveLength(2);
  });
  it('appends to a timeline once', () => {
    const e = ev('container.started', 2, {});
    const t = appendToTimeline([], e);
    expect(appendToTimeline(t, e)).toBe(t);
  });
  it('remembers positions up to its capacity', () => {
    const seen = new SeenPositions(2);
    expect(seen.add(1)).toBe(true);
    expect(seen.add(1)).toBe(false);
    seen.add(2);
    seen.add(3);
    expect(seen.add(1)).toBe(true);
  });
});

import { commandLine, type ContainerView, type RawRunSpec } from '../containers';
import type { EventView, RawStoredEvent } from '../events';
import { toEventView } from '../events';
import type { HostView } from '../hosts';

/**
 * Pure reducers: one committed event applied to a cached list. Each view carries its stream's
 * version, so an event the list already reflects (the list was loaded after the live stream's
 * start position) changes nothing. A reducer returns the same list when nothing changed.
 */

const CONTAINER_STREAM = /^container-([0-9a-f]{64})$/;

function s(data: Record<string, unknown>, key: string): string | null {
  const v = data[key];
  return typeof v === 'string' ? v : null;
}

function n(data: Record<string, unknown>, key: string): number | null {
  const v = data[key];
  return typeof v === 'number' ? v : null;
}

/** The container view after one event of its own stream; null when removed (or not yet created). */
export function applyToContainer(view: ContainerView | null, e: RawStoredEvent): ContainerView | null {
  const d = e.data;
  const at = new Date(e.recordedAt);
  if (e.type === 'container.created') {
    if (view) return view;
    const spec = (d.spec ?? null) as RawRunSpec | null;
    const id = s(d, 'containerId') ?? e.streamId.slice('container-'.length);
    return {
      id,
      shortId: id.slice(0, 12),
      name: s(d, 'name') ?? '',
      image: s(d, 'image') ?? '',
      imageId: s(d, 'imageId'),
      hostId: null,
      state: 'created',
      desired: 'stopped',
      pid: null,
      ipAddress: null,
      exitCode: null,
      oomKilled: false,
      restartCount: 0,
      labels: spec?.labels ?? {},
      command: commandLine(spec),
      spec,
      placementReason: null,
      createdAt: at,
      startedAt: null,
      finishedAt: null,
      lastError: null,
      version: e.streamVersion,
    };
  }
  if (!view) return null;
  if (e.streamVersion <= view.version) return view;
  const gone = view.state === 'removing' || view.state === 'removed';
  let next: ContainerView = { ...view, version: e.streamVersion };
  switch (e.type) {
    case 'container.scheduled':
      next = { ...next, hostId: s(d, 'hostId'), placementReason: s(d, 'reason') };
      break;
    case 'container.start-requested':
    case 'container.restart-requested':
      next = { ...next, desired: 'running' };
      break;
    case 'container.stop-requested':
    case 'container.kill-requested':
      next = { ...next, desired: 'stopped' };
      break;
    case 'container.remove-requested':
      next = { ...next, state: 'removing', desired: 'removed' };
      break;
    case 'container.removed':
      return null;
    case 'container.prepared':
      next = { ...next, imageId: s(d, 'imageId') ?? next.imageId };
      break;
    case 'container.started':
      next = {
        ...next,
        state: gone ? view.state : 'running',
        pid: n(d, 'pid'),
        ipAddress: s(d, 'ipAddress'),
        exitCode: null,
        oomKilled: false,
        startedAt: s(d, 'startedAt') ? new Date(s(d, 'startedAt') as string) : at,
        finishedAt: null,
      };
      break;
    case 'container.exited':
    case 'container.stopped':
      next = {
        ...next,
        state: gone ? view.state : 'exited',
        desired: 'stopped',
        pid: null,
        exitCode: n(d, 'exitCode'),
        oomKilled: d.oomKilled === true,
        restartCount: n(d, 'restartCount') ?? next.restartCount,
        finishedAt: s(d, 'finishedAt') ? new Date(s(d, 'finishedAt') as string) : at,
      };
      break;
    case 'container.instruction-failed':
      next = { ...next, lastError: `${s(d, 'instructionType') ?? ''}: ${s(d, 'reason') ?? ''}` };
      break;
    default:
      break;
  }
  return next;
}

/** The containers list after one event; events of other streams leave it as it is. */
export function applyToContainers(list: ContainerView[] | undefined, e: RawStoredEvent): ContainerView[] | undefined {
  if (!list) return list;
  const id = CONTAINER_STREAM.exec(e.streamId)?.[1];
  if (!id) return list;
  const index = list.findIndex((c) => c.id === id);
  const before = index < 0 ? null : list[index];
  const after = applyToContainer(before, e);
  if (after === before) return list;
  if (!after) return list.filter((_, i) => i !== index);
  if (index < 0) return [after, ...list];
  const copy = list.slice();
  copy[index] = after;
  return copy;
}

/** The hosts list after one event of a host stream. */
export function applyToHosts(list: HostView[] | undefined, e: RawStoredEvent): HostView[] | undefined {
  if (!list || !e.streamId.startsWith('host-') || !e.type.startsWith('host.')) return list;
  const d = e.data;
  const hostId = s(d, 'hostId') ?? e.streamId.slice(5);
  const index = list.findIndex((h) => h.hostId === hostId);
  const before = index < 0 ? null : list[index];
  if (before && e.streamVersion <= before.version) return list;
  const at = new Date(e.recordedAt);
  let after: HostView | null = before;
  switch (e.type) {
    case 'host.registered': {
      const capacity = (d.capacity ?? null) as { cpus?: number; memoryBytes?: number } | null;
      const versions = (d.versions ?? null) as { engine?: string } | null;
      after = {
        hostId,
        name: s(d, 'name') ?? hostId,
        labels: (d.labels ?? {}) as Record<string, string>,
        status: before?.status ?? 'ready',
        reason: before?.reason ?? null,
        cpus: capacity?.cpus ?? null,
        memoryBytes: capacity?.memoryBytes ?? null,
        engine: versions?.engine ?? null,
        registeredAt: before?.registeredAt ?? at,
        lastSeen: at,
        version: e.streamVersion,
      };
      break;
    }
    case 'host.removed':
      after = null;
      break;
    case 'host.lost':
      after = before && { ...before, status: 'lost', reason: s(d, 'reason'), lastSeen: at, version: e.streamVersion };
      break;
    case 'host.back':
      after = before && { ...before, status: before.status === 'lost' ? 'ready' : before.status, reason: null, lastSeen: at, version: e.streamVersion };
      break;
    case 'host.drained':
      after = before && { ...before, status: 'drained', reason: s(d, 'reason'), lastSeen: at, version: e.streamVersion };
      break;
    default:
      after = before && { ...before, version: e.streamVersion };
  }
  if (after === before) return list;
  if (!after) return index < 0 ? list : list.filter((_, i) => i !== index);
  if (index < 0) return [...list, after].sort((a, b) => a.hostId.localeCompare(b.hostId));
  const copy = list.slice();
  copy[index] = after;
  return copy;
}

/** Recent activity, newest first, at most `max`; an event already there is not added twice. */
export function prependActivity(list: EventView[] | undefined, e: RawStoredEvent, max = 25): EventView[] | undefined {
  if (!list) return list;
  if (list.some((x) => x.position === e.position)) return list;
  return [toEventView(e), ...list].slice(0, max);
}

/** A container's timeline after one of its events, oldest first, without duplicates. */
export function appendToTimeline(list: RawStoredEvent[] | undefined, e: RawStoredEvent): RawStoredEvent[] | undefined {
  if (!list) return list;
  if (list.some((x) => x.position === e.position)) return list;
  return [...list, e];
}

/**
 * Remembers the positions the live connection has handed on, so an event delivered twice
 * (a reconnect that overlaps, a replay from an earlier position) is applied once. Keeps the
 * last `capacity` positions.
 */
export class SeenPositions {
  private readonly set = new Set<number>();
  private readonly order: number[] = [];

  constructor(private readonly capacity = 50_000) {}

  /** True the first time a position is offered. */
  add(position: number): boolean {
    if (this.set.has(position)) return false;
    this.set.add(position);
    this.order.push(position);
    if (this.order.length > this.capacity) {
      const dropped = this.order.splice(0, this.order.length - this.capacity);
      dropped.forEach((p) => this.set.delete(p));
    }
    return true;
  }
}

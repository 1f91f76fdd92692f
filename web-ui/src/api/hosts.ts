import { getJson } from './client';

/** `HostView` as `/api/v1/hosts` returns it. */
export interface RawHostView {
  hostId: string;
  name: string;
  labels: Record<string, string> | null;
  capacity: { cpus: number; memoryBytes: number; diskBytes: number } | null;
  versions: { engine: string; runtime: string; kernel: string; os: string } | null;
  availability: string;
  reachable: boolean;
  drainReason: string | null;
  lostReason: string | null;
  registeredAt: string;
  updatedAt: string;
  version: number;
}

export type HostStatus = 'ready' | 'drained' | 'lost';

export interface HostView {
  hostId: string;
  name: string;
  labels: Record<string, string>;
  status: HostStatus;
  reason: string | null;
  cpus: number | null;
  memoryBytes: number | null;
  engine: string | null;
  registeredAt: Date;
  /** The last change the log recorded for the host (registration, heartbeat transition, drain). */
  lastSeen: Date;
  version: number;
}

export function toHostView(raw: RawHostView): HostView {
  const status: HostStatus = !raw.reachable ? 'lost' : raw.availability === 'drained' ? 'drained' : 'ready';
  return {
    hostId: raw.hostId,
    name: raw.name,
    labels: raw.labels ?? {},
    status,
    reason: status === 'lost' ? raw.lostReason : status === 'drained' ? raw.drainReason : null,
    cpus: raw.capacity?.cpus ?? null,
    memoryBytes: raw.capacity?.memoryBytes ?? null,
    engine: raw.versions?.engine ?? null,
    registeredAt: new Date(raw.registeredAt),
    lastSeen: new Date(raw.updatedAt),
    version: raw.version,
  };
}

export async function fetchHosts(): Promise<HostView[]> {
  return (await getJson<RawHostView[]>('/api/v1/hosts', 'loading hosts')).map(toHostView);
}

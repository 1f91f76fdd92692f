import { getJson, query, sendJson } from './client';
import type { RawStoredEvent } from './events';

export interface RawRunSpec {
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: string[];
  workingDir: string | null;
  user: string | null;
  hostname: string | null;
  tty: boolean;
  openStdin: boolean;
  labels: Record<string, string>;
  restartPolicy: string;
  memoryBytes: number;
  nanoCpus: number;
  pidsLimit: number;
  readOnlyRootfs: boolean;
  autoRemove: boolean;
  stopSignal: string | null;
  stopTimeoutSeconds: number | null;
}

/** `ContainerView` as `/api/v1/containers` returns it. */
export interface RawContainerView {
  id: string;
  name: string;
  image: string;
  imageId: string | null;
  hostId: string | null;
  placementReason: string | null;
  state: string;
  desired: string;
  pid: number | null;
  ipAddress: string | null;
  exitCode: number | null;
  oomKilled: boolean;
  restartCount: number;
  labels: Record<string, string> | null;
  spec: RawRunSpec | null;
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
  version: number;
  position: number;
}

export type ContainerState = 'created' | 'running' | 'exited' | 'removing' | 'removed' | string;

export interface ContainerView {
  id: string;
  shortId: string;
  name: string;
  image: string;
  imageId: string | null;
  hostId: string | null;
  state: ContainerState;
  desired: string;
  pid: number | null;
  ipAddress: string | null;
  exitCode: number | null;
  oomKilled: boolean;
  restartCount: number;
  labels: Record<string, string>;
  command: string;
  spec: RawRunSpec | null;
  placementReason: string | null;
  createdAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  lastError: string | null;
  /** The container stream's version this view reflects: live events at or below it are already in. */
  version: number;
}

const date = (s: string | null | undefined) => (s ? new Date(s) : null);

export function commandLine(spec: RawRunSpec | null): string {
  if (!spec) return '';
  return [...(spec.entrypoint ?? []), ...(spec.cmd ?? [])].join(' ');
}

export function toContainerView(raw: RawContainerView): ContainerView {
  return {
    id: raw.id,
    shortId: raw.id.slice(0, 12),
    name: raw.name,
    image: raw.image,
    imageId: raw.imageId,
    hostId: raw.hostId,
    state: raw.state,
    desired: raw.desired,
    pid: raw.pid,
    ipAddress: raw.ipAddress,
    exitCode: raw.exitCode,
    oomKilled: raw.oomKilled,
    restartCount: raw.restartCount,
    labels: raw.labels ?? {},
    command: commandLine(raw.spec),
    spec: raw.spec,
    placementReason: raw.placementReason,
    createdAt: date(raw.createdAt),
    startedAt: date(raw.startedAt),
    finishedAt: date(raw.finishedAt),
    lastError: raw.lastError,
    version: raw.version,
  };
}

export async function fetchContainers(): Promise<ContainerView[]> {
  return (await getJson<RawContainerView[]>('/api/v1/containers', 'loading containers')).map(toContainerView);
}

export async function fetchContainer(id: string): Promise<ContainerView> {
  return toContainerView(await getJson<RawContainerView>(`/api/v1/containers/${encodeURIComponent(id)}`, `loading container ${id}`));
}

export async function fetchContainerEvents(id: string): Promise<RawStoredEvent[]> {
  return getJson<RawStoredEvent[]>(`/api/v1/containers/${encodeURIComponent(id)}/events`, `loading the history of ${id}`);
}

/** The answer to a fleet command. */
export interface CommandReceipt {
  commandId: string;
  streamId: string;
  id: string;
  events: Array<{ type: string; version: number; position: number }>;
  alreadyApplied: boolean;
  outcome?: string;
}

export type LifecycleAction = 'start' | 'stop' | 'restart' | 'kill' | 'remove';

export function containerAction(id: string, action: LifecycleAction, force = false): Promise<CommandReceipt> {
  const path = `/api/v1/containers/${encodeURIComponent(id)}`;
  if (action === 'remove') {
    return sendJson<CommandReceipt>('DELETE', path + query({ force: force ? 'true' : undefined }), `removing ${id.slice(0, 12)}`);
  }
  return sendJson<CommandReceipt>('POST', `${path}/${action}`, `${action} of ${id.slice(0, 12)}`);
}

/** `RunRequest`: docker run's options plus placement. */
export interface RunRequest {
  image: string;
  name?: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  workdir?: string;
  user?: string;
  hostname?: string;
  labels?: Record<string, string>;
  restartPolicy?: string;
  memoryBytes?: number;
  cpus?: number;
  pidsLimit?: number;
  tty?: boolean;
  autoRemove?: boolean;
  readOnly?: boolean;
  host?: string;
  constraints?: string[];
}

export function runContainer(request: RunRequest): Promise<CommandReceipt> {
  return sendJson<CommandReceipt>('POST', '/api/v1/containers', `running ${request.image}`, request);
}

export interface CommitRequest {
  repository: string;
  tag: string;
  author: string;
  message: string;
}

export function commitContainer(id: string, request: CommitRequest): Promise<CommandReceipt> {
  return sendJson<CommandReceipt>('POST', `/api/v1/containers/${encodeURIComponent(id)}/commit`, `committing ${id.slice(0, 12)}`, request);
}

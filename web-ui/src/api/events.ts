/** An event as the log stores it (`StoredEvent`), from the live stream and every history endpoint. */
export interface RawStoredEvent {
  position: number;
  txId: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: { actor?: string; source?: string; clientAddress?: string; correlationId?: string; causationId?: string; commandId?: string };
  recordedAt: string;
  hash: string;
}

export interface EventView {
  position: number;
  streamId: string;
  streamVersion: number;
  type: string;
  data: Record<string, unknown>;
  actor: string;
  source: string;
  at: Date;
  /** The container, image or host the event is about, when it names one. */
  containerId: string | null;
  imageId: string | null;
  hostId: string | null;
  summary: string;
}

function str(data: Record<string, unknown>, key: string): string | null {
  const v = data[key];
  return typeof v === 'string' ? v : null;
}

/** A short human line for an event: what happened, with the fields that matter. */
export function summarize(type: string, data: Record<string, unknown>): string {
  const id = (s: string | null) => (s ? s.replace(/^sha256:/, '').slice(0, 12) : '?');
  switch (type) {
    case 'container.created':
      return `created ${str(data, 'name') ?? ''} from ${str(data, 'image') ?? ''}`;
    case 'container.scheduled':
      return `scheduled on ${str(data, 'hostId') ?? '?'}`;
    case 'container.started':
      return `started (pid ${String(data.pid ?? '?')})`;
    case 'container.exited':
    case 'container.stopped':
      return `${type.slice(10)} with code ${String(data.exitCode ?? '?')}`;
    case 'container.committed':
      return `committed as ${str(data, 'reference') ?? id(str(data, 'imageId'))}`;
    case 'container.commit-requested':
      return `commit requested${str(data, 'reference') ? ` as ${str(data, 'reference')}` : ''}`;
    case 'container.exec-started':
      return `exec ${Array.isArray(data.args) ? (data.args as unknown[]).join(' ') : ''}`;
    case 'container.exec-ended':
      return typeof data.exitCode === 'number' ? `exec ended with code ${data.exitCode}` : 'exec ended (session closed, no exit code)';
    case 'container.instruction-failed':
      return `failed: ${str(data, 'reason') ?? ''}`;
    case 'image.imported':
      return `imported ${Array.isArray(data.references) ? (data.references as unknown[]).join(', ') : id(str(data, 'imageId'))} on ${str(data, 'hostId') ?? '?'}`;
    case 'image.committed':
      return `image ${str(data, 'reference') ?? id(str(data, 'imageId'))} committed from container ${id(str(data, 'containerId'))}`;
    case 'image.tagged':
      return `tagged ${id(str(data, 'imageId'))} as ${str(data, 'reference') ?? '?'}`;
    case 'host.registered':
      return `host ${str(data, 'hostId') ?? '?'} registered`;
    case 'host.lost':
      return `host ${str(data, 'hostId') ?? '?'} lost`;
    case 'host.back':
      return `host ${str(data, 'hostId') ?? '?'} back`;
    default:
      return type;
  }
}

export function toEventView(raw: RawStoredEvent): EventView {
  const data = raw.data ?? {};
  const containerFromStream = /^container-([0-9a-f]{64})$/.exec(raw.streamId)?.[1] ?? null;
  return {
    position: raw.position,
    streamId: raw.streamId,
    streamVersion: raw.streamVersion,
    type: raw.type,
    data,
    actor: raw.metadata?.actor ?? 'unknown',
    source: raw.metadata?.source ?? '',
    at: new Date(raw.recordedAt),
    containerId: containerFromStream ?? str(data, 'containerId'),
    imageId: str(data, 'imageId'),
    hostId: str(data, 'hostId'),
    summary: summarize(raw.type, data),
  };
}

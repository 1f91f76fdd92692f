import { getJson, query } from './client';
import { toEventView, type EventView, type RawStoredEvent } from './events';

export interface AuditFilterView {
  actor: string;
  action: string;
  image: string;
  container: string;
  host: string;
  /** datetime-local values (the browser's local time) */
  from: string;
  to: string;
}

export const emptyAuditFilter: AuditFilterView = { actor: '', action: '', image: '', container: '', host: '', from: '', to: '' };

const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function auditQuery(filter: AuditFilterView, extra: Record<string, string | number | undefined> = {}): string {
  return query({
    actor: filter.actor.trim(),
    action: filter.action.trim(),
    image: filter.image.trim(),
    container: filter.container.trim(),
    host: filter.host.trim(),
    from: iso(filter.from),
    to: iso(filter.to),
    ...extra,
  });
}

export async function fetchAudit(filter: AuditFilterView, limit = 500): Promise<EventView[]> {
  return (await getJson<RawStoredEvent[]>(`/api/v1/dashboard/audit${auditQuery(filter, { limit })}`, 'loading the audit trail')).map(toEventView);
}

export function exportUrl(filter: AuditFilterView, format: 'csv' | 'json'): string {
  return `/api/v1/dashboard/audit/export${auditQuery(filter, { format })}`;
}

export async function fetchRecentActivity(limit = 25): Promise<EventView[]> {
  return (await getJson<RawStoredEvent[]>(`/api/v1/dashboard/audit${query({ limit })}`, 'loading recent activity')).map(toEventView);
}

/** `VerifyReport` of `/api/v1/audit/verify`. */
export interface RawVerifyReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  checkpointsChecked: number;
  firstBadEvent: { kind: string; position: number | null; streamId: string | null; reason: string } | null;
  problems: Array<{ kind: string; position: number | null; streamId: string | null; reason: string }>;
}

export function fetchVerify(): Promise<RawVerifyReport> {
  return getJson<RawVerifyReport>('/api/v1/audit/verify', 'verifying the hash chains');
}

/** Whether a live event belongs on an audit page with this filter (times compared as instants). */
export function matchesAudit(filter: AuditFilterView, e: EventView): boolean {
  const t = (s: string) => s.trim();
  if (t(filter.actor) && e.actor !== t(filter.actor)) return false;
  if (t(filter.action)) {
    const a = t(filter.action);
    if (a.endsWith('.') ? !e.type.startsWith(a) : e.type !== a) return false;
  }
  if (t(filter.container) && e.containerId !== t(filter.container)) return false;
  if (t(filter.host) && e.hostId !== t(filter.host) && e.streamId !== `host-${t(filter.host)}`) return false;
  if (t(filter.image)) {
    const i = t(filter.image);
    const d = e.data;
    if (![d.imageId, d.image, d.reference, d.parentImageId].includes(i) && e.streamId !== `image-${i}`) return false;
  }
  if (filter.from && e.at < new Date(filter.from)) return false;
  if (filter.to && e.at >= new Date(filter.to)) return false;
  return true;
}

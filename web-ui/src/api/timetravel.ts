import { getJson, query } from './client';

/** `FleetSnapshot` of `/api/v1/timetravel/fleet`. */
export interface RawFleetSnapshot {
  asked: string;
  position: number;
  at: string | null;
  eventsRead: number;
  hosts: Array<{ hostId: string; name: string; labels: Record<string, string>; availability: string; reachable: boolean; registeredAt: string }>;
  containers: Array<{ id: string; name: string; image: string; imageId: string | null; hostId: string | null; state: string; createdAt: string; position: number }>;
  images: Array<{ imageId: string; hostId: string; references: string[]; parentImageId: string | null; createdBy: string | null; containerId: string | null }>;
}

export interface FleetAt {
  /** What was asked: `position=N` or `at=<time>`. */
  asked: string;
  position: number;
  at: Date | null;
  eventsRead: number;
  hosts: RawFleetSnapshot['hosts'];
  containers: RawFleetSnapshot['containers'];
  images: RawFleetSnapshot['images'];
}

export type TimePoint = { position: number } | { at: string };

export async function fetchFleetAt(point: TimePoint): Promise<FleetAt> {
  const q = 'position' in point ? query({ position: point.position }) : query({ at: new Date(point.at).toISOString() });
  const raw = await getJson<RawFleetSnapshot>(`/api/v1/timetravel/fleet${q}`, 'rebuilding the fleet from the log');
  return { asked: raw.asked, position: raw.position, at: raw.at ? new Date(raw.at) : null, eventsRead: raw.eventsRead, hosts: raw.hosts, containers: raw.containers, images: raw.images };
}

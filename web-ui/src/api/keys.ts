import type { AuditFilterView } from './audit';

/**
 * Hierarchical query keys: invalidating a prefix (['images']) refreshes everything under it,
 * a full key exactly one query.
 */
export const keys = {
  hosts: ['hosts'] as const,
  containers: {
    all: ['containers'] as const,
    list: ['containers', 'list'] as const,
    detail: (id: string) => ['containers', 'detail', id] as const,
    events: (id: string) => ['containers', 'detail', id, 'events'] as const,
  },
  images: {
    all: ['images'] as const,
    fleet: ['images', 'fleet'] as const,
    host: (hostId: string) => ['images', 'host', hostId] as const,
    detail: (ref: string) => ['images', 'detail', ref] as const,
    history: (ref: string) => ['images', 'detail', ref, 'history'] as const,
    layers: (ref: string) => ['images', 'detail', ref, 'layers'] as const,
    lineage: ['images', 'lineage'] as const,
  },
  activity: ['activity'] as const,
  /** Transient state from the live connection (never invalidated by events). */
  tasks: (commandId: string) => ['tasks', commandId] as const,
  heartbeats: ['heartbeats'] as const,
  audit: {
    all: ['audit'] as const,
    list: (filter: AuditFilterView) => ['audit', 'list', filter] as const,
    verify: ['audit', 'verify'] as const,
  },
  timeTravel: (point: string) => ['timetravel', point] as const,
};

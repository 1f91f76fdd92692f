import { describe, expect, it } from 'vitest';
import type { ContainerView } from '../../api/containers';
import { filterContainers, noFilter } from './listFilter';

const c = (name: string, host: string, state: string, created: number, labels: Record<string, string> = {}): ContainerView => ({
  id: name.padEnd(64, '0'), shortId: name, name, image: name.startsWith('db') ? 'postgres' : 'busybox', imageId: null, hostId: host, state, desired: 'running', pid: null,
  ipAddress: null, exitCode: null, oomKilled: false, restartCount: 0, labels, command: 'sleep 1', spec: null, placementReason: null, createdAt: new Date(created), startedAt: null, finishedAt: null, lastError: null, version: 1,
});

describe('filterContainers', () => {
  const all = [c('web', 'h1', 'running', 3, { app: 'web' }), c('db', 'h2', 'exited', 1), c('worker', 'h1', 'running', 2, { app: 'jobs' })];
  it('combines filters', () => {
    expect(filterContainers(all, { ...noFilter, host: 'h1', state: 'running' }, { key: 'name', descending: false }).map((x) => x.name)).toEqual(['web', 'worker']);
    expect(filterContainers(all, { ...noFilter, label: 'app=jobs' }, { key: 'name', descending: false }).map((x) => x.name)).toEqual(['worker']);
    expect(filterContainers(all, { ...noFilter, image: 'postgres' }, { key: 'name', descending: false }).map((x) => x.name)).toEqual(['db']);
    expect(filterContainers(all, { ...noFilter, search: 'WOR' }, { key: 'name', descending: false }).map((x) => x.name)).toEqual(['worker']);
  });
  it('sorts both ways', () => {
    expect(filterContainers(all, noFilter, { key: 'created', descending: true }).map((x) => x.name)).toEqual(['web', 'worker', 'db']);
    expect(filterContainers(all, noFilter, { key: 'host', descending: false }).map((x) => x.hostId)).toEqual(['h1', 'h1', 'h2']);
  });
  it('filters 10,000 rows quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => c(`c${i}`, `h${i % 10}`, i % 3 ? 'running' : 'exited', i));
    const t = performance.now();
    const out = filterContainers(many, { ...noFilter, host: 'h3' }, { key: 'name', descending: false });
    expect(out).toHaveLength(1000);
    expect(performance.now() - t).toBeLessThan(200);
  });
});

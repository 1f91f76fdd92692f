import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostHeartbeats } from '../api/heartbeats';
import { toImageLayer } from '../api/images';
import { toTaskView } from '../api/tasks';
import { HostsTable } from './fleet/FleetOverview';
import { LayersTable } from './images/LayersTable';
import { TaskProgressView } from './tasks/TaskProgress';

afterEach(cleanup);

const wrap = (ui: ReactNode) => render(<QueryClientProvider client={new QueryClient()}>{ui}</QueryClientProvider>);

const task = (patch: Record<string, unknown>) =>
  toTaskView({
    commandId: 'c1', hostId: 'h1', task: 'container.commit', subject: 'x', phase: 'writing layer', bytesDone: 512, bytesTotal: 2048,
    itemsDone: 3, itemsTotal: 10, state: 'running', outcome: null, startedAt: '', updatedAt: '', sequence: 1, ...patch,
  });

describe('progress bars', () => {
  it('show the phase and how much of the total is done while running', () => {
    render(<TaskProgressView label="Commit" task={task({})} />);
    const bar = screen.getByTestId('task-progress');
    expect(bar.getAttribute('data-state')).toBe('running');
    expect(bar.textContent).toContain('writing layer');
    expect(bar.textContent).toContain('25%');
    expect(bar.textContent).toContain('512 B of 2.0 KiB');
    expect(screen.getByLabelText('Commit progress').getAttribute('value')).toBe('0.25');
  });

  it('end full with the outcome, or with why it failed', () => {
    const { rerender } = render(<TaskProgressView label="Commit" task={task({ state: 'succeeded', outcome: 'stored me/app:v1' })} />);
    expect(screen.getByTestId('task-progress').textContent).toContain('100%');
    expect(screen.getByTestId('task-progress').textContent).toContain('stored me/app:v1');
    rerender(<TaskProgressView label="Import" task={task({ state: 'failed', outcome: 'archive is neither a docker save tarball' })} />);
    expect(screen.getByTestId('task-progress').getAttribute('data-state')).toBe('failed');
    expect(screen.getByTestId('task-progress').textContent).toContain('archive is neither');
  });

  it('waits for the host before its first report', () => {
    render(<TaskProgressView label="Import" task={null} />);
    expect(screen.getByTestId('task-progress').textContent).toContain('waiting for the host');
  });
});

describe('image layers', () => {
  it('lists each step newest first with its layer digest and size, empty-layer steps too', () => {
    const layers = [
      { created: '2025-01-02T00:00:00Z', createdBy: 'berth commit abc', author: 'Ada', comment: 'first cut', emptyLayer: false, layerDigest: 'sha256:' + 'b'.repeat(64), diffId: 'sha256:' + 'c'.repeat(64), sizeBytes: 3072 },
      { created: '2025-01-01T00:00:00Z', createdBy: '/bin/sh -c #(nop) CMD ["sh"]', author: null, comment: null, emptyLayer: true, layerDigest: null, diffId: null, sizeBytes: 0 },
    ].map(toImageLayer);
    render(<LayersTable layers={layers} />);
    const rows = screen.getAllByTestId('image-layer');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('bbbbbbbbbbbb');
    expect(rows[0].textContent).toContain('3.0 KiB');
    expect(rows[0].textContent).toContain('Ada');
    expect(rows[0].textContent).toContain('first cut');
    expect(rows[1].getAttribute('data-empty')).toBe('true');
    expect(rows[1].textContent).toContain('empty layer');
    expect(rows[1].textContent).toContain('CMD ["sh"]');
  });
});

describe('last seen', () => {
  const row = { hostId: 'h1', name: 'one', labels: {}, status: 'ready' as const, reason: null, cpus: 2, memoryBytes: 1 << 30, engine: null, registeredAt: new Date(), lastSeen: new Date(), version: 1, running: 0, total: 0 };

  it('is how long before the control plane latest heartbeats message the host was heard', () => {
    const heartbeats: HostHeartbeats = { at: new Date('2025-01-01T00:00:10Z'), lastHeard: { h1: new Date('2025-01-01T00:00:07Z') } };
    const { rerender } = wrap(<HostsTable rows={[row]} heartbeats={heartbeats} />);
    expect(screen.getByTestId('last-seen-h1').textContent).toBe('3s ago');
    rerender(<QueryClientProvider client={new QueryClient()}><HostsTable rows={[row]} heartbeats={{ ...heartbeats, at: new Date('2025-01-01T00:02:07Z') }} /></QueryClientProvider>);
    expect(screen.getByTestId('last-seen-h1').textContent).toBe('2m ago');
  });

  it('says so for a host not heard since the control plane started', () => {
    wrap(<HostsTable rows={[row]} heartbeats={{ at: new Date(), lastHeard: {} }} />);
    expect(screen.getByTestId('last-seen-h1').textContent).toBe('not since the control plane started');
  });
});

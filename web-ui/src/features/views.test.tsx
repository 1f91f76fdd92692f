import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ContainerView } from '../api/containers';
import { VerifyStatus } from './audit/AuditPage';
import { ContainerTable } from './containers/ContainersPage';
import { RunForm } from './containers/RunForm';
import { HostsTable } from './fleet/FleetOverview';

const wrap = (ui: ReactNode) => render(<QueryClientProvider client={new QueryClient()}>{ui}</QueryClientProvider>);

const container = (i: number): ContainerView => ({
  id: String(i).padStart(64, 'a'), shortId: String(i), name: `c-${i}`, image: 'busybox', imageId: null, hostId: 'h1', state: 'running', desired: 'running', pid: 1,
  ipAddress: null, exitCode: null, oomKilled: false, restartCount: 0, labels: {}, command: 'sleep 1', spec: null, placementReason: null, createdAt: new Date(), startedAt: null, finishedAt: null, lastError: null, version: 1,
});

describe('views', () => {
  it('the containers table renders only the rows in view of 10,000', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => container(i));
    // jsdom lays nothing out: give the scroller a viewport of 800×600
    const height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    const width = vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    wrap(<ContainerTable rows={rows} total={10_000} sort={{ key: 'name', descending: false }} onSort={() => undefined} />);
    const rendered = screen.getAllByTestId('container-row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(100);
    expect(screen.getByTestId('containers-count').textContent).toBe('10000 containers');
    height.mockRestore();
    width.mockRestore();
  });

  it('the run form shows validation messages next to the fields and sends nothing', () => {
    wrap(<RunForm hosts={[]} onDone={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: '-bad' } });
    fireEvent.change(screen.getByLabelText('Memory limit'), { target: { value: 'lots' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(screen.getByText(/An image is required/)).toBeTruthy();
    expect(screen.getByText(/Letters, digits/)).toBeTruthy();
    expect(screen.getByText(/A size such as 64m/)).toBeTruthy();
    expect(screen.getByLabelText('Image').getAttribute('aria-invalid')).toBe('true');
  }, 20_000);

  it('the hosts table shows status, labels and counts', () => {
    wrap(
      <HostsTable
        rows={[{ hostId: 'h1', name: 'one', labels: { zone: 'a' }, status: 'lost', reason: 'silent', cpus: 2, memoryBytes: 1 << 30, engine: null, registeredAt: new Date(), lastSeen: new Date(), version: 1, running: 3, total: 5 }]}
      />,
    );
    const row = screen.getByTestId('host-h1');
    expect(row.textContent).toContain('lost');
    expect(row.textContent).toContain('zone=a');
    expect(row.textContent).toContain('3 running / 5');
  });

  it('the verification status says whether the chain holds', () => {
    const { rerender } = render(<VerifyStatus report={{ ok: true, eventsChecked: 10, streamsChecked: 2, checkpointsChecked: 1, firstBadEvent: null, problems: [] }} error={null} checking={false} onVerify={() => undefined} />);
    expect(screen.getByTestId('verify-status').textContent).toContain('chain verified: 10 events');
    rerender(<VerifyStatus report={{ ok: false, eventsChecked: 10, streamsChecked: 2, checkpointsChecked: 1, firstBadEvent: { kind: 'event', position: 7, streamId: 'host-x', reason: 'hash mismatch' }, problems: [] }} error={null} checking={false} onVerify={() => undefined} />);
    expect(screen.getByTestId('verify-status').textContent).toContain('TAMPERED: event #7 in host-x: hash mismatch');
  });
});

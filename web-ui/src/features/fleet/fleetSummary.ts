import type { ContainerView } from '../../api/containers';
import type { HostView } from '../../api/hosts';

export interface HostRow extends HostView {
  running: number;
  total: number;
}

export interface FleetTotals {
  hosts: number;
  hostsReady: number;
  containers: number;
  running: number;
  exited: number;
  created: number;
}

/** Per-host container counts and fleet totals from the two live lists. */
export function summarize(hosts: HostView[], containers: ContainerView[]): { rows: HostRow[]; totals: FleetTotals } {
  const running = new Map<string, number>();
  const total = new Map<string, number>();
  const totals: FleetTotals = { hosts: hosts.length, hostsReady: 0, containers: containers.length, running: 0, exited: 0, created: 0 };
  for (const c of containers) {
    if (c.state === 'running') totals.running++;
    else if (c.state === 'exited') totals.exited++;
    else if (c.state === 'created') totals.created++;
    if (!c.hostId) continue;
    total.set(c.hostId, (total.get(c.hostId) ?? 0) + 1);
    if (c.state === 'running') running.set(c.hostId, (running.get(c.hostId) ?? 0) + 1);
  }
  totals.hostsReady = hosts.filter((h) => h.status === 'ready').length;
  return {
    rows: hosts.map((h) => ({ ...h, running: running.get(h.hostId) ?? 0, total: total.get(h.hostId) ?? 0 })),
    totals,
  };
}

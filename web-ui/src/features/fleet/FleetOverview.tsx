import { useMemo } from 'react';
import type { EventView } from '../../api/events';
import { secondsSinceHeard, type HostHeartbeats } from '../../api/heartbeats';
import { ago, bytes } from '../../api/format';
import { Link } from '../../components/Router';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { useContainers } from '../containers/useContainers';
import { HealthPanel } from '../health/HealthPanel';
import { summarize, type FleetTotals, type HostRow } from './fleetSummary';
import { useActivity } from './useActivity';
import { useHeartbeats } from './useHeartbeats';
import { useHosts } from './useHosts';

export function FleetOverview() {
  const hosts = useHosts();
  const containers = useContainers();
  const activity = useActivity();
  const heartbeats = useHeartbeats();
  const summary = useMemo(() => (hosts.data && containers.data ? summarize(hosts.data, containers.data) : null), [hosts.data, containers.data]);
  return (
    <div className="page">
      <h2>Fleet</h2>
      {hosts.error && <ErrorMessage error={hosts.error} retry={() => hosts.refetch()} />}
      {containers.error && <ErrorMessage error={containers.error} retry={() => containers.refetch()} />}
      {summary ? <Totals totals={summary.totals} /> : !hosts.error && !containers.error && <Loading what="the fleet" />}
      <div className="columns">
        <section className="panel">
          <h3>Hosts</h3>
          {summary && <HostsTable rows={summary.rows} heartbeats={heartbeats.data ?? null} />}
        </section>
        <section className="panel">
          <h3>Recent activity</h3>
          {activity.error ? <ErrorMessage error={activity.error} /> : activity.data ? <Activity events={activity.data} /> : <Loading what="activity" />}
        </section>
      </div>
      <details className="panel">
        <summary>Control plane health</summary>
        <HealthPanel />
      </details>
    </div>
  );
}

export function Totals({ totals }: { totals: FleetTotals }) {
  return (
    <div className="totals" data-testid="fleet-totals">
      <div>
        <strong data-testid="total-hosts">{totals.hosts}</strong> hosts <span className="muted">({totals.hostsReady} ready)</span>
      </div>
      <div>
        <strong data-testid="total-containers">{totals.containers}</strong> containers
      </div>
      <div>
        <strong data-testid="total-running">{totals.running}</strong> running
      </div>
      <div>
        <strong>{totals.exited}</strong> exited
      </div>
    </div>
  );
}

/** "3s ago" from the control plane's clock at its latest heartbeats message. */
export function lastSeenText(heartbeats: HostHeartbeats | null, hostId: string): string {
  const seconds = secondsSinceHeard(heartbeats, hostId);
  if (seconds === null) return heartbeats ? 'not since the control plane started' : '—';
  return seconds < 60 ? `${seconds}s ago` : seconds < 3600 ? `${Math.floor(seconds / 60)}m ago` : `${Math.floor(seconds / 3600)}h ago`;
}

export function HostsTable({ rows, heartbeats = null }: { rows: HostRow[]; heartbeats?: HostHeartbeats | null }) {
  if (rows.length === 0) return <Empty>No hosts yet: start an agent and it registers itself.</Empty>;
  return (
    <table data-testid="hosts-table">
      <thead>
        <tr>
          <th>Host</th>
          <th>Status</th>
          <th>Labels</th>
          <th>Containers</th>
          <th>Capacity</th>
          <th>Last seen</th>
          <th>Last change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((h) => (
          <tr key={h.hostId} data-testid={`host-${h.hostId}`}>
            <td>
              <Link to={`/containers?host=${encodeURIComponent(h.hostId)}`}>{h.name}</Link>
              {h.name !== h.hostId && <div className="muted small">{h.hostId}</div>}
            </td>
            <td>
              <span className={`badge host-${h.status}`} title={h.reason ?? undefined}>
                {h.status}
              </span>
            </td>
            <td>
              {Object.entries(h.labels).map(([k, v]) => (
                <span key={k} className="chip">
                  {k}={v}
                </span>
              ))}
            </td>
            <td>
              {h.running} running / {h.total}
            </td>
            <td className="small">
              {h.cpus ?? '?'} CPU · {bytes(h.memoryBytes)}
            </td>
            <td className="small" data-testid={`last-seen-${h.hostId}`} title={heartbeats?.lastHeard[h.hostId]?.toLocaleString() ?? 'last heartbeat'}>
              {lastSeenText(heartbeats, h.hostId)}
            </td>
            <td className="small" title={h.lastSeen.toLocaleString()}>
              {ago(h.lastSeen)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Activity({ events }: { events: EventView[] }) {
  if (events.length === 0) return <Empty>Nothing has happened yet.</Empty>;
  return (
    <ol className="activity" data-testid="activity">
      {events.map((e) => (
        <li key={e.position}>
          <span className="muted small" title={e.at.toLocaleString()}>
            {e.at.toLocaleTimeString()}
          </span>{' '}
          <strong>{e.actor}</strong> <code>{e.type}</code>{' '}
          {e.containerId ? <Link to={`/containers/${e.containerId}`}>{e.summary}</Link> : <span>{e.summary}</span>}
        </li>
      ))}
    </ol>
  );
}

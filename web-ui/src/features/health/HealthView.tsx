import type { HealthView as Health } from '../../api/health';

interface Props {
  health: Health;
  onRefresh: () => void;
  refreshing: boolean;
}

export function HealthView({ health, onRefresh, refreshing }: Props) {
  return (
    <section aria-labelledby="health-title" className="panel">
      <h2 id="health-title">
        Control plane{' '}
        <span data-testid="overall-status" className={health.up ? 'status up' : 'status down'}>
          {health.up ? 'UP' : 'DOWN'}
        </span>
      </h2>
      <table>
        <thead>
          <tr>
            <th>Check</th>
            <th>Status</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {health.checks.map((check) => (
            <tr key={check.name} data-testid={`check-${check.name}`}>
              <td>{check.name}</td>
              <td className={check.up ? 'status up' : 'status down'}>{check.up ? 'UP' : 'DOWN'}</td>
              <td>{check.details}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onRefresh} disabled={refreshing}>
        {refreshing ? 'Refreshing…' : 'Refresh'}
      </button>
    </section>
  );
}

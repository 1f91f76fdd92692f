import { useEffect, useState } from 'react';
import { shortImageId } from '../../api/images';
import { useLiveStatus } from '../../api/live/LiveContext';
import type { TimePoint } from '../../api/timetravel';
import { Link } from '../../components/Router';
import { Empty, ErrorMessage, Loading, StateBadge } from '../../components/Status';
import { useFleetAt } from './useFleetAt';

/** Pick a position (slider) or a moment (date and time) and see the fleet as the log had it then. */
export function TimeTravelPage() {
  const live = useLiveStatus();
  const head = live.head;
  const [position, setPosition] = useState<number | null>(null);
  const [moment, setMoment] = useState('');
  const [point, setPoint] = useState<TimePoint | null>(null);
  useEffect(() => {
    if (position === null && head > 0) {
      setPosition(head);
      setPoint({ position: head });
    }
  }, [head, position]);
  const fleet = useFleetAt(point);
  return (
    <div className="page">
      <h2>Time travel</h2>
      <div className="panel timetravel-controls">
        <label htmlFor="tt-position">Position</label>
        <input
          id="tt-position"
          type="range"
          min={0}
          max={Math.max(head, 1)}
          value={position ?? 0}
          onChange={(e) => setPosition(Number(e.target.value))}
          onMouseUp={() => position !== null && setPoint({ position })}
          onKeyUp={() => position !== null && setPoint({ position })}
          onTouchEnd={() => position !== null && setPoint({ position })}
        />
        <input aria-label="Position number" type="number" min={0} max={head} value={position ?? 0} onChange={(e) => setPosition(Number(e.target.value))} />
        <button type="button" onClick={() => position !== null && setPoint({ position })}>
          Go to position
        </button>
        <span className="muted small">of {head}</span>
        <label htmlFor="tt-moment">or a moment</label>
        <input id="tt-moment" type="datetime-local" step={1} value={moment} onChange={(e) => setMoment(e.target.value)} />
        <button type="button" disabled={!moment} onClick={() => setPoint({ at: moment })}>
          Go to moment
        </button>
      </div>
      {fleet.error ? (
        <ErrorMessage error={fleet.error} retry={() => fleet.refetch()} />
      ) : !fleet.data ? (
        point ? <Loading what="the fleet from the log" /> : <Empty>Pick a position or a moment.</Empty>
      ) : (
        <div data-testid="timetravel-result" data-position={fleet.data.position} data-asked={fleet.data.asked}>
          <p className="notice">
            The fleet at position <strong>{fleet.data.position}</strong>
            {fleet.data.at ? ` (${fleet.data.at.toLocaleString()})` : ''}, rebuilt from {fleet.data.eventsRead} events.
            {fleet.isFetching && ' Rebuilding…'}
          </p>
          <div className="columns">
            <section className="panel">
              <h3>Hosts ({fleet.data.hosts.length})</h3>
              <ul>
                {fleet.data.hosts.map((h) => (
                  <li key={h.hostId}>
                    {h.name} <span className={`badge host-${!h.reachable ? 'lost' : h.availability === 'drained' ? 'drained' : 'ready'}`}>{!h.reachable ? 'lost' : h.availability}</span>
                  </li>
                ))}
              </ul>
            </section>
            <section className="panel">
              <h3>Images ({fleet.data.images.length})</h3>
              <ul>
                {fleet.data.images.map((i) => (
                  <li key={`${i.imageId}@${i.hostId}`}>
                    <span className="mono">{shortImageId(i.imageId)}</span> {i.references.join(', ') || '<none>'} <span className="muted small">on {i.hostId}</span>
                  </li>
                ))}
              </ul>
            </section>
          </div>
          <section className="panel">
            <h3>Containers ({fleet.data.containers.length})</h3>
            {fleet.data.containers.length === 0 ? (
              <Empty>No containers at that point.</Empty>
            ) : (
              <table data-testid="timetravel-containers">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>State</th>
                    <th>Image</th>
                    <th>Host</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {fleet.data.containers.slice(0, 500).map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link to={`/containers/${c.id}`}>{c.name}</Link>
                      </td>
                      <td>
                        <StateBadge state={c.state} />
                      </td>
                      <td>{c.image}</td>
                      <td>{c.hostId ?? '—'}</td>
                      <td>{new Date(c.createdAt).toLocaleString()}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </div>
  );
}

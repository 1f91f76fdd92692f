import { toEventView, type RawStoredEvent } from '../../api/events';
import { Empty } from '../../components/Status';

/** Who did what to the container, and when: its stream, oldest first. */
export function Timeline({ events }: { events: RawStoredEvent[] }) {
  if (events.length === 0) return <Empty>No events.</Empty>;
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map(toEventView).map((e) => (
        <li key={e.position}>
          <span className="muted small mono">#{e.position}</span> <time dateTime={e.at.toISOString()}>{e.at.toLocaleString()}</time> <strong>{e.actor}</strong>{' '}
          <span className="muted small">({e.source})</span> <code>{e.type}</code> <span>{e.summary}</span>
        </li>
      ))}
    </ol>
  );
}

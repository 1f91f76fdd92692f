import { useState } from 'react';
import type { ContainerView } from '../../api/containers';
import { bytes, time } from '../../api/format';
import { shortImageId } from '../../api/images';
import { Link } from '../../components/Router';
import { ErrorMessage, Loading, StateBadge } from '../../components/Status';
import { TaskProgress } from '../tasks/TaskProgress';
import { CommitDialog } from './CommitDialog';
import { Console } from './Console';
import { ContainerActions } from './ContainerActions';
import { LogsPanel } from './LogsPanel';
import { Timeline } from './Timeline';
import { useContainer } from './useContainer';
import { useContainerEvents } from './useContainerEvents';

export function ContainerDetailPage({ id }: { id: string }) {
  const container = useContainer(id);
  const events = useContainerEvents(id);
  const [committing, setCommitting] = useState(false);
  const [committed, setCommitted] = useState<string | null>(null);
  if (container.error) {
    return (
      <div className="page">
        <ErrorMessage error={container.error} retry={() => container.refetch()} />
        <p>
          A removed container keeps its history: <Link to={`/audit?container=${id}`}>see its events in the audit trail</Link>.
        </p>
      </div>
    );
  }
  if (!container.data) return <Loading what="the container" />;
  const c = container.data;
  return (
    <div className="page">
      <div className="page-head">
        <h2>
          {c.name} <StateBadge state={c.state} />
        </h2>
        <span className="actions">
          <ContainerActions container={c} />
          <button type="button" onClick={() => setCommitting(true)} disabled={!c.hostId || c.state === 'removing'}>
            Commit…
          </button>
        </span>
      </div>
      {committed && (
        <>
          <p className="notice" role="status">
            Commit requested ({committed}). The image appears on the <Link to="/images">images page</Link> when the host reports it.
          </p>
          <TaskProgress key={committed} commandId={committed} label="Commit" />
        </>
      )}
      {c.lastError && <div className="error-box">Last failure on the host: {c.lastError}</div>}
      <div className="columns">
        <section className="panel">
          <h3>Configuration and state</h3>
          <Config c={c} />
        </section>
        <section className="panel">
          <h3>Timeline</h3>
          {events.error ? <ErrorMessage error={events.error} /> : events.data ? <Timeline events={events.data} /> : <Loading what="events" />}
        </section>
      </div>
      <LogsPanel id={c.id} name={c.name} ready={c.startedAt !== null || c.state === 'running' || c.state === 'exited'} />
      <Console id={c.id} running={c.state === 'running'} />
      {committing && (
        <CommitDialog
          id={c.id}
          onClose={() => setCommitting(false)}
          onDone={(r) => {
            setCommitting(false);
            setCommitted(r.commandId);
          }}
        />
      )}
    </div>
  );
}

function Config({ c }: { c: ContainerView }) {
  const spec = c.spec;
  const rows: Array<[string, React.ReactNode]> = [
    ['ID', <span className="mono small">{c.id}</span>],
    ['Image', <Link to={`/images/${encodeURIComponent(c.imageId ?? c.image)}`}>{c.image}</Link>],
    ['Image ID', c.imageId ? <span className="mono small">{shortImageId(c.imageId)}</span> : '—'],
    ['Host', c.hostId ? <Link to={`/containers?host=${encodeURIComponent(c.hostId)}`}>{c.hostId}</Link> : '—'],
    ['Placement', c.placementReason ?? '—'],
    ['Desired', c.desired],
    ['Command', <code>{c.command || '(image default)'}</code>],
    ['PID / IP', `${c.pid ?? '—'} / ${c.ipAddress ?? '—'}`],
    ['Exit code', c.exitCode === null ? '—' : `${c.exitCode}${c.oomKilled ? ' (OOM killed)' : ''}`],
    ['Restarts', `${c.restartCount} (policy ${spec?.restartPolicy ?? 'no'})`],
    ['Environment', spec?.env.length ? spec.env.join(' ') : '—'],
    ['Labels', Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(', ') || '—'],
    ['Limits', `memory ${bytes(spec?.memoryBytes)} · cpus ${spec?.nanoCpus ? spec.nanoCpus / 1e9 : '—'} · pids ${spec?.pidsLimit || '—'}`],
    ['Created', time(c.createdAt)],
    ['Started', time(c.startedAt)],
    ['Finished', time(c.finishedAt)],
  ];
  return (
    <dl className="config" data-testid="container-config">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

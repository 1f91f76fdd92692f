import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { emptyAuditFilter, exportUrl, type AuditFilterView, type RawVerifyReport } from '../../api/audit';
import type { EventView } from '../../api/events';
import { Link, useRoute } from '../../components/Router';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { useAudit } from './useAudit';
import { useVerify } from './useVerify';

const fields: Array<[keyof AuditFilterView, string, string]> = [
  ['actor', 'Actor', 'admin, agent:host-1'],
  ['action', 'Action', 'container.committed or image.'],
  ['container', 'Container', 'container id'],
  ['image', 'Image', 'image id or reference'],
  ['host', 'Host', 'host id'],
];

export function AuditPage() {
  const { params } = useRoute();
  const initial = { ...emptyAuditFilter };
  (Object.keys(initial) as Array<keyof AuditFilterView>).forEach((k) => (initial[k] = params.get(k) ?? ''));
  const [draft, setDraft] = useState<AuditFilterView>(initial);
  const [filter, setFilter] = useState<AuditFilterView>(initial);
  const audit = useAudit(filter);
  const verify = useVerify();
  return (
    <div className="page">
      <div className="page-head">
        <h2>Audit trail</h2>
        <VerifyStatus report={verify.data} error={verify.error} checking={verify.isFetching} onVerify={() => verify.refetch()} />
      </div>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft);
        }}
      >
        {fields.map(([key, label, placeholder]) => (
          <input key={key} aria-label={label} placeholder={`${label}: ${placeholder}`} value={draft[key]} onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))} />
        ))}
        <label className="small">
          from <input type="datetime-local" aria-label="From" value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
        </label>
        <label className="small">
          to <input type="datetime-local" aria-label="To" value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
        </label>
        <button type="submit" className="primary">
          Filter
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(emptyAuditFilter);
            setFilter(emptyAuditFilter);
          }}
        >
          Clear
        </button>
        <a className="button" href={exportUrl(filter, 'csv')} download>
          Export CSV
        </a>
        <a className="button" href={exportUrl(filter, 'json')} download>
          Export JSON
        </a>
      </form>
      {audit.error ? <ErrorMessage error={audit.error} retry={() => audit.refetch()} /> : !audit.data ? <Loading what="the audit trail" /> : <AuditTable events={audit.data} />}
    </div>
  );
}

export function VerifyStatus({ report, error, checking, onVerify }: { report?: RawVerifyReport; error: Error | null; checking: boolean; onVerify: () => void }) {
  let text: React.ReactNode;
  let cls = 'muted';
  if (checking) text = 'verifying the hash chains…';
  else if (error) {
    text = error.message;
    cls = 'error';
  } else if (report?.ok) {
    text = `chain verified: ${report.eventsChecked} events, ${report.streamsChecked} streams, ${report.checkpointsChecked} checkpoints`;
    cls = 'ok';
  } else if (report) {
    const bad = report.firstBadEvent;
    text = `TAMPERED: ${bad ? `event #${bad.position ?? '?'} in ${bad.streamId ?? '?'}: ${bad.reason}` : `${report.problems.length} problems`}`;
    cls = 'error';
  }
  return (
    <span className="verify" data-testid="verify-status">
      <span className={cls}>{text}</span>{' '}
      <button type="button" onClick={onVerify} disabled={checking}>
        Verify now
      </button>
    </span>
  );
}

const ROW = 34;

export function AuditTable({ events }: { events: EventView[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: events.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10, initialRect: { width: 1000, height: 600 } });
  if (events.length === 0) return <Empty>No events match.</Empty>;
  return (
    <div className="vtable audit" role="table" aria-label="Events">
      <div className="vrow vhead" role="row">
        {['#', 'Time', 'Actor', 'Action', 'Subject', 'What'].map((h) => (
          <div key={h} role="columnheader">
            {h}
          </div>
        ))}
      </div>
      <div className="vbody" ref={scroller}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const e = events[item.index];
            return (
              <div key={e.position} className="vrow" role="row" data-testid="audit-row" data-type={e.type} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` }}>
                <div role="cell" className="mono small">
                  {e.position}
                </div>
                <div role="cell" className="small">
                  {e.at.toLocaleString()}
                </div>
                <div role="cell" className="ellipsis">
                  {e.actor} <span className="muted small">{e.source}</span>
                </div>
                <div role="cell" className="ellipsis">
                  <code>{e.type}</code>
                </div>
                <div role="cell" className="ellipsis small">
                  {e.containerId ? <Link to={`/containers/${e.containerId}`}>{e.containerId.slice(0, 12)}</Link> : e.streamId}
                </div>
                <div role="cell" className="ellipsis" title={JSON.stringify(e.data)}>
                  {e.summary}
                </div>
              </div>
            );
          })}
        </div>
      </div>
      <div className="muted small">{events.length} events (newest first; export for more than 500)</div>
    </div>
  );
}

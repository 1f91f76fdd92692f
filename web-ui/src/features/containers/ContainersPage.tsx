import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { ContainerView } from '../../api/containers';
import { ago } from '../../api/format';
import { Modal } from '../../components/ConfirmDialog';
import { Link, navigate, useRoute } from '../../components/Router';
import { Empty, ErrorMessage, Loading, StateBadge } from '../../components/Status';
import { useHosts } from '../fleet/useHosts';
import { ContainerActions } from './ContainerActions';
import { filterContainers, noFilter, type ContainerFilter, type Sort, type SortKey } from './listFilter';
import { RunForm } from './RunForm';
import { useContainers } from './useContainers';

const ROW = 40;

export function ContainersPage() {
  const { params } = useRoute();
  const containers = useContainers();
  const hosts = useHosts();
  const [filter, setFilter] = useState<ContainerFilter>(() => ({ ...noFilter, host: params.get('host') ?? '' }));
  const [sort, setSort] = useState<Sort>({ key: 'created', descending: true });
  const [running, setRunning] = useState(params.get('run') === '1');
  const rows = useMemo(() => filterContainers(containers.data ?? [], filter, sort), [containers.data, filter, sort]);
  const set = (key: keyof ContainerFilter) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setFilter((f) => ({ ...f, [key]: e.target.value }));
  return (
    <div className="page">
      <div className="page-head">
        <h2>Containers</h2>
        <button type="button" className="primary" onClick={() => setRunning(true)}>
          Run a container
        </button>
      </div>
      <div className="filters" role="search">
        <input aria-label="Search" placeholder="Search name, id, image, command…" value={filter.search} onChange={set('search')} />
        <select aria-label="Host" value={filter.host} onChange={set('host')}>
          <option value="">all hosts</option>
          {(hosts.data ?? []).map((h) => (
            <option key={h.hostId} value={h.hostId}>
              {h.name}
            </option>
          ))}
        </select>
        <select aria-label="State" value={filter.state} onChange={set('state')}>
          <option value="">any state</option>
          {['created', 'running', 'exited', 'removing'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <input aria-label="Image" placeholder="image" value={filter.image} onChange={set('image')} />
        <input aria-label="Label" placeholder="label or key=value" value={filter.label} onChange={set('label')} />
        <input aria-label="Name" placeholder="name" value={filter.name} onChange={set('name')} />
      </div>
      {containers.error ? (
        <ErrorMessage error={containers.error} retry={() => containers.refetch()} />
      ) : !containers.data ? (
        <Loading what="containers" />
      ) : containers.data.length === 0 ? (
        <Empty>No containers yet. Run one with the button above.</Empty>
      ) : (
        <ContainerTable rows={rows} total={containers.data.length} sort={sort} onSort={setSort} />
      )}
      {running && (
        <Modal title="Run a container" onClose={() => setRunning(false)}>
          <RunForm
            hosts={hosts.data ?? []}
            onDone={(receipt) => {
              setRunning(false);
              navigate(`/containers/${receipt.id}`);
            }}
          />
        </Modal>
      )}
    </div>
  );
}

const columns: Array<{ key: SortKey | null; label: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'state', label: 'State' },
  { key: 'image', label: 'Image' },
  { key: 'host', label: 'Host' },
  { key: 'created', label: 'Created' },
  { key: null, label: 'Actions' },
];

/** Only the rows in view are in the DOM, so 10,000 containers scroll like 20. */
export function ContainerTable({ rows, total, sort, onSort }: { rows: ContainerView[]; total: number; sort: Sort; onSort: (s: Sort) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10, initialRect: { width: 1000, height: 600 } });
  return (
    <div className="vtable" role="table" aria-label="Containers" aria-rowcount={rows.length}>
      <div className="vrow vhead" role="row">
        {columns.map((c) => (
          <div key={c.label} role="columnheader" aria-sort={c.key && sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
            {c.key ? (
              <button type="button" className="link" onClick={() => onSort({ key: c.key as SortKey, descending: sort.key === c.key ? !sort.descending : false })}>
                {c.label}
                {sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </button>
            ) : (
              c.label
            )}
          </div>
        ))}
      </div>
      <div className="vbody" ref={scroller} data-testid="containers-scroller">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const c = rows[item.index];
            return (
              <div key={c.id} className="vrow" role="row" data-testid="container-row" data-name={c.name} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` }}>
                <div role="cell" className="ellipsis">
                  <Link to={`/containers/${c.id}`}>{c.name}</Link> <span className="muted small mono">{c.shortId}</span>
                </div>
                <div role="cell">
                  <StateBadge state={c.state} />
                  {c.state === 'exited' && c.exitCode !== null && <span className="muted small"> ({c.exitCode})</span>}
                </div>
                <div role="cell" className="ellipsis" title={c.image}>
                  {c.image}
                </div>
                <div role="cell" className="ellipsis">
                  {c.hostId ?? '—'}
                </div>
                <div role="cell" className="small" title={c.createdAt?.toLocaleString()}>
                  {ago(c.createdAt)}
                </div>
                <div role="cell">
                  <ContainerActions container={c} compact />
                </div>
              </div>
            );
          })}
        </div>
      </div>
      <div className="muted small" data-testid="containers-count">
        {rows.length === total ? `${total} containers` : `${rows.length} of ${total} containers`}
      </div>
    </div>
  );
}

import { useMemo } from 'react';
import { layoutLineage, shortImageId, type RawLineage } from '../../api/images';
import { navigate } from '../../components/Router';
import { Empty } from '../../components/Status';

const COL = 200;
const ROW = 64;
const W = 160;
const H = 34;

/**
 * Images as nodes (left to right by commit depth), tags as pill nodes beside them; a commit
 * edge is labelled with the container it came from and who committed. Clicking an image opens
 * it, clicking a commit edge opens the container (or its history when it is gone).
 */
export function LineageGraph({ lineage, highlight }: { lineage: RawLineage; highlight?: string }) {
  const layout = useMemo(() => layoutLineage(lineage), [lineage]);
  if (layout.nodes.length === 0) return <Empty>No images yet: import one, or commit a container.</Empty>;
  const pos = new Map(layout.nodes.map((n) => [n.id, { x: 10 + n.depth * COL, y: 10 + n.row * ROW }]));
  const width = 20 + layout.columns * COL;
  const height = 20 + layout.rows * ROW;
  return (
    <div className="lineage-scroll">
      <svg width={width} height={height} role="img" aria-label="Image lineage" data-testid="lineage">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#5b6b80" />
          </marker>
        </defs>
        {layout.edges.map((e) => {
          const from = pos.get(e.from);
          const to = pos.get(e.kind === 'tagged' ? `tag:${e.from}:${e.to}` : e.to);
          if (!from || !to) return null;
          // tags leave an image's right side; commits leave its bottom, so they pass under its tags
          const tagged = e.kind === 'tagged';
          const x1 = tagged ? from.x + W : from.x + W / 2;
          const y1 = tagged ? from.y + H / 2 : from.y + H;
          const x2 = to.x;
          const y2 = to.y + H / 2;
          const mid = (x1 + x2) / 2;
          const d = tagged ? `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}` : `M ${x1} ${y1} C ${x1} ${y2}, ${x1} ${y2}, ${x2} ${y2}`;
          if (e.kind === 'tagged') {
            return <path key={`${e.from}-${e.to}`} d={d} className="edge tagged" markerEnd="url(#arrow)" data-testid="edge-tagged" />;
          }
          const label = `${e.kind === 'committed' ? 'committed from' : 'built from'} ${e.containerName ?? (e.containerId ? e.containerId.slice(0, 12) : '?')}${e.author ? ` by ${e.author}` : ''}`;
          return (
            <g
              key={`${e.from}-${e.to}`}
              className="edge-group"
              data-testid="edge-committed"
              data-to={e.to}
              onClick={() => e.containerId && navigate(`/containers/${e.containerId}`)}
              role="link"
              aria-label={label}
            >
              <path d={d} className="edge committed" markerEnd="url(#arrow)" />
              <title>{`${label}${e.comment ? ` — ${e.comment}` : ''}`}</title>
              <text x={x2 - 6} y={y2 - 8} textAnchor="end" className="edge-label">
                {label.length > 48 ? `${label.slice(0, 47)}…` : label}
              </text>
            </g>
          );
        })}
        {layout.nodes.map((n) => {
          const p = pos.get(n.id)!;
          if (n.kind === 'tag') {
            return (
              <g key={n.id} transform={`translate(${p.x},${p.y})`} className="node tag">
                <rect width={W} height={H} rx={H / 2} />
                <text x={W / 2} y={H / 2 + 4} textAnchor="middle">
                  {n.label.replace(/^docker\.io\/library\//, '').slice(0, 24)}
                </text>
                <title>{`tagged as ${n.label}`}</title>
              </g>
            );
          }
          return (
            <g key={n.id} transform={`translate(${p.x},${p.y})`} className={`node image${highlight === n.id ? ' highlight' : ''}`} onClick={() => navigate(`/images/${encodeURIComponent(n.id)}`)} role="link" aria-label={`image ${shortImageId(n.id)}`} data-testid="lineage-image" data-id={n.id}>
              <rect width={W} height={H} rx={4} />
              <text x={8} y={H / 2 + 4} className="mono">
                {shortImageId(n.id)}
              </text>
              <title>{n.id}</title>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

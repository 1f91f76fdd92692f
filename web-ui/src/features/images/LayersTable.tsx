import { bytes, time } from '../../api/format';
import type { ImageLayer } from '../../api/images';
import { Empty } from '../../components/Status';

/** `docker history` for one image: each step, newest first, with its layer's digest and size. */
export function LayersTable({ layers }: { layers: ImageLayer[] }) {
  if (layers.length === 0) return <Empty>The host reported no history for this image (stored before hosts reported it).</Empty>;
  return (
    <table data-testid="image-layers">
      <thead>
        <tr>
          <th>Layer</th>
          <th>Size</th>
          <th>Created by</th>
          <th>Author</th>
          <th>Comment</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {layers.map((l, i) => (
          <tr key={i} data-testid="image-layer" data-empty={l.emptyLayer}>
            <td className="mono small" title={l.digest ?? undefined}>
              {l.digest ? l.digest.replace(/^sha256:/, '').slice(0, 12) : <span className="muted">empty layer</span>}
            </td>
            <td data-testid="layer-size">{l.emptyLayer ? '0 B' : bytes(l.sizeBytes)}</td>
            <td className="mono small">{l.createdBy || '—'}</td>
            <td>{l.author ?? '—'}</td>
            <td>{l.comment ?? '—'}</td>
            <td className="small">{time(l.created)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

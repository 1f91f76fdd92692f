import { useState } from 'react';
import { bytes } from '../../api/format';
import type { ImageRow } from '../../api/images';
import { Link } from '../../components/Router';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { useHosts } from '../fleet/useHosts';
import { ImportArchive } from './ImportArchive';
import { LineageGraph } from './LineageGraph';
import { useFleetImages } from './useFleetImages';
import { useHostImages } from './useHostImages';
import { useLineage } from './useLineage';

export function ImagesPage() {
  const [host, setHost] = useState('');
  const hosts = useHosts();
  const fleet = useFleetImages();
  const onHost = useHostImages(host);
  const lineage = useLineage();
  const list = host ? onHost : fleet;
  return (
    <div className="page">
      <div className="page-head">
        <h2>Images</h2>
        <select aria-label="Images of" value={host} onChange={(e) => setHost(e.target.value)}>
          <option value="">whole fleet</option>
          {(hosts.data ?? []).map((h) => (
            <option key={h.hostId} value={h.hostId}>
              on {h.name}
            </option>
          ))}
        </select>
      </div>
      <section className="panel">
        {list.error ? <ErrorMessage error={list.error} retry={() => list.refetch()} /> : !list.data ? <Loading what="images" /> : <ImageTable images={list.data} perHost={host !== ''} />}
      </section>
      <ImportArchive host={host} />
      <section className="panel">
        <h3>Lineage</h3>
        <p className="muted small">Images left to right by commit; a labelled edge is a commit (from which container, by whom), a pill is a name the image is tagged as.</p>
        {lineage.error ? <ErrorMessage error={lineage.error} /> : lineage.data ? <LineageGraph lineage={lineage.data} /> : <Loading what="the lineage" />}
      </section>
    </div>
  );
}

export function ImageTable({ images, perHost }: { images: ImageRow[]; perHost: boolean }) {
  if (images.length === 0) return <Empty>No images{perHost ? ' on this host' : ''}. Import an archive below (or POST /api/v1/images/import).</Empty>;
  return (
    <table data-testid="images-table">
      <thead>
        <tr>
          <th>Image</th>
          <th>Names</th>
          <th>{perHost ? 'Made by' : 'Hosts'}</th>
          <th>Size</th>
          <th>Parent</th>
        </tr>
      </thead>
      <tbody>
        {images.map((i) => (
          <tr key={`${i.imageId}@${i.hosts.join(',')}`}>
            <td>
              <Link to={`/images/${encodeURIComponent(i.imageId)}`} className="mono">
                {i.shortId}
              </Link>
            </td>
            <td>{i.references.length ? i.references.map((r) => <span key={r} className="chip">{r.replace(/^docker\.io\/library\//, '')}</span>) : <span className="muted">&lt;none&gt;</span>}</td>
            <td>{perHost ? `${i.createdBy ?? '?'}${i.author ? ` by ${i.author}` : ''}` : i.hosts.join(', ')}</td>
            <td>{bytes(i.sizeBytes)}</td>
            <td className="mono small">{i.parentImageId ? <Link to={`/images/${encodeURIComponent(i.parentImageId)}`}>{i.parentImageId.replace(/^sha256:/, '').slice(0, 12)}</Link> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

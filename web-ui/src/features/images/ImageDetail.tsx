import { bytes, time } from '../../api/format';
import { shortImageId } from '../../api/images';
import { Link } from '../../components/Router';
import { ErrorMessage, Loading } from '../../components/Status';
import { LayersTable } from './LayersTable';
import { LineageGraph } from './LineageGraph';
import { useImage } from './useImage';
import { useImageHistory } from './useImageHistory';
import { useImageLayers } from './useImageLayers';
import { useLineage } from './useLineage';

/** One image: where it is, its layers and history steps, its ancestors, and where it sits in the lineage. */
export function ImageDetail({ imageRef }: { imageRef: string }) {
  const image = useImage(imageRef);
  const history = useImageHistory(imageRef);
  const layers = useImageLayers(imageRef);
  const lineage = useLineage();
  if (image.error) return <ErrorMessage error={image.error} retry={() => image.refetch()} />;
  if (!image.data) return <Loading what="the image" />;
  const first = image.data[0];
  return (
    <div className="page">
      <h2>
        Image <span className="mono">{first ? shortImageId(first.imageId) : imageRef}</span>
      </h2>
      <section className="panel">
        <h3>On hosts</h3>
        <table>
          <thead>
            <tr>
              <th>Host</th>
              <th>Names</th>
              <th>Size</th>
              <th>Made by</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {image.data.map((i) => (
              <tr key={i.hosts[0]}>
                <td>{i.hosts[0]}</td>
                <td>{i.references.join(', ') || '<none>'}</td>
                <td>{bytes(i.sizeBytes)}</td>
                <td>
                  {i.createdBy === 'commit' && i.containerId ? (
                    <>
                      commit of <Link to={`/containers/${i.containerId}`}>{i.containerId.slice(0, 12)}</Link>
                      {i.author ? ` by ${i.author}` : ''}
                    </>
                  ) : (
                    i.createdBy ?? '—'
                  )}
                </td>
                <td>{time(i.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <Link to={`/audit?image=${encodeURIComponent(first?.imageId ?? imageRef)}`}>Events naming this image</Link>
        </p>
      </section>
      <section className="panel">
        <h3>Layers</h3>
        {layers.error ? <ErrorMessage error={layers.error} /> : !layers.data ? <Loading what="layers" /> : <LayersTable layers={layers.data} />}
      </section>
      <section className="panel">
        <h3>Ancestors</h3>
        {history.error ? (
          <ErrorMessage error={history.error} />
        ) : !history.data ? (
          <Loading what="history" />
        ) : (
          <table data-testid="image-history">
            <thead>
              <tr>
                <th>Image</th>
                <th>Created by</th>
                <th>Author</th>
                <th>Comment</th>
                <th>Size</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((h) => (
                <tr key={`${h.imageId}@${h.hosts[0]}`}>
                  <td>
                    <Link to={`/images/${encodeURIComponent(h.imageId)}`} className="mono">
                      {h.shortId}
                    </Link>
                  </td>
                  <td>{h.createdBy === 'commit' ? `commit of container ${h.containerId?.slice(0, 12) ?? '?'}` : h.createdBy ?? '—'}</td>
                  <td>{h.author ?? '—'}</td>
                  <td>{h.comment ?? '—'}</td>
                  <td>{bytes(h.sizeBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <h3>Lineage</h3>
        {lineage.data && <LineageGraph lineage={lineage.data} highlight={first?.imageId} />}
      </section>
    </div>
  );
}

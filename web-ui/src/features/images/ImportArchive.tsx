import { useState } from 'react';
import { ErrorMessage } from '../../components/Status';
import { TaskProgress } from '../tasks/TaskProgress';
import { useImportArchive } from './useImportArchive';

/**
 * Import a `docker save` or OCI archive: the upload, then the host's import with a progress bar
 * that ends with what was stored (the image list updates from the events).
 */
export function ImportArchive({ host }: { host: string }) {
  const [file, setFile] = useState<File | null>(null);
  const upload = useImportArchive();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate({ file, host: host || null });
  };
  return (
    <section className="panel">
      <h3>Import an archive</h3>
      <form className="import-form" onSubmit={submit} aria-label="Import an archive">
        <label htmlFor="import-file">docker save or OCI archive</label>
        <input id="import-file" type="file" accept=".tar,.tar.gz,.tgz,application/x-tar" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" className="primary" disabled={!file || upload.isPending}>
          {upload.isPending ? 'Uploading…' : `Import${host ? ` on ${host}` : ''}`}
        </button>
      </form>
      {upload.error && <ErrorMessage error={upload.error} />}
      {upload.data && <TaskProgress key={upload.data.commandId} commandId={upload.data.commandId} label={`Import of ${file?.name ?? 'the archive'}`} />}
    </section>
  );
}

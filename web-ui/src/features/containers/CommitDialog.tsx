import { useState } from 'react';
import type { CommandReceipt } from '../../api/containers';
import { Modal } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/Status';
import { useCommit } from './useCommit';

const REPO = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** docker commit: repository:tag, author and message; the new image appears when the host reports it. */
export function CommitDialog({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: (r: CommandReceipt) => void }) {
  const [repository, setRepository] = useState('');
  const [tag, setTag] = useState('latest');
  const [author, setAuthor] = useState('');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<{ repository?: string; tag?: string }>({});
  const commit = useCommit(id);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (repository && !REPO.test(repository)) found.repository = 'Lower case letters, digits, . _ - and / only';
    if (tag && !TAG.test(tag)) found.tag = 'Letters, digits, _ . - (up to 128)';
    setErrors(found);
    if (Object.keys(found).length) return;
    commit.mutate({ repository, tag, author, message }, { onSuccess: onDone });
  };
  return (
    <Modal title="Commit the container to an image" onClose={onClose}>
      <form onSubmit={submit} noValidate className="run-form" aria-label="Commit">
        <div className="grid">
          <div className={`field${errors.repository ? ' invalid' : ''}`}>
            <label htmlFor="commit-repository">Repository</label>
            <input id="commit-repository" value={repository} placeholder="me/app (empty: untagged)" onChange={(e) => setRepository(e.target.value)} />
            {errors.repository && <span className="field-error" role="alert">{errors.repository}</span>}
          </div>
          <div className={`field${errors.tag ? ' invalid' : ''}`}>
            <label htmlFor="commit-tag">Tag</label>
            <input id="commit-tag" value={tag} onChange={(e) => setTag(e.target.value)} />
            {errors.tag && <span className="field-error" role="alert">{errors.tag}</span>}
          </div>
          <div className="field">
            <label htmlFor="commit-author">Author</label>
            <input id="commit-author" value={author} placeholder="Ada <ada@example.com>" onChange={(e) => setAuthor(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="commit-message">Message</label>
            <input id="commit-message" value={message} onChange={(e) => setMessage(e.target.value)} />
          </div>
        </div>
        {commit.error && <ErrorMessage error={commit.error} />}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={commit.isPending}>
            {commit.isPending ? 'Committing…' : 'Commit'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

import { useState, type FormEvent } from 'react';
import { changeOwnPassword } from '../../api/session';

const MIN_LENGTH = 10; // the control plane's rule (Passwords.MIN_LENGTH); it checks again

/**
 * The logged-in user's own password change: the current password, the new one twice. On success
 * the control plane has ended every session of the user, so `onChanged` leads back to the login.
 */
export function ChangePasswordForm({ onChanged, onCancel, changeFn = changeOwnPassword }: {
  onChanged: () => void;
  onCancel: () => void;
  changeFn?: typeof changeOwnPassword;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!current || !next) {
      setError('Enter the current password and a new one.');
      return;
    }
    if (next.length < MIN_LENGTH) {
      setError(`The new password needs at least ${MIN_LENGTH} characters.`);
      return;
    }
    if (next !== again) {
      setError('The new password and its repetition differ.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changeFn(current, next);
      onChanged();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="change-password" onSubmit={submit} aria-label="Change password">
      <div className="field">
        <label htmlFor="pw-current">Current password</label>
        <input id="pw-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="pw-new">New password</label>
        <input id="pw-new" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="pw-again">New password again</label>
        <input id="pw-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </div>
      <p className="hint">Every session of yours ends with the change, this one too; API tokens stay valid.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}

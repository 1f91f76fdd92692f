import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { login, type Whoami } from '../../api/session';

/** Username and password for a session cookie; says why a login was refused (wrong, throttled). */
export function LoginForm({ onLoggedIn, loginFn = login }: { onLoggedIn: (who: Whoami) => void; loginFn?: typeof login }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter a username and a password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await loginFn(username.trim(), password));
    } catch (failure) {
      const status = failure instanceof ApiError ? failure.status : 0;
      setError(status === 401 ? 'Wrong username or password.' : status === 429 ? `Too many failed logins. ${(failure as Error).message.replace(/^.*: /, '')}` : (failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login" onSubmit={submit} aria-label="Log in">
      <h2>Log in to Berth</h2>
      <div className="field">
        <label htmlFor="login-username">Username</label>
        <input id="login-username" name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="login-password">Password</label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}

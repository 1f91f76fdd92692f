import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Role } from '../../api/session';
import { changeRole, createUser, issueToken, listTokens, listUsers, revokeToken, setDisabled, type IssuedToken, type UserSummary } from '../../api/users';
import { ErrorMessage, Loading } from '../../components/Status';

const roles: Role[] = ['viewer', 'operator', 'admin'];

function NewUserForm() {
  const queries = useQueryClient();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: () => createUser(username.trim(), role, password),
    onSuccess: () => {
      setUsername('');
      setPassword('');
      void queries.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New user">
      <div className="field">
        <label htmlFor="new-user-name">Username</label>
        <input id="new-user-name" value={username} onChange={(e) => setUsername(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-user-role">Role</label>
        <select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-user-password">Password (10+ characters)</label>
        <input id="new-user-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <button type="submit" disabled={create.isPending}>
        Create user
      </button>
      {create.error && <ErrorMessage error={create.error} />}
    </form>
  );
}

function Tokens({ username }: { username: string }) {
  const queries = useQueryClient();
  const tokens = useQuery({ queryKey: ['users', username, 'tokens'], queryFn: () => listTokens(username) });
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: ['users', username, 'tokens'] });
  const issue = useMutation({ mutationFn: () => issueToken(username, name.trim() || 'token', days), onSuccess: (t) => { setIssued(t); setName(''); void refresh(); } });
  const revoke = useMutation({ mutationFn: (id: string) => revokeToken(username, id), onSuccess: () => void refresh() });
  return (
    <div className="tokens" data-testid={`tokens-${username}`}>
      {issued && (
        <div role="status" className="issued-token">
          New token <strong>{issued.name}</strong> (shown only now, copy it): <code data-testid="issued-token">{issued.token}</code>
          <button type="button" onClick={() => setIssued(null)}>
            Done
          </button>
        </div>
      )}
      {tokens.error ? <ErrorMessage error={tokens.error} /> : !tokens.data ? <Loading what="tokens" /> : (
        <table>
          <thead>
            <tr><th>Token</th><th>Name</th><th>Issued</th><th>Expires</th><th>Status</th><th /></tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.tokenId} data-testid={`token-${t.tokenId}`}>
                <td><code>{t.tokenId}</code></td>
                <td>{t.name}</td>
                <td>{new Date(t.issuedAt).toLocaleString()}</td>
                <td>{new Date(t.expiresAt).toLocaleString()}</td>
                <td>{t.revokedAt ? 'revoked' : new Date(t.expiresAt) < new Date() ? 'expired' : 'active'}</td>
                <td>{!t.revokedAt && <button type="button" onClick={() => revoke.mutate(t.tokenId)}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" aria-label={`New token for ${username}`} onSubmit={(e) => { e.preventDefault(); issue.mutate(); }}>
        <div className="field">
          <label htmlFor={`token-name-${username}`}>Token name</label>
          <input id={`token-name-${username}`} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`token-days-${username}`}>Days valid</label>
          <input id={`token-days-${username}`} type="number" min={1} max={366} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </div>
        <button type="submit" disabled={issue.isPending}>Issue token</button>
      </form>
      {(issue.error ?? revoke.error) && <ErrorMessage error={(issue.error ?? revoke.error)!} />}
    </div>
  );
}

function UserRow({ user }: { user: UserSummary }) {
  const queries = useQueryClient();
  const [open, setOpen] = useState(false);
  const refresh = () => queries.invalidateQueries({ queryKey: ['users'] });
  const role = useMutation({ mutationFn: (r: Role) => changeRole(user.username, r), onSuccess: () => void refresh() });
  const disable = useMutation({ mutationFn: () => setDisabled(user.username, !user.disabled), onSuccess: () => void refresh() });
  return (
    <>
      <tr data-testid={`user-${user.username}`}>
        <td>{user.username}</td>
        <td>
          <select aria-label={`Role of ${user.username}`} value={user.role} onChange={(e) => role.mutate(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </td>
        <td>{user.disabled ? 'disabled' : 'active'}</td>
        <td>
          <button type="button" onClick={() => disable.mutate()}>{user.disabled ? 'Enable' : 'Disable'}</button>{' '}
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>Tokens</button>
        </td>
      </tr>
      {(role.error ?? disable.error) && (
        <tr><td colSpan={4}><ErrorMessage error={(role.error ?? disable.error)!} /></td></tr>
      )}
      {open && (
        <tr><td colSpan={4}><Tokens username={user.username} /></td></tr>
      )}
    </>
  );
}

/** Admins: users (create, role, disable) and their API tokens (issue once-shown, revoke). */
export function UsersPage() {
  const users = useQuery({ queryKey: ['users'], queryFn: listUsers });
  return (
    <section>
      <h2>Users</h2>
      <NewUserForm />
      {users.error ? <ErrorMessage error={users.error} retry={() => users.refetch()} /> : !users.data ? <Loading what="users" /> : (
        <table>
          <thead>
            <tr><th>User</th><th>Role</th><th>Status</th><th /></tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <UserRow key={u.username} user={u} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

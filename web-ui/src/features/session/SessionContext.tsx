import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { onUnauthenticated } from '../../api/client';
import { currentSession, logout as endSession, type Whoami } from '../../api/session';
import { Modal } from '../../components/ConfirmDialog';
import { ErrorMessage, Loading } from '../../components/Status';
import { ChangePasswordForm } from './ChangePasswordForm';
import { LoginForm } from './LoginForm';

interface Session {
  who: Whoami;
  logout: () => Promise<void>;
  /** The session ended on the server (a password change): back to the login form. */
  ended: () => void;
}

const SessionContext = createContext<Session | null>(null);

/** The logged-in user; only rendered inside {@link SessionGate}. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionGate');
  return session;
}

/** Shows the login form until there is a session, then the app; back to the form on logout or a 401. */
export function SessionGate({ children }: { children: ReactNode }) {
  const [who, setWho] = useState<Whoami | null | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const queries = useQueryClient();

  const check = useCallback(() => {
    setError(null);
    currentSession().then(setWho, setError);
  }, []);

  useEffect(check, [check]);
  useEffect(() => onUnauthenticated(() => setWho(null)), []);

  const ended = useCallback(() => {
    queries.clear(); // the next user must not see what this one loaded
    setWho(null);
  }, [queries]);

  const logout = useCallback(async () => {
    try {
      await endSession();
    } finally {
      ended();
    }
  }, [ended]);

  if (error) return <ErrorMessage error={error} retry={check} />;
  if (who === undefined) return <Loading what="the session" />;
  if (who === null) {
    return (
      <main className="login-page">
        <LoginForm onLoggedIn={setWho} />
      </main>
    );
  }
  return <SessionContext.Provider value={{ who, logout, ended }}>{children}</SessionContext.Provider>;
}

/** Who is logged in, their password, and the way out. */
export function UserMenu() {
  const { who, logout, ended } = useSession();
  const [changing, setChanging] = useState(false);
  return (
    <span className="user-menu" data-testid="user-menu">
      <span>
        {who.username} · {who.role}
      </span>
      <button type="button" className="link" onClick={() => setChanging(true)}>
        Password
      </button>
      <button type="button" onClick={() => void logout()}>
        Log out
      </button>
      {changing && (
        <Modal title="Change your password" onClose={() => setChanging(false)}>
          <ChangePasswordForm onChanged={ended} onCancel={() => setChanging(false)} />
        </Modal>
      )}
    </span>
  );
}

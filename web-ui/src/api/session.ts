import { ApiError, getJson, sendJson, setCsrfToken } from './client';

export type Role = 'viewer' | 'operator' | 'admin';

/** Who is logged in; `csrfToken` is set for a browser session. */
export interface Whoami {
  username: string;
  role: Role;
  csrfToken: string | null;
}

/** The current session, or null when nobody is logged in (401). */
export async function currentSession(fetchFn: typeof fetch = fetch): Promise<Whoami | null> {
  try {
    const who = await getJson<Whoami>('/api/v1/session', 'checking the session', fetchFn);
    setCsrfToken(who.csrfToken);
    return who;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** Logs in: the server sets the session cookie and answers the CSRF token. */
export async function login(username: string, password: string, fetchFn: typeof fetch = fetch): Promise<Whoami> {
  const who = await sendJson<Whoami>('POST', '/api/v1/session', 'logging in', { username, password }, fetchFn);
  setCsrfToken(who.csrfToken);
  return who;
}

export async function logout(): Promise<void> {
  try {
    await sendJson<void>('DELETE', '/api/v1/session', 'logging out');
  } finally {
    setCsrfToken(null);
  }
}

/**
 * Changes the logged-in user's own password; the current one is required. Every session of the
 * user ends with it, this one too: log in again with the new password.
 */
export async function changeOwnPassword(currentPassword: string, newPassword: string): Promise<void> {
  await sendJson<void>('PUT', '/api/v1/session/password', 'changing the password', { currentPassword, newPassword });
  setCsrfToken(null);
}

export const canOperate = (role: Role | undefined) => role === 'operator' || role === 'admin';

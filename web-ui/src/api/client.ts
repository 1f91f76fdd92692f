/** A failed call to the control plane, with the message it gave (its `{error, message}` body). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface RawApiError {
  error?: string;
  message?: string;
}

async function failure(response: Response, what: string): Promise<ApiError> {
  let body: RawApiError = {};
  try {
    body = (await response.json()) as RawApiError;
  } catch {
    // not JSON: the status says enough
  }
  if (response.status === 401) unauthenticatedListeners.forEach((listener) => listener());
  const detail = body.message ?? response.statusText;
  return new ApiError(response.status, body.error ?? 'http', `${what} failed (HTTP ${response.status})${detail ? `: ${detail}` : ''}`);
}

/** GET a JSON resource; `what` names it in the error message ("loading containers"). */
export async function getJson<T>(path: string, what: string, fetchFn: typeof fetch = fetch): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(path, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, 'network', `${what} failed: the control plane did not answer (${(e as Error).message})`);
  }
  if (!response.ok) {
    throw await failure(response, what);
  }
  if (response.headers.get(TRUNCATED_HEADER) === 'true') truncationListeners.forEach((listener) => listener(what));
  return (await response.json()) as T;
}

/** Set by the control plane when a list was longer than its page limit and was cut. */
export const TRUNCATED_HEADER = 'X-Berth-Truncated';
const truncationListeners = new Set<(what: string) => void>();

/**
 * Calls `listener` with what was being loaded ("loading containers") whenever the control plane
 * cut a list at its page limit, so that the app says so instead of showing part of a list as all of it.
 */
export function onTruncated(listener: (what: string) => void): () => void {
  truncationListeners.add(listener);
  return () => truncationListeners.delete(listener);
}

/**
 * The session's CSRF token (from the login answer or GET /api/v1/session). The session cookie
 * rides along by itself; the server refuses a state change that does not also carry this token.
 */
let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Calls `listener` when the server answers 401 (the session ended): the app shows the login form. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** The headers of a request that changes state: JSON, and the CSRF token when there is one. */
export function unsafeHeaders(withBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (withBody) headers['Content-Type'] = 'application/json';
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

/** POST/PUT/DELETE with an optional JSON body; answers the parsed JSON (undefined for 204). */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, what: string, body?: unknown, fetchFn: typeof fetch = fetch): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(path, {
      method,
      headers: unsafeHeaders(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', `${what} failed: the control plane did not answer (${(e as Error).message})`);
  }
  if (!response.ok) {
    throw await failure(response, what);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** POST a file as the request body (an image archive); answers the parsed JSON. */
export async function sendBlob<T>(path: string, what: string, body: Blob, contentType: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: { ...unsafeHeaders(false), 'Content-Type': contentType }, body });
  } catch (e) {
    throw new ApiError(0, 'network', `${what} failed: the control plane did not answer (${(e as Error).message})`);
  }
  if (!response.ok) {
    throw await failure(response, what);
  }
  return (await response.json()) as T;
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && String(v) !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getJson, onTruncated, onUnauthenticated, sendJson, setCsrfToken } from './client';
import { login } from './session';

const answer = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => setCsrfToken(null));

describe('the API client', () => {
  it('sends the session CSRF token on requests that change state, and not on reads', async () => {
    const fetchFn = vi.fn().mockResolvedValueOnce(answer(200, { username: 'ann', role: 'admin', csrfToken: 'tok' }))
      .mockResolvedValueOnce(answer(200, { ok: true }))
      .mockResolvedValueOnce(answer(200, []));
    await login('ann', 'pw', fetchFn);
    expect(fetchFn.mock.calls[0][1].headers['X-CSRF-Token']).toBeUndefined();
    await sendJson('POST', '/api/v1/containers/x/stop', 'stopping', undefined, fetchFn);
    expect(fetchFn.mock.calls[1][1].headers['X-CSRF-Token']).toBe('tok');
    await getJson('/api/v1/containers', 'loading', fetchFn);
    expect(fetchFn.mock.calls[2][1].headers['X-CSRF-Token']).toBeUndefined();
  });

  it('tells the app when the session has ended (401) and answers undefined for 204', async () => {
    const ended = vi.fn();
    const stop = onUnauthenticated(ended);
    const fetchFn = vi.fn().mockResolvedValueOnce(answer(401, { error: 'unauthenticated', message: 'the session has ended' }))
      .mockResolvedValueOnce(answer(204));
    await expect(getJson('/api/v1/containers', 'loading containers', fetchFn)).rejects.toBeInstanceOf(ApiError);
    expect(ended).toHaveBeenCalledTimes(1);
    await expect(sendJson('DELETE', '/api/v1/session', 'logging out', undefined, fetchFn)).resolves.toBeUndefined();
    stop();
  });

  it('says which list the control plane cut at its page limit', async () => {
    const cut = vi.fn();
    const stop = onTruncated(cut);
    const fetchFn = vi.fn().mockResolvedValueOnce(new Response('[]', { status: 200, headers: { 'X-Berth-Truncated': 'true' } }))
      .mockResolvedValueOnce(answer(200, []));
    await getJson('/api/v1/containers', 'loading containers', fetchFn);
    await getJson('/api/v1/images', 'loading images', fetchFn);
    expect(cut.mock.calls).toEqual([['loading containers']]);
    stop();
  });
});

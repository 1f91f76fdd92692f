import { getJson, sendJson } from './client';
import type { Role } from './session';

export interface UserSummary {
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface TokenSummary {
  tokenId: string;
  name: string;
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** A token as issued: `token` is shown this once. */
export interface IssuedToken {
  tokenId: string;
  username: string;
  name: string;
  expiresAt: string;
  token: string;
}

const user = (name: string) => `/api/v1/users/${encodeURIComponent(name)}`;

export const listUsers = () => getJson<UserSummary[]>('/api/v1/users', 'loading users');
export const createUser = (username: string, role: Role, password: string) =>
  sendJson<UserSummary>('POST', '/api/v1/users', `creating ${username}`, { username, role, password });
export const changeRole = (username: string, role: Role) => sendJson<UserSummary>('PUT', `${user(username)}/role`, `changing the role of ${username}`, { role });
export const setDisabled = (username: string, disabled: boolean) =>
  sendJson<UserSummary>('POST', `${user(username)}/${disabled ? 'disable' : 'enable'}`, `${disabled ? 'disabling' : 'enabling'} ${username}`);
export const listTokens = (username: string) => getJson<TokenSummary[]>(`${user(username)}/tokens`, `loading the tokens of ${username}`);
export const issueToken = (username: string, name: string, days: number) =>
  sendJson<IssuedToken>('POST', `${user(username)}/tokens`, `issuing a token for ${username}`, { name, ttl: `P${days}D` });
export const revokeToken = (username: string, tokenId: string) =>
  sendJson<void>('DELETE', `${user(username)}/tokens/${encodeURIComponent(tokenId)}`, `revoking token ${tokenId}`);

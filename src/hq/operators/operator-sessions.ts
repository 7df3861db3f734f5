/**
 * Console sessions (issue 17), held server-side: the browser's cookie holds
 * a random 256-bit token; HQ stores only its SHA-256, the operator, a CSRF
 * synchronizer token (OWASP CSRF Prevention Cheat Sheet, "Synchronizer token
 * pattern") and the times that end it:
 * - idle: 30 minutes without a request;
 * - absolute: 12 hours after sign-in, however busy
 *   (OWASP Session Management Cheat Sheet, "Session expiration").
 * Signing out, or an administrator disabling the account, ends it at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../server-kit/db/db';
import type { OperatorRole } from './operator-accounts';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

export interface OperatorSession {
  operatorId: number;
  login: string;
  displayName: string;
  role: OperatorRole;
  csrfToken: string;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** A new session; the returned token goes into the cookie and nowhere else. */
export async function startOperatorSession(q: Queryable, operatorId: number, now: Date): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await q.query('INSERT INTO console_sessions (token_hash, operator_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)',
    [hashToken(token), operatorId, csrfToken, now.toISOString()]);
  return { token, csrfToken };
}

/** The live session for a cookie token, its idle clock restarted; null when unknown, ended, expired or the account disabled. */
export async function resumeOperatorSession(q: Queryable, token: string, now: Date): Promise<OperatorSession | null> {
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS).toISOString();
  const startedSince = new Date(now.getTime() - SESSION_ABSOLUTE_MS).toISOString();
  const { rows } = await q.query<{ operator_id: number | string; login: string; display_name: string; role: OperatorRole; csrf_token: string }>(
    `UPDATE console_sessions s SET last_seen_at = $2
       FROM console_operators o
      WHERE s.token_hash = $1 AND o.operator_id = s.operator_id AND s.ended_at IS NULL AND o.disabled_at IS NULL
        AND s.last_seen_at > $3 AND s.created_at > $4
     RETURNING s.operator_id, o.login, o.display_name, o.role, s.csrf_token`,
    [hashToken(token), now.toISOString(), idleSince, startedSince]);
  const r = rows[0];
  return r ? { operatorId: Number(r.operator_id), login: r.login, displayName: r.display_name, role: r.role, csrfToken: r.csrf_token } : null;
}

export async function endOperatorSession(q: Queryable, token: string, now: Date): Promise<void> {
  await q.query('UPDATE console_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL', [hashToken(token), now.toISOString()]);
}

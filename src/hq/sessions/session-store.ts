/**
 * HQ's view of a kiosk's customer session: bound to one kiosk and one card
 * when opened, then carrying what was proven in it (PIN, identity document).
 * Every operation re-reads it, so a session from another kiosk, an ended or
 * idle session, or a session not yet proven enough is refused with a code.
 */
import type { Queryable } from '../../server-kit/db/db';
import { refuse, type Outcome } from '../context';

export interface SessionRecord {
  sessionId: string;
  kioskId: string;
  cardId: number;
  lastActivityAt: Date;
  authenticatedAt: Date | null;
  identityVerifiedAt: Date | null;
  /** Documents refused in an OPERATOR session (the staff cap, staff-assist.ts); customer sessions count per customer instead (migration 005). */
  identityAttempts: number;
  endedAt: Date | null;
}

interface SessionRow {
  session_id: string;
  kiosk_id: string;
  card_id: number;
  last_activity_at: Date;
  authenticated_at: Date | null;
  identity_verified_at: Date | null;
  identity_attempts: number;
  ended_at: Date | null;
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    sessionId: row.session_id,
    kioskId: row.kiosk_id,
    cardId: Number(row.card_id),
    lastActivityAt: new Date(row.last_activity_at),
    authenticatedAt: row.authenticated_at && new Date(row.authenticated_at),
    identityVerifiedAt: row.identity_verified_at && new Date(row.identity_verified_at),
    identityAttempts: row.identity_attempts,
    endedAt: row.ended_at && new Date(row.ended_at),
  };
}

const COLUMNS = 'session_id, kiosk_id, card_id, last_activity_at, authenticated_at, identity_verified_at, identity_attempts, ended_at';

function checkUsable(session: SessionRecord, kioskId: string, now: Date, idleMs: number): Outcome<SessionRecord> {
  // Another kiosk's session looks exactly like a missing one: a kiosk learns nothing about others.
  if (session.kioskId !== kioskId) return refuse('sessionNotFound', 'no such session for this kiosk');
  if (session.endedAt) return refuse('sessionExpired', 'the session has ended');
  if (now.getTime() - session.lastActivityAt.getTime() > idleMs) return refuse('sessionExpired', 'the session idled past HQ\'s timeout');
  return { ok: true, value: session };
}

/**
 * Opens the session for `cardId`, or resumes it when the kiosk already
 * opened it for the same card (a second PIN try in one visit).
 */
export async function openOrResumeSession(
  q: Queryable,
  input: { sessionId: string; kioskId: string; cardId: number; now: Date; idleMs: number },
): Promise<Outcome<SessionRecord>> {
  const at = input.now.toISOString();
  await q.query(
    `INSERT INTO sessions (session_id, kiosk_id, card_id, opened_at, last_activity_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (session_id) DO NOTHING`,
    [input.sessionId, input.kioskId, input.cardId, at],
  );
  const session = await readSession(q, input.sessionId);
  if (!session) return refuse('internalError', 'session vanished after insert');
  const usable = checkUsable(session, input.kioskId, input.now, input.idleMs);
  if (!usable.ok) return usable;
  if (session.cardId !== input.cardId) return refuse('sessionMismatch', 'the session belongs to another card');
  await touch(q, input.sessionId, input.now);
  return usable;
}

export async function readSession(q: Queryable, sessionId: string, options: { forUpdate?: boolean } = {}): Promise<SessionRecord | null> {
  const { rows } = await q.query<SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE session_id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [sessionId]);
  return rows[0] ? toRecord(rows[0]) : null;
}

async function touch(q: Queryable, sessionId: string, now: Date): Promise<void> {
  await q.query('UPDATE sessions SET last_activity_at = $2 WHERE session_id = $1', [sessionId, now.toISOString()]);
}

/** What an operation needs proven in the session before it runs. */
export type SessionRequirement = 'open' | 'identityVerified' | 'authenticated';

/**
 * Reads (row-locked when `forUpdate`) and checks the session, then marks it
 * active. Callers still check the holder kind (customer or operator).
 */
export async function requireSession(
  q: Queryable,
  input: { sessionId: string; kioskId: string; now: Date; idleMs: number; requirement: SessionRequirement; forUpdate?: boolean },
): Promise<Outcome<SessionRecord>> {
  const session = await readSession(q, input.sessionId, { forUpdate: input.forUpdate ?? false });
  if (!session) return refuse('sessionNotFound', 'no such session for this kiosk');
  const usable = checkUsable(session, input.kioskId, input.now, input.idleMs);
  if (!usable.ok) return usable;
  switch (input.requirement) {
    case 'open':
      break;
    case 'identityVerified':
      if (!session.identityVerifiedAt) return refuse('identityNotVerified', 'this operation needs a verified identity document in the same session');
      break;
    case 'authenticated':
      if (!session.authenticatedAt) return refuse('notAuthenticated', 'this operation needs a PIN-authenticated session');
      break;
    default: {
      const never: never = input.requirement;
      throw new Error(`unknown requirement ${String(never)}`);
    }
  }
  await touch(q, input.sessionId, input.now);
  return usable;
}

export async function endSession(q: Queryable, sessionId: string, now: Date): Promise<void> {
  await q.query('UPDATE sessions SET ended_at = $2 WHERE session_id = $1 AND ended_at IS NULL', [sessionId, now.toISOString()]);
}

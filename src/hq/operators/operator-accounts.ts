/**
 * Named console operators (issue 17): one account per person, a role, a
 * scrypt password hash and a lock-out.
 *
 * - Roles, each including the one before: `viewer` reads the console;
 *   `operator` also acts on the fleet (announce, withdraw, acknowledge an
 *   alert, request a diagnostics bundle); `administrator` also manages
 *   accounts. docs/hq.md, "Operator console".
 * - Passwords: scrypt N = 2^17, r = 8, p = 1 (128 MiB), a 16-byte random
 *   salt, the OWASP Password Storage Cheat Sheet's recommendation for
 *   scrypt; at least 12 characters (NIST SP 800-63B 3.1.1.2 asks for at
 *   least 8; console accounts can change a whole fleet).
 * - Lock-out: 5 failed sign-ins in a row lock the account for 15 minutes
 *   (OWASP Authentication Cheat Sheet, "Account lockout"); a success resets
 *   the count; an administrator can unlock sooner. An unknown login costs a
 *   scrypt of the same price, so timing does not tell which logins exist.
 */
import { z } from 'zod';
import type { Queryable } from '../../server-kit/db/db';
import { scryptHash, scryptVerify, type ScryptCost } from '../keys/scrypt-hash';

export const OperatorRole = z.enum(['viewer', 'operator', 'administrator']);
export type OperatorRole = z.infer<typeof OperatorRole>;

const RANK: Record<OperatorRole, number> = { viewer: 0, operator: 1, administrator: 2 };
export const roleAllows = (role: OperatorRole, needed: OperatorRole): boolean => RANK[role] >= RANK[needed];

export const OPERATOR_SCRYPT_COST: ScryptCost = { log2N: 17, r: 8, p: 1 };
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const PASSWORD_MIN_LENGTH = 12;

export const NewOperator = z.object({
  login: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'login: 2 to 63 of a-z 0-9 . _ -, starting with a letter or digit'),
  displayName: z.string().trim().min(1).max(100),
  role: OperatorRole,
  password: z.string().min(PASSWORD_MIN_LENGTH, `password: at least ${PASSWORD_MIN_LENGTH} characters`).max(256),
}).strict();
export type NewOperator = z.infer<typeof NewOperator>;

export const CreatedOperatorResponse = z.object({ operatorId: z.number().int().positive(), login: z.string(), role: OperatorRole }).strict();

export interface Operator {
  operatorId: number;
  login: string;
  displayName: string;
  role: OperatorRole;
  lockedUntil: Date | null;
  disabled: boolean;
}

interface OperatorRow {
  operator_id: number | string;
  login: string;
  display_name: string;
  role: OperatorRole;
  locked_until: Date | string | null;
  disabled_at: Date | string | null;
}

const COLUMNS = 'operator_id, login, display_name, role, locked_until, disabled_at';
const toOperator = (r: OperatorRow): Operator => ({
  operatorId: Number(r.operator_id), login: r.login, displayName: r.display_name, role: r.role,
  lockedUntil: r.locked_until ? new Date(r.locked_until) : null, disabled: r.disabled_at !== null,
});

/** Creates an account; null when the login is taken. */
export async function createOperator(q: Queryable, input: NewOperator, now: Date, cost: ScryptCost = OPERATOR_SCRYPT_COST): Promise<Operator | null> {
  const hash = await scryptHash(Buffer.from(input.password, 'utf8'), cost);
  const { rows } = await q.query<OperatorRow>(
    `INSERT INTO console_operators (login, display_name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (login) DO NOTHING RETURNING ${COLUMNS}`,
    [input.login, input.displayName, input.role, hash, now.toISOString()]);
  return rows[0] ? toOperator(rows[0]) : null;
}

export async function listOperators(q: Queryable): Promise<Operator[]> {
  const { rows } = await q.query<OperatorRow>(`SELECT ${COLUMNS} FROM console_operators ORDER BY login`);
  return rows.map(toOperator);
}

export async function operatorById(q: Queryable, operatorId: number): Promise<Operator | null> {
  const { rows } = await q.query<OperatorRow>(`SELECT ${COLUMNS} FROM console_operators WHERE operator_id = $1`, [operatorId]);
  return rows[0] ? toOperator(rows[0]) : null;
}

export async function countAdministrators(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>("SELECT count(*)::int AS n FROM console_operators WHERE role = 'administrator' AND disabled_at IS NULL");
  return Number(rows[0]?.n ?? 0);
}

export type SignInResult =
  | { ok: true; operator: Operator }
  | { ok: false; reason: 'badCredentials' | 'locked' | 'disabled'; operatorId: number | null; lockedUntil?: Date };

let dummyHash: Promise<string> | null = null;

/**
 * Checks a login and password, counting failures (LOCKOUT_FAILURES, LOCKOUT_MS).
 * While locked even the right password is refused, without extending the lock.
 */
export async function signIn(q: Queryable, login: string, password: string, now: Date): Promise<SignInResult> {
  const { rows } = await q.query<OperatorRow & { password_hash: string; failed_sign_ins: number }>(
    `SELECT ${COLUMNS}, password_hash, failed_sign_ins FROM console_operators WHERE login = $1`, [login]);
  const row = rows[0];
  if (!row) {
    dummyHash ??= scryptHash(Buffer.from('no such operator'), OPERATOR_SCRYPT_COST);
    await scryptVerify(Buffer.from(password, 'utf8'), await dummyHash);
    return { ok: false, reason: 'badCredentials', operatorId: null };
  }
  const operator = toOperator(row);
  if (operator.disabled) return { ok: false, reason: 'disabled', operatorId: operator.operatorId };
  if (operator.lockedUntil && operator.lockedUntil > now) return { ok: false, reason: 'locked', operatorId: operator.operatorId, lockedUntil: operator.lockedUntil };
  if (await scryptVerify(Buffer.from(password, 'utf8'), row.password_hash)) {
    await q.query('UPDATE console_operators SET failed_sign_ins = 0, locked_until = NULL WHERE operator_id = $1', [operator.operatorId]);
    return { ok: true, operator: { ...operator, lockedUntil: null } };
  }
  // A lock that has run out starts a fresh count.
  const { rows: after } = await q.query<{ failed_sign_ins: number; locked_until: Date | string | null }>(
    `UPDATE console_operators SET
       failed_sign_ins = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_sign_ins + 1 END,
       locked_until = NULL
     WHERE operator_id = $1 RETURNING failed_sign_ins, locked_until`, [operator.operatorId]);
  if (Number(after[0]?.failed_sign_ins) >= LOCKOUT_FAILURES) {
    const lockedUntil = new Date(now.getTime() + LOCKOUT_MS);
    await q.query('UPDATE console_operators SET locked_until = $2 WHERE operator_id = $1', [operator.operatorId, lockedUntil.toISOString()]);
    return { ok: false, reason: 'locked', operatorId: operator.operatorId, lockedUntil };
  }
  return { ok: false, reason: 'badCredentials', operatorId: operator.operatorId };
}

/** Disables or re-enables an account; disabling ends its sessions. False for an unknown id. */
export async function setOperatorDisabled(q: Queryable, operatorId: number, disabled: boolean, now: Date): Promise<boolean> {
  const result = await q.query('UPDATE console_operators SET disabled_at = $2 WHERE operator_id = $1', [operatorId, disabled ? now.toISOString() : null]);
  if (disabled) await q.query('UPDATE console_sessions SET ended_at = $2 WHERE operator_id = $1 AND ended_at IS NULL', [operatorId, now.toISOString()]);
  return result.rowCount === 1;
}

export async function unlockOperator(q: Queryable, operatorId: number): Promise<boolean> {
  const result = await q.query('UPDATE console_operators SET failed_sign_ins = 0, locked_until = NULL WHERE operator_id = $1', [operatorId]);
  return result.rowCount === 1;
}

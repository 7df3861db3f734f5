/**
 * Counting refused identity documents (issue 13; schema and reasons in
 * migration 005): per customer, across sessions, cards, kiosks and
 * restarts, in the same transaction as the verification that failed.
 *
 * Every function here expects the caller to hold the customer's row lock
 * (`findCustomer(tx, id, { forUpdate: true })`), taken before the customer's
 * identity state was read: that lock is what makes the count exact when two
 * kiosks fail for one customer at the same moment.
 *
 * At HqPolicy.maxIdentityAttempts the customer is identity-locked: the
 * customer route answers `tryStaff` without comparing anything, at every
 * kiosk, until staff clear it. The lock is written to the operation log and
 * raises a fleet alert. Each failure is also counted against its kiosk: more
 * than HqPolicy.kioskIdentityFailuresPerHourAlert within an hour raises one
 * fleet alert for that kiosk (at most one an hour); nothing is refused
 * because of it.
 */
import type { HqContext } from '../context';
import type { Queryable } from '../../server-kit/db/db';
import { alertRaisedSince, raiseFleetAlert } from '../fleet/fleet-alerts';
import { logOperation } from '../operation-log';

const HOUR_MS = 60 * 60_000;

export interface IdentityFailure {
  at: Date;
  kioskId: string;
  sessionId: string;
  customerId: number;
  card: { cardId: number; cardMasked: string } | null;
  route: 'customer' | 'staff';
  documentKind: string;
  /** The customer route's refusal class, or the staff route's decision: never a field, never a number. */
  reasonClass: string;
  staffId?: string;
}

/**
 * Counts one refused document. `logFailure` writes the caller's own log line
 * for the refusal (knowing the count and whether this failure locks), so the
 * log reads refusal, then lock, then any alert.
 */
export async function recordIdentityFailure(
  ctx: HqContext, q: Queryable, failure: IdentityFailure,
  logFailure: (outcome: { failures: number; lockedNow: boolean }) => Promise<void>,
): Promise<{ failures: number; lockedNow: boolean }> {
  const { rows } = await q.query<{ identity_failures: number; identity_locked_at: Date | null }>(
    'UPDATE customers SET identity_failures = identity_failures + 1 WHERE customer_id = $1 RETURNING identity_failures, identity_locked_at',
    [failure.customerId]);
  const row = rows[0];
  if (!row) throw new Error('identity failure for a customer that does not exist');
  await q.query(
    `INSERT INTO identity_failures (at, kiosk_id, session_id, customer_id, card_id, route, document_kind, reason_class)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [failure.at.toISOString(), failure.kioskId, failure.sessionId, failure.customerId, failure.card?.cardId ?? null,
      failure.route, failure.documentKind, failure.reasonClass],
  );
  const failures = Number(row.identity_failures);
  const lockedNow = row.identity_locked_at === null && failures >= ctx.policy.maxIdentityAttempts;
  await logFailure({ failures, lockedNow });
  if (lockedNow) {
    await q.query('UPDATE customers SET identity_locked_at = $2 WHERE customer_id = $1', [failure.customerId, failure.at.toISOString()]);
    await logOperation(q, {
      at: failure.at, kioskId: failure.kioskId, sessionId: failure.sessionId, operation: 'identityLock', outcome: 'identityLocked',
      reasonCodes: ['identityFailureThreshold'], cardMasked: failure.card?.cardMasked ?? null, cardId: failure.card?.cardId ?? null,
      detail: { failures, route: failure.route, documentKind: failure.documentKind, ...(failure.staffId ? { staffId: failure.staffId } : {}) },
    });
    await raiseFleetAlert(q, {
      kind: 'identityLocked', kioskId: failure.kioskId, at: failure.at, customerId: failure.customerId, cardMasked: failure.card?.cardMasked ?? null,
      detail: `${failures} identity documents refused for this customer: identity checks locked until staff clear them`,
    });
  }
  await raiseKioskRateAlertIfDue(ctx, q, failure.kioskId, failure.at);
  return { failures, lockedNow };
}

/**
 * The per-kiosk rate: the kiosk's row is locked first, so failures at one
 * kiosk are counted one transaction after another and exactly one alert is
 * raised when the count passes the policy's number.
 */
async function raiseKioskRateAlertIfDue(ctx: HqContext, q: Queryable, kioskId: string, at: Date): Promise<void> {
  await q.query('SELECT 1 FROM kiosks WHERE kiosk_id = $1 FOR UPDATE', [kioskId]);
  const since = new Date(at.getTime() - HOUR_MS);
  const { rows } = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM identity_failures WHERE kiosk_id = $1 AND at > $2 AND at <= $3', [kioskId, since.toISOString(), at.toISOString()]);
  const count = Number(rows[0]?.n ?? 0);
  const threshold = ctx.policy.kioskIdentityFailuresPerHourAlert;
  if (count <= threshold || await alertRaisedSince(q, kioskId, 'identityFailureRate', since)) return;
  await raiseFleetAlert(q, {
    kind: 'identityFailureRate', kioskId, at,
    detail: `${count} identity documents refused at this kiosk within an hour (alert above ${threshold})`,
  });
  await logOperation(q, {
    at, kioskId, sessionId: null, operation: 'fleetAlert', outcome: 'identityFailureRate', reasonCodes: ['identityFailureRate'],
    detail: { failuresWithinHour: count, threshold },
  });
}

/** A verified document on the customer route: the count starts again (the lock is not set, or nothing would have been compared). */
export async function resetIdentityFailures(q: Queryable, customerId: number): Promise<void> {
  await q.query('UPDATE customers SET identity_failures = 0 WHERE customer_id = $1 AND identity_failures <> 0', [customerId]);
}

/** Staff cleared it: the lock and the count go; the failures table keeps the history. */
export async function clearIdentityLock(q: Queryable, customerId: number): Promise<void> {
  await q.query('UPDATE customers SET identity_failures = 0, identity_locked_at = NULL WHERE customer_id = $1', [customerId]);
}

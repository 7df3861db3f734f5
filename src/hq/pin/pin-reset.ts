/**
 * PIN re-set and lock clearing (DOMAIN.md, "Security lock"; issue 5). Both
 * need an identity document verified in the same session. A new PIN that
 * others could guess is refused (DOMAIN.md, "PIN choice"; rules in
 * src/hq/policy/pin-strength.ts). Setting a PIN clears the counter and any
 * lock with it: DOMAIN.md says clearing normally comes with a new PIN.
 *
 * A suspended account is refused (`accountSuspended`, 403, no reason), the
 * rule the staff path applies at its lock and PIN steps (issue 13). The
 * verify route already answers such an account `contactUs` without
 * comparing, so a session of a suspended account is never verified; this is
 * defence in depth, checked before the PIN block is used up and again in
 * the transaction that would change the card.
 */
import type { ClearLockResponse, ResetPinRequest, ResetPinResponse, WeakPinReason } from '../../shared/hq-api/pin-reset';
import type { SessionRequest } from '../../shared/hq-api/session';
import { findCardById, findCustomer, isCardExpired, lockCardRow, type CardRecord, type CustomerRecord } from '../cards/card-records';
import { refuse, type HqContext, type Outcome, type Refusal } from '../context';
import type { Queryable } from '../../server-kit/db/db';
import { logOperation } from '../operation-log';
import { checkNewPin, type WeakPinReason as PolicyWeakPinReason } from '../policy/pin-strength';
import type { SameSet } from '../type-equality';
import { requireSession } from '../sessions/session-store';
import { openPinBlock } from './pin-block-guard';
import { hashPin } from './pin-hash';

// The wire enum (src/shared/hq-api/pin-reset.ts) must be exactly the policy's set.
const _weakPinReasonsMatch: SameSet<WeakPinReason, PolicyWeakPinReason> = true;
void _weakPinReasonsMatch;

/** The session's card, if it is an active customer card. */
async function usableCustomerCard(q: Queryable, cardId: number, now: Date): Promise<{ ok: true; card: CardRecord; customerId: number } | Refusal> {
  const card = await findCardById(q, cardId);
  if (!card || card.status !== 'active' || isCardExpired(card, now)) return refuse('cardNotUsable', 'the session\'s card can no longer be used');
  if (card.customerId === null) return refuse('notCustomerSession', 'this operation is for customer cards');
  return { ok: true, card, customerId: card.customerId };
}

/** The customer of a usable card, or the refusal: a suspended account is refused and logged. */
async function servableCustomer(
  q: Queryable, customerId: number, logRefusal: () => Promise<void>, options: { forUpdate?: boolean } = {},
): Promise<{ ok: true; customer: CustomerRecord } | Refusal> {
  const customer = await findCustomer(q, customerId, options);
  if (!customer) return refuse('cardNotUsable', 'the card has no customer');
  if (customer.suspended) {
    await logRefusal();
    return refuse('accountSuspended', 'this account cannot be served at a machine');
  }
  return { ok: true, customer };
}

export async function resetPin(ctx: HqContext, kioskId: string, request: ResetPinRequest): Promise<Outcome<ResetPinResponse>> {
  const now = ctx.clock();
  const sessionQuery = { sessionId: request.sessionId, kioskId, now, idleMs: ctx.policy.sessionIdleMs, requirement: 'identityVerified' as const };
  // Refuse an unverified session, an unusable card and a suspended account before the PIN block is used up.
  const precheck = await requireSession(ctx.db, sessionQuery);
  if (!precheck.ok) return precheck;
  const target = await usableCustomerCard(ctx.db, precheck.value.cardId, now);
  if (!target.ok) return target;
  const base = { at: now, kioskId, sessionId: request.sessionId, operation: 'pinReset' as const, cardMasked: target.card.cardMasked, cardId: target.card.cardId };
  const logSuspended = (q: Queryable) => () => logOperation(q, { ...base, outcome: 'refused', reasonCodes: ['accountSuspended'] });
  const servable = await servableCustomer(ctx.db, target.customerId, logSuspended(ctx.db));
  if (!servable.ok) return servable;
  const { customer } = servable;
  const opened = await openPinBlock(ctx, request.newPinBlock, { kioskId, sessionId: request.sessionId, purpose: 'newPin' });
  if (!opened.ok) return opened;
  const pinDigits = opened.value;
  try {
    // The strength rules take the PIN as text; the string lives only for this call.
    const strength = checkNewPin(pinDigits.toString('latin1'), { dateOfBirth: customer.dateOfBirth });
    if (!strength.ok) {
      await logOperation(ctx.db, { ...base, outcome: 'weakPin', reasonCodes: [strength.reason] });
      return { ok: true, value: { outcome: 'weakPin', reason: strength.reason } };
    }
    const pinHash = await hashPin(pinDigits, ctx.derived);
    return await ctx.db.transaction(async (tx): Promise<Outcome<ResetPinResponse>> => {
      const session = await requireSession(tx, { ...sessionQuery, forUpdate: true });
      if (!session.ok) return session;
      const still = await servableCustomer(tx, customer.customerId, logSuspended(tx), { forUpdate: true });
      if (!still.ok) return still;
      const card = await lockCardRow(tx, session.value.cardId);
      if (!card) return refuse('cardNotUsable', 'the card vanished');
      const lockCleared = card.lockedAt !== null;
      await tx.query('UPDATE cards SET pin_hash = $2, pin_changed_at = $3, failed_pin_attempts = 0, locked_at = NULL WHERE card_id = $1',
        [card.cardId, pinHash, now.toISOString()]);
      await logOperation(tx, { ...base, outcome: 'pinChanged', reasonCodes: lockCleared ? ['identityVerified', 'lockCleared'] : ['identityVerified'] });
      return { ok: true, value: { outcome: 'pinChanged', lockCleared } };
    });
  } finally {
    pinDigits.fill(0);
  }
}

export async function clearLock(ctx: HqContext, kioskId: string, request: SessionRequest): Promise<Outcome<ClearLockResponse>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx): Promise<Outcome<ClearLockResponse>> => {
    const session = await requireSession(tx, { sessionId: request.sessionId, kioskId, now, idleMs: ctx.policy.sessionIdleMs, requirement: 'identityVerified', forUpdate: true });
    if (!session.ok) return session;
    const target = await usableCustomerCard(tx, session.value.cardId, now);
    if (!target.ok) return target;
    const servable = await servableCustomer(tx, target.customerId, () => logOperation(tx, {
      at: now, kioskId, sessionId: request.sessionId, operation: 'lockClear', outcome: 'refused', reasonCodes: ['accountSuspended'],
      cardMasked: target.card.cardMasked, cardId: target.card.cardId,
    }), { forUpdate: true });
    if (!servable.ok) return servable;
    const card = await lockCardRow(tx, target.card.cardId);
    if (!card) return refuse('cardNotUsable', 'the card vanished');
    const wasLocked = card.lockedAt !== null;
    await tx.query('UPDATE cards SET failed_pin_attempts = 0, locked_at = NULL WHERE card_id = $1', [card.cardId]);
    await logOperation(tx, {
      at: now, kioskId, sessionId: request.sessionId, operation: 'lockClear', outcome: 'lockCleared',
      reasonCodes: wasLocked ? ['identityVerified'] : ['identityVerified', 'wasNotLocked'], cardMasked: card.cardMasked, cardId: card.cardId,
    });
    return { ok: true, value: { outcome: 'lockCleared', wasLocked } };
  });
}

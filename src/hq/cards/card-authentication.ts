/**
 * Card authentication (issue 5; DOMAIN.md "Security lock", "Other reasons a
 * login is refused", "Card loss").
 *
 * The slow PIN hash runs outside any transaction. Only then is the card row
 * locked (`SELECT ... FOR UPDATE`) and the counter moved, after checking the
 * row is still the one the PIN was checked against. So two kiosks sending
 * wrong PINs for one card at the same moment are serialised on the row:
 * the counter never passes the threshold, and the attempt that reaches it
 * locks the card. The row lock is held for a few statements, never for a
 * hash.
 *
 * Order of checks: lost/stolen and expired before the PIN (a captured card
 * is captured whatever was typed); a lock before the PIN (a locked card
 * takes no more guesses); suspension after a correct PIN (DOMAIN.md: the
 * machine does not reveal the reason, and a thief with the card learns
 * nothing).
 */
import { maskCardNumber } from '../../shared/domain/card-number';
import type { AuthenticateCardRequest, AuthenticateCardResponse } from '../../shared/hq-api/session';
import { OPERATOR_PERMISSIONS } from '../config/operator-roles';
import type { HqContext, Outcome } from '../context';
import type { Queryable } from '../../server-kit/db/db';
import { logOperation } from '../operation-log';
import { openPinBlock } from '../pin/pin-block-guard';
import { hashPin, PinKeyUnavailableError, pinHashNeedsRestore, verifyPin } from '../pin/pin-hash';
import { openOrResumeSession } from '../sessions/session-store';
import { findCardByNumber, findCustomer, findOperator, isCardExpired, lockCardRow, type CardRecord } from './card-records';

const MAX_PIN_CHANGE_RACES = 3;

export async function authenticateCard(ctx: HqContext, kioskId: string, request: AuthenticateCardRequest): Promise<Outcome<AuthenticateCardResponse>> {
  const opened = await openPinBlock(ctx, request.pinBlock, { kioskId, sessionId: request.sessionId, purpose: 'authenticate' });
  if (!opened.ok) return opened;
  const pinDigits = opened.value;
  try {
    return await authenticateWithPin(ctx, kioskId, request, pinDigits);
  } finally {
    pinDigits.fill(0);
  }
}

async function authenticateWithPin(ctx: HqContext, kioskId: string, request: AuthenticateCardRequest, pinDigits: Buffer): Promise<Outcome<AuthenticateCardResponse>> {
  const now = ctx.clock();
  const cardMasked = maskCardNumber(request.cardNumber);
  const base = { at: now, kioskId, sessionId: request.sessionId, operation: 'cardAuthentication' as const, cardMasked };
  const card = await findCardByNumber(ctx.db, ctx.derived, request.cardNumber);

  const early = refuseBeforePin(card, now);
  if (early) {
    await logOperation(ctx.db, { ...base, cardId: card?.cardId ?? null, outcome: early.outcome, reasonCodes: early.outcome === 'captureCard' ? [early.reason] : [] });
    return { ok: true, value: early };
  }
  const known = card!;

  const session = await openOrResumeSession(ctx.db, { sessionId: request.sessionId, kioskId, cardId: known.cardId, now, idleMs: ctx.policy.sessionIdleMs });
  if (!session.ok) return session;

  let snapshot: CardRecord = known;
  for (let race = 0; race < MAX_PIN_CHANGE_RACES; race++) {
    if (snapshot.lockedAt) {
      await logOperation(ctx.db, { ...base, cardId: snapshot.cardId, outcome: 'locked', reasonCodes: ['alreadyLocked'] });
      return { ok: true, value: { outcome: 'locked' } };
    }
    let pinCorrect: boolean;
    try {
      pinCorrect = await verifyPin(pinDigits, snapshot.pinHash, ctx.derived);
    } catch (error) {
      if (!(error instanceof PinKeyUnavailableError)) throw error;
      // Neither right nor wrong: nothing is counted, the customer is told to try later, operations are told why.
      ctx.log.error({ keyId: error.keyId, cardId: snapshot.cardId }, error.message);
      await logOperation(ctx.db, { ...base, cardId: snapshot.cardId, outcome: 'error', reasonCodes: ['pinKeyUnavailable'] });
      return { ok: false, code: 'internalError', message: 'PIN verification is unavailable at HQ; try again later' };
    }
    // Moving to the keyed PIN verification value, or to a new PVV key, completes card by card (pin-hash.ts):
    // the new value is made before the row lock, like the check, and stored only if the PIN hash did not change meanwhile.
    const restored = pinCorrect && pinHashNeedsRestore(snapshot.pinHash, ctx.derived) ? await hashPin(pinDigits, ctx.derived) : null;
    const settled = await ctx.db.transaction(async (tx) => {
      const current = await lockCardRow(tx, snapshot.cardId);
      if (!current) return { kind: 'vanished' as const };
      // The PIN was re-set between our hash check and the row lock: check again against the new hash.
      if (current.pinHash !== snapshot.pinHash && !current.lockedAt) return { kind: 'pinChanged' as const, current };
      if (current.lockedAt) {
        await logOperation(tx, { ...base, cardId: current.cardId, outcome: 'locked', reasonCodes: ['alreadyLocked'] });
        return { kind: 'answer' as const, answer: { outcome: 'locked' } as AuthenticateCardResponse };
      }
      if (!pinCorrect) {
        const attempts = current.failedPinAttempts + 1;
        const locks = attempts >= ctx.policy.lockThreshold;
        await tx.query('UPDATE cards SET failed_pin_attempts = $2, locked_at = $3 WHERE card_id = $1',
          [current.cardId, Math.min(attempts, ctx.policy.lockThreshold), locks ? now.toISOString() : null]);
        await logOperation(tx, { ...base, cardId: current.cardId, outcome: locks ? 'locked' : 'wrongPin', reasonCodes: locks ? ['wrongPin', 'lockThresholdReached'] : ['wrongPin'] });
        return { kind: 'answer' as const, answer: { outcome: locks ? 'locked' : 'wrongPin' } as AuthenticateCardResponse };
      }
      if (restored) await tx.query('UPDATE cards SET failed_pin_attempts = 0, pin_hash = $2 WHERE card_id = $1', [current.cardId, restored]);
      else await tx.query('UPDATE cards SET failed_pin_attempts = 0 WHERE card_id = $1', [current.cardId]);
      const answer = await successAnswer(tx, current, request.sessionId);
      if (answer.outcome === 'ok') {
        await tx.query('UPDATE sessions SET authenticated_at = $2 WHERE session_id = $1', [request.sessionId, now.toISOString()]);
      }
      await logOperation(tx, { ...base, cardId: current.cardId, outcome: answer.outcome, reasonCodes: answer.outcome === 'ok' ? [] : ['holderSuspended'] });
      return { kind: 'answer' as const, answer };
    });
    switch (settled.kind) {
      case 'answer':
        return { ok: true, value: settled.answer };
      case 'pinChanged':
        snapshot = settled.current;
        continue;
      case 'vanished':
        return { ok: true, value: { outcome: 'unknownCard' } };
      default: {
        const never: never = settled;
        throw new Error(`unhandled ${String(never)}`);
      }
    }
  }
  return { ok: false, code: 'internalError', message: 'the PIN kept changing during authentication' };
}

type EarlyAnswer = Extract<AuthenticateCardResponse, { outcome: 'unknownCard' | 'captureCard' | 'expired' }>;

export function refuseBeforePin(card: CardRecord | null, now: Date): EarlyAnswer | null {
  if (!card) return { outcome: 'unknownCard' };
  if (card.status === 'lost' || card.status === 'stolen') return { outcome: 'captureCard', reason: card.status };
  if (isCardExpired(card, now)) return { outcome: 'expired' };
  return null;
}

async function successAnswer(q: Queryable, card: CardRecord, sessionId: string): Promise<AuthenticateCardResponse> {
  if (card.staffId) {
    const operator = await findOperator(q, card.staffId);
    if (!operator || !operator.enabled) return { outcome: 'suspended' };
    return {
      outcome: 'ok',
      sessionId,
      holder: { kind: 'operator', cardMasked: card.cardMasked, staffId: operator.staffId, name: operator.name, role: operator.role, permissions: [...OPERATOR_PERMISSIONS[operator.role]] },
    };
  }
  const customer = card.customerId === null ? null : await findCustomer(q, card.customerId);
  if (!customer) return { outcome: 'unknownCard' };
  if (customer.suspended) return { outcome: 'suspended' };
  return {
    outcome: 'ok',
    sessionId,
    holder: {
      kind: 'customer',
      cardMasked: card.cardMasked,
      nameKanji: customer.nameKanji,
      nameKana: customer.nameKana,
      creditLimit: customer.creditLimit,
      balance: customer.balance,
      available: Math.max(customer.creditLimit - customer.balance, 0),
    },
  };
}

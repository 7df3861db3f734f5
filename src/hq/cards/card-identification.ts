/**
 * The no-PIN way into a session (DOMAIN.md, "Credentials": a PIN is re-set,
 * and a lock cleared, with the card and an identity document). Opens a
 * session bound to the card that allows identity verification and nothing
 * else until the document matches. Lost, stolen and expired cards are
 * answered exactly as in card authentication.
 *
 * A suspended or identity-locked customer is answered like any other here
 * (a card alone proves nothing, so it learns nothing); the verify route
 * then answers `contactUs` or `tryStaff` without comparing a document
 * (issue 13). HQ's own log notes either state at this step.
 */
import { maskCardNumber } from '../../shared/domain/card-number';
import type { IdentifyCardRequest, IdentifyCardResponse } from '../../shared/hq-api/session';
import type { HqContext, Outcome } from '../context';
import { logOperation } from '../operation-log';
import { openOrResumeSession } from '../sessions/session-store';
import { refuseBeforePin } from './card-authentication';
import { findCardByNumber, findCustomer } from './card-records';

export async function identifyCard(ctx: HqContext, kioskId: string, request: IdentifyCardRequest): Promise<Outcome<IdentifyCardResponse>> {
  const now = ctx.clock();
  const card = await findCardByNumber(ctx.db, ctx.derived, request.cardNumber);
  const base = { at: now, kioskId, sessionId: request.sessionId, operation: 'cardIdentification' as const, cardMasked: maskCardNumber(request.cardNumber), cardId: card?.cardId ?? null };
  const early = refuseBeforePin(card, now);
  if (early) {
    await logOperation(ctx.db, { ...base, outcome: early.outcome, reasonCodes: early.outcome === 'captureCard' ? [early.reason] : [] });
    return { ok: true, value: early };
  }
  const known = card!;
  if (known.staffId) {
    await logOperation(ctx.db, { ...base, outcome: 'operatorCard' });
    return { ok: true, value: { outcome: 'operatorCard' } };
  }
  const session = await openOrResumeSession(ctx.db, { sessionId: request.sessionId, kioskId, cardId: known.cardId, now, idleMs: ctx.policy.sessionIdleMs });
  if (!session.ok) return session;
  const customer = known.customerId === null ? null : await findCustomer(ctx.db, known.customerId);
  const noted = [...(customer?.suspended ? ['suspended'] : []), ...(customer?.identityLockedAt ? ['identityLocked'] : [])];
  await logOperation(ctx.db, { ...base, outcome: 'cardIdentified', reasonCodes: noted });
  return { ok: true, value: { outcome: 'cardIdentified', sessionId: request.sessionId, cardMasked: known.cardMasked } };
}

/**
 * Limit increase review and decrease (DOMAIN.md, "Limit increase and
 * decrease"). The rules are pure (src/hq/policy); this applies them to the
 * customer's row under a row lock, with the kiosk's closing time from its
 * calendar (an increase must be completed an hour before closing), and
 * records the decision with its reason codes.
 */
import { closingTimeOn, serviceStatusAt } from '../../shared/domain/calendar';
import type {
  LimitDecreaseReasonCode,
  LimitDecreaseRequest,
  LimitDecreaseResponse,
  LimitIncreaseRequest,
  LimitIncreaseResponse,
  LimitReasonCode,
} from '../../shared/hq-api/limit';
import { loadKioskCalendar } from '../calendar/calendar-service';
import { findCardById, findCustomer, isCardExpired, type CustomerRecord } from '../cards/card-records';
import { refuse, type HqContext, type Outcome, type Refusal } from '../context';
import type { Queryable } from '../db/db';
import { logOperation } from '../operation-log';
import {
  reviewLimitIncrease,
  validateLimitDecrease,
  type LimitDecreaseReasonCode as PolicyDecreaseReason,
  type LimitPolicy,
  type LimitReasonCode as PolicyReason,
} from '../policy/limit-review';
import { requireSession } from '../sessions/session-store';
import type { SameSet } from '../type-equality';

// The wire enums in src/shared/hq-api/limit.ts must be exactly the policy's sets.
const _increaseReasonsMatch: SameSet<LimitReasonCode, PolicyReason> = true;
const _decreaseReasonsMatch: SameSet<LimitDecreaseReasonCode, PolicyDecreaseReason> = true;
void _increaseReasonsMatch;
void _decreaseReasonsMatch;

interface LimitTarget {
  customer: CustomerRecord;
  cardId: number;
  cardMasked: string;
}

/** An authenticated customer session whose card is still usable, with the customer row locked. */
async function lockedCustomer(ctx: HqContext, tx: Queryable, kioskId: string, sessionId: string, now: Date): Promise<{ ok: true; value: LimitTarget } | Refusal> {
  const session = await requireSession(tx, { sessionId, kioskId, now, idleMs: ctx.policy.sessionIdleMs, requirement: 'authenticated', forUpdate: true });
  if (!session.ok) return session;
  const card = await findCardById(tx, session.value.cardId);
  if (!card || card.status !== 'active' || isCardExpired(card, now) || card.lockedAt) return refuse('cardNotUsable', 'the session\'s card can no longer be used');
  if (card.customerId === null) return refuse('notCustomerSession', 'limits are for customer cards');
  const customer = await findCustomer(tx, card.customerId, { forUpdate: true });
  if (!customer) return refuse('cardNotUsable', 'the card has no customer');
  return { ok: true, value: { customer, cardId: card.cardId, cardMasked: card.cardMasked } };
}

export async function reviewIncrease(ctx: HqContext, limitPolicy: LimitPolicy, kioskId: string, request: LimitIncreaseRequest): Promise<Outcome<LimitIncreaseResponse>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx): Promise<Outcome<LimitIncreaseResponse>> => {
    const target = await lockedCustomer(ctx, tx, kioskId, request.sessionId, now);
    if (!target.ok) return target;
    const { customer } = target.value;
    const calendar = await loadKioskCalendar(tx, kioskId);
    if (!calendar.ok) return calendar;
    // Outside a service period there is no closing time to count back from: the policy refuses (outsideOpeningHours).
    const closesAt = serviceStatusAt(calendar.value, now).state === 'open' ? closingTimeOn(calendar.value, now) : null;
    // The more cautious of declaration and record (src/shared/hq-api/limit.ts, LimitDeclarations).
    const declared = request.declarations;
    const annualIncome = declared ? Math.min(declared.annualIncome, customer.annualIncome) : customer.annualIncome;
    const otherLendersBorrowing = declared ? Math.max(declared.otherLendersBorrowing, customer.otherLendersBorrowing) : customer.otherLendersBorrowing;
    const decision = reviewLimitIncrease({
      currentLimit: customer.creditLimit,
      requestedLimit: request.requestedLimit,
      annualIncome,
      otherLendersBorrowing,
      suspended: customer.suspended,
      delinquent: customer.delinquent,
      incomeCertificateProvided: request.incomeCertificateProvided,
      now,
      closesAt,
    }, limitPolicy);
    const granted = (decision.outcome === 'approved' || decision.outcome === 'partiallyApproved') && decision.approvedLimit !== undefined;
    const creditLimit = granted ? decision.approvedLimit! : customer.creditLimit;
    if (granted) {
      await tx.query('UPDATE customers SET credit_limit = $2, limit_changed_at = $3 WHERE customer_id = $1', [customer.customerId, creditLimit, now.toISOString()]);
    }
    await logOperation(tx, {
      at: now, kioskId, sessionId: request.sessionId, operation: 'limitIncrease', outcome: decision.outcome, reasonCodes: decision.reasons,
      cardMasked: target.value.cardMasked, cardId: target.value.cardId,
      detail: {
        previousLimit: customer.creditLimit, requestedLimit: request.requestedLimit, creditLimit, incomeCertificateProvided: request.incomeCertificateProvided,
        ...(declared ? { declared: { annualIncome: declared.annualIncome, employment: declared.employment, otherLendersBorrowing: declared.otherLendersBorrowing }, reviewedOn: { annualIncome, otherLendersBorrowing } } : {}),
      },
    });
    return {
      ok: true,
      value: {
        outcome: decision.outcome,
        previousLimit: customer.creditLimit,
        creditLimit,
        ...(granted ? { approvedLimit: creditLimit } : {}),
        reasons: decision.reasons,
      },
    };
  });
}

export async function decreaseLimit(ctx: HqContext, limitPolicy: LimitPolicy, kioskId: string, request: LimitDecreaseRequest): Promise<Outcome<LimitDecreaseResponse>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx): Promise<Outcome<LimitDecreaseResponse>> => {
    const target = await lockedCustomer(ctx, tx, kioskId, request.sessionId, now);
    if (!target.ok) return target;
    const { customer } = target.value;
    const decision = validateLimitDecrease({ currentLimit: customer.creditLimit, requestedLimit: request.newLimit, balance: customer.balance }, limitPolicy);
    const base = { at: now, kioskId, sessionId: request.sessionId, operation: 'limitDecrease' as const, cardMasked: target.value.cardMasked, cardId: target.value.cardId };
    if (decision.outcome === 'refused' || decision.newLimit === undefined) {
      const reasons = decision.reasons.length > 0 ? decision.reasons : (['invalidReviewInput'] as const);
      await logOperation(tx, { ...base, outcome: 'refused', reasonCodes: reasons, detail: { previousLimit: customer.creditLimit, requestedLimit: request.newLimit } });
      return { ok: true, value: { outcome: 'refused', previousLimit: customer.creditLimit, reasons: [...reasons] } };
    }
    await tx.query('UPDATE customers SET credit_limit = $2, limit_changed_at = $3 WHERE customer_id = $1', [customer.customerId, decision.newLimit, now.toISOString()]);
    await logOperation(tx, { ...base, outcome: 'decreased', detail: { previousLimit: customer.creditLimit, creditLimit: decision.newLimit } });
    return { ok: true, value: { outcome: 'decreased', previousLimit: customer.creditLimit, creditLimit: decision.newLimit, raisingAgainNeedsReview: true } };
  });
}

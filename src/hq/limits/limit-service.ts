/**
 * Limit increase review and decrease (DOMAIN.md, "Limit increase and
 * decrease"). The rules are pure (src/hq/policy); this applies them to the
 * customer's row under a row lock, with the kiosk's closing time from its
 * calendar (an increase must be completed an hour before closing), and
 * records the decision with its reason codes. An increase asks the credit
 * bureau first (art. 13); every limit change queues its bureau registration
 * in the same transaction (art. 41-35, src/hq/credit-bureau/registration-outbox.ts).
 */
import { closingTimeOn, serviceStatusAt } from '../../shared/domain/calendar';
import type {
  LimitDecreaseReasonCode,
  LimitDecreaseRequest,
  LimitDecreaseResponse,
  LimitIncreaseRequest,
  LimitIncreaseResponse,
  LimitOfferAnswerRequest,
  LimitOfferAnswerResponse,
  LimitReasonCode,
} from '../../shared/hq-api/limit';
import { loadKioskCalendar } from '../calendar/calendar-service';
import { findCardById, findCustomer, isCardExpired, tokyoDateOf, type CustomerRecord } from '../cards/card-records';
import { refuse, type HqContext, type Outcome, type Refusal } from '../context';
import type { Queryable } from '../../server-kit/db/db';
import { logOperation, logOperationEntry } from '../operation-log';
import { issueContractDocument } from './contract-documents';
import {
  reviewLimitIncrease,
  validateLimitDecrease,
  type LimitDecreaseReasonCode as PolicyDecreaseReason,
  type LimitPolicy,
  type LimitReasonCode as PolicyReason,
} from '../policy/limit-review';
import { enquireForIncrease, type EnquiryOutcome } from '../credit-bureau/bureau-enquiry';
import { queueRegistration } from '../credit-bureau/registration-outbox';
import { assessIncomeCertificate } from '../policy/income-certificate-rules';
import { requireSession } from '../sessions/session-store';
import { storeIncomeCertificate } from './income-certificate-store';
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

/** Who and where, for the contract-change document of a change made in this session. */
function documentTarget(target: LimitTarget, kioskId: string, sessionId: string, now: Date) {
  return { kioskId, sessionId, customer: target.customer, cardId: target.cardId, cardMasked: target.cardMasked, now };
}

/**
 * An increase review with the credit bureau in the loop (art. 13, docs/policy.md):
 * 1. a first look under the row lock: a request refused anyway (hours,
 *    amount, HQ's data) is answered and recorded without asking the bureau
 *    (an enquiry stays on the customer's bureau record for six months);
 * 2. the enquiry, with no transaction open, so no row lock is held over HTTP;
 * 3. the review under the row lock on the bureau's figures (or, without an
 *    answer, a refusal: bureauUnavailable, nothing changed), recorded with the
 *    limit change and its bureau registration in one transaction;
 * 4. after commit, the registration is sent (registration-outbox.ts).
 */
export async function reviewIncrease(ctx: HqContext, limitPolicy: LimitPolicy, kioskId: string, request: LimitIncreaseRequest): Promise<Outcome<LimitIncreaseResponse>> {
  const first = await ctx.db.transaction(async (tx): Promise<Outcome<LimitIncreaseResponse> | { ok: true; enquire: CustomerRecord }> => {
    const review = await reviewUnderLock(ctx, tx, limitPolicy, kioskId, request, ctx.clock(), null);
    if (!review.ok) return review;
    if (review.value.decision.outcome === 'refused' && !review.value.decision.reasons.includes('bureauUnavailable')) return recordReview(ctx, tx, limitPolicy, kioskId, request, review.value, null);
    return { ok: true, enquire: review.value.target.customer };
  });
  if (!first.ok || !('enquire' in first)) return first;
  const enquiry = await enquireForIncrease(ctx.bureau ?? null, first.enquire);
  if (!enquiry.ok) ctx.log.warn({ failure: enquiry.failure }, 'credit bureau enquiry failed: the increase is not decided');
  const outcome = await ctx.db.transaction(async (tx) => {
    const review = await reviewUnderLock(ctx, tx, limitPolicy, kioskId, request, ctx.clock(), enquiry);
    if (!review.ok) return review;
    return recordReview(ctx, tx, limitPolicy, kioskId, request, review.value, enquiry);
  });
  if (outcome.ok && outcome.value.outcome === 'approved') void ctx.registrations?.drain().catch(() => undefined);
  return outcome;
}

interface IncreaseReview {
  target: LimitTarget;
  decision: ReturnType<typeof reviewLimitIncrease>;
  now: Date;
  annualIncome: number;
  otherLendersBorrowing: number;
  certificate: ReturnType<typeof assessIncomeCertificate> | null;
}

/** The locked customer and the pure review on the bureau's figures (none yet: `enquiry` null). */
async function reviewUnderLock(
  ctx: HqContext, tx: Queryable, limitPolicy: LimitPolicy, kioskId: string, request: LimitIncreaseRequest, now: Date, enquiry: EnquiryOutcome | null,
): Promise<{ ok: true; value: IncreaseReview } | Refusal> {
  const target = await lockedCustomer(ctx, tx, kioskId, request.sessionId, now);
  if (!target.ok) return target;
  const { customer } = target.value;
  const calendar = await loadKioskCalendar(tx, kioskId);
  if (!calendar.ok) return calendar;
  // Outside a service period there is no closing time to count back from: the policy refuses (outsideOpeningHours).
  const closesAt = serviceStatusAt(calendar.value, now).state === 'open' ? closingTimeOn(calendar.value, now) : null;
  // Income: the more cautious of declaration and record (src/shared/hq-api/limit.ts, LimitDeclarations).
  // Other lenders: the bureau's figure, not the declaration (art. 13; the declaration may count loans art. 13-2 excludes).
  const declared = request.declarations;
  const annualIncome = declared ? Math.min(declared.annualIncome, customer.annualIncome) : customer.annualIncome;
  const figures = enquiry?.ok ? enquiry.figures : null;
  const otherLendersBorrowing = figures ? figures.otherLendersBorrowing : customer.otherLendersBorrowing;
  // The certificate handed in, judged against the customer (docs/policy.md, "Income certificates"); its income replaces the above.
  const certificate = request.incomeCertificate
    ? assessIncomeCertificate(request.incomeCertificate, customer, tokyoDateOf(now))
    : null;
  const decision = reviewLimitIncrease({
    currentLimit: customer.creditLimit,
    requestedLimit: request.requestedLimit,
    annualIncome,
    otherLendersBorrowing,
    suspended: customer.suspended,
    delinquent: customer.delinquent,
    bureau: figures ? { delinquent: figures.delinquent } : null,
    employment: declared?.employment ?? customer.employment,
    incomeCertificate: certificate === null ? null : certificate.accepted ? { certifiedAnnualIncome: certificate.annualIncome } : { refused: certificate.reason },
    now,
    closesAt,
  }, limitPolicy);
  return { ok: true, value: { target: target.value, decision, now, annualIncome, otherLendersBorrowing, certificate } };
}

/** Applies and records a review: the limit (full approval, with its bureau registration queued), an offer (partial), the operation log. */
async function recordReview(
  ctx: HqContext, tx: Queryable, limitPolicy: LimitPolicy, kioskId: string, request: LimitIncreaseRequest, review: IncreaseReview, enquiry: EnquiryOutcome | null,
): Promise<Outcome<LimitIncreaseResponse>> {
  const { target, decision, now, annualIncome, otherLendersBorrowing, certificate } = review;
  const { customer } = target;
  const declared = request.declarations;
  if (enquiry?.ok) {
    // HQ's copy of the latest bureau reading (DOMAIN.md: the lender re-reads bureau data).
    await tx.query(
      `INSERT INTO credit_bureau_records (customer_id, other_lenders_borrowing, delinquent, read_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id) DO UPDATE SET other_lenders_borrowing = $2, delinquent = $3, read_at = $4`,
      [customer.customerId, enquiry.figures.otherLendersBorrowing, enquiry.figures.delinquent, now.toISOString()]);
  }
  // Only a full approval changes the limit now; a partial one is an offer the customer must accept (issue 14).
  const granted = decision.outcome === 'approved' && decision.approvedLimit !== undefined;
  const offered = decision.outcome === 'partiallyApproved' && decision.approvedLimit !== undefined ? decision.approvedLimit : null;
  const creditLimit = granted ? decision.approvedLimit! : customer.creditLimit;
  if (granted) {
    await tx.query('UPDATE customers SET credit_limit = $2, limit_changed_at = $3 WHERE customer_id = $1', [customer.customerId, creditLimit, now.toISOString()]);
    await queueRegistration(tx, { customerId: customer.customerId, creditLimit, balance: customer.balance, reason: 'increase', changedAt: now });
  }
  // Art. 17: every change of the limit comes with its document, in the same transaction (contract-documents.ts).
  const contractDocument = granted ? await issueContractDocument(ctx, tx, { ...documentTarget(target, kioskId, request.sessionId, now), kind: 'increase', previousLimit: customer.creditLimit, newLimit: creditLimit }) : null;
  const offerExpiresAt = offered !== null ? new Date(now.getTime() + limitPolicy.offerHoldSeconds * 1000).toISOString() : null;
  if (offered !== null) {
    await tx.query(
      `INSERT INTO limit_offers (session_id, customer_id, previous_limit, offered_limit, offered_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (session_id) DO UPDATE SET customer_id = $2, previous_limit = $3, offered_limit = $4, offered_at = $5, expires_at = $6, answered_at = NULL, accepted = NULL`,
      [request.sessionId, customer.customerId, customer.creditLimit, offered, now.toISOString(), offerExpiresAt]);
  }
  const operationEntryId = await logOperationEntry(tx, {
    at: now, kioskId, sessionId: request.sessionId, operation: 'limitIncrease', outcome: decision.outcome, reasonCodes: decision.reasons,
    cardMasked: target.cardMasked, cardId: target.cardId,
    detail: {
      previousLimit: customer.creditLimit, requestedLimit: request.requestedLimit, creditLimit,
      // Kind, year and verdict only: the holder's name and income stay in income_certificates (migration 008).
      ...(request.incomeCertificate && certificate
        ? { incomeCertificate: { kind: request.incomeCertificate.kind, incomeYear: request.incomeCertificate.incomeYear, verdict: certificate.accepted ? 'accepted' : certificate.reason } }
        : {}),
      ...(offered !== null ? { offeredLimit: offered, offerExpiresAt } : {}),
      ...(declared ? { declared: { annualIncome: declared.annualIncome, employment: declared.employment, otherLendersBorrowing: declared.otherLendersBorrowing } } : {}),
      reviewedOn: { annualIncome: certificate?.accepted ? certificate.annualIncome : annualIncome, otherLendersBorrowing },
      ...(enquiry ? { bureau: enquiry.ok ? { enquiryId: enquiry.figures.enquiryId, delinquent: enquiry.figures.delinquent } : { failure: enquiry.failure } } : {}),
    },
  });
  if (request.incomeCertificate && certificate) {
    await storeIncomeCertificate(tx, { operationEntryId, customerId: customer.customerId, sessionId: request.sessionId, at: now }, request.incomeCertificate, certificate);
  }
  return {
    ok: true,
    value: {
      outcome: decision.outcome,
      previousLimit: customer.creditLimit,
      creditLimit,
      ...(granted ? { approvedLimit: creditLimit } : {}),
      ...(offered !== null && offerExpiresAt ? { approvedLimit: offered, offerExpiresAt } : {}),
      reasons: decision.reasons,
      ...(contractDocument ? { contractDocument } : {}),
    },
  };
}

/**
 * The customer's answer to a partial approval: the limit changes only on
 * acceptance, only while the offer is held, only once, and only if the
 * limit is still the one the offer was made against.
 */
export async function answerLimitOffer(ctx: HqContext, kioskId: string, request: LimitOfferAnswerRequest): Promise<Outcome<LimitOfferAnswerResponse>> {
  const now = ctx.clock();
  const outcome = await ctx.db.transaction(async (tx): Promise<Outcome<LimitOfferAnswerResponse>> => {
    const target = await lockedCustomer(ctx, tx, kioskId, request.sessionId, now);
    if (!target.ok) return target;
    const { customer } = target.value;
    const { rows } = await tx.query<{ previous_limit: number; offered_limit: number; expires_at: Date | string; answered_at: unknown }>(
      'SELECT previous_limit, offered_limit, expires_at, answered_at FROM limit_offers WHERE session_id = $1 AND customer_id = $2 FOR UPDATE',
      [request.sessionId, customer.customerId]);
    const offer = rows[0];
    const base = { at: now, kioskId, sessionId: request.sessionId, operation: 'limitOfferAnswer' as const, cardMasked: target.value.cardMasked, cardId: target.value.cardId };
    const held = offer && offer.answered_at === null && new Date(offer.expires_at).getTime() > now.getTime() && Number(offer.previous_limit) === customer.creditLimit;
    if (!offer || !held) {
      await logOperation(tx, { ...base, outcome: 'noOffer', detail: { accept: request.accept } });
      return { ok: true, value: { outcome: 'noOffer', creditLimit: customer.creditLimit } };
    }
    await tx.query('UPDATE limit_offers SET answered_at = $2, accepted = $3 WHERE session_id = $1', [request.sessionId, now.toISOString(), request.accept]);
    if (!request.accept) {
      await logOperation(tx, { ...base, outcome: 'declined', detail: { previousLimit: customer.creditLimit, offeredLimit: Number(offer.offered_limit) } });
      return { ok: true, value: { outcome: 'declined', creditLimit: customer.creditLimit } };
    }
    const creditLimit = Number(offer.offered_limit);
    await tx.query('UPDATE customers SET credit_limit = $2, limit_changed_at = $3 WHERE customer_id = $1', [customer.customerId, creditLimit, now.toISOString()]);
    await queueRegistration(tx, { customerId: customer.customerId, creditLimit, balance: customer.balance, reason: 'offerAccepted', changedAt: now });
    const contractDocument = await issueContractDocument(ctx, tx, { ...documentTarget(target.value, kioskId, request.sessionId, now), kind: 'increase', previousLimit: customer.creditLimit, newLimit: creditLimit });
    await logOperation(tx, { ...base, outcome: 'accepted', detail: { previousLimit: customer.creditLimit, creditLimit } });
    return { ok: true, value: { outcome: 'accepted', previousLimit: customer.creditLimit, creditLimit, contractDocument } };
  });
  if (outcome.ok && outcome.value.outcome === 'accepted') void ctx.registrations?.drain().catch(() => undefined);
  return outcome;
}

export async function decreaseLimit(ctx: HqContext, limitPolicy: LimitPolicy, kioskId: string, request: LimitDecreaseRequest): Promise<Outcome<LimitDecreaseResponse>> {
  const now = ctx.clock();
  // A decrease needs no enquiry, but the bureau is told the new limit (art. 41-35).
  const outcome = await ctx.db.transaction(async (tx): Promise<Outcome<LimitDecreaseResponse>> => {
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
    await queueRegistration(tx, { customerId: customer.customerId, creditLimit: decision.newLimit, balance: customer.balance, reason: 'decrease', changedAt: now });
    const contractDocument = await issueContractDocument(ctx, tx, { ...documentTarget(target.value, kioskId, request.sessionId, now), kind: 'decrease', previousLimit: customer.creditLimit, newLimit: decision.newLimit });
    await logOperation(tx, { ...base, outcome: 'decreased', detail: { previousLimit: customer.creditLimit, creditLimit: decision.newLimit } });
    return { ok: true, value: { outcome: 'decreased', previousLimit: customer.creditLimit, creditLimit: decision.newLimit, raisingAgainNeedsReview: true, contractDocument } };
  });
  if (outcome.ok && outcome.value.outcome === 'decreased') void ctx.registrations?.drain().catch(() => undefined);
  return outcome;
}

/**
 * Limit increase review (増額審査): the pure rule HQ applies when a customer
 * asks for a higher limit at the machine. DOMAIN.md, "Limit increase (増額)
 * and decrease (減額)": the result is given on the spot; the review may
 * approve less than asked, decline, or ask for more documents.
 *
 * Order of the checks (the first group that has anything to say decides):
 *   1. refused   - the request itself cannot be reviewed: amount not in
 *                  10,000-yen steps, outside 10,000..5,000,000, not above the
 *                  current limit, or too close to the machine's closing time;
 *                  or HQ's own data for the review is unusable; or the
 *                  credit bureau gave no answer (bureauUnavailable: art. 13
 *                  requires the enquiry, so nothing is decided without it).
 *   2. declined  - suspension or delinquency (HQ's or the bureau's), or no
 *                  room under 総量規制, or no ability to repay (art. 13(1),
 *                  ability-to-repay.ts).
 *   3. documentsRequired - the certificate handed in was refused, or the
 *                  amount we would approve needs an income certificate and
 *                  none was accepted.
 *   4. approved / partiallyApproved (lowered by 総量規制 and/or by the
 *                  debt-service ratio; ability to repay only ever lowers).
 * "refused" means no review took place (the kiosk can say what to change);
 * "declined" means the review said no.
 *
 * Income certificate (Art. 13(3)) is judged on the amount we would APPROVE,
 * not the amount asked: the law attaches the duty to the contract's limit.
 * If the amount we would approve triggers it and no certificate is on file we
 * ask for one (documentsRequired) rather than quietly approving a smaller
 * amount; if asking for 600,000 can only be approved at 400,000 because of
 * 総量規制, 400,000 needs no certificate and is approved partially.
 *
 * Pure: `now` and `closesAt` are arguments, no clock or I/O inside.
 */
import { z } from 'zod';
import { LimitOutcome, LimitReasonCode } from '../../shared/hq-api/limit';
import { assessAbilityToRepay, type RepaymentEmployment } from './ability-to-repay';
import { CERTIFICATE_REFUSALS } from './income-certificate-rules';
import { isYenAmount, type LimitPolicy } from './limit-policy';

export { DEFAULT_LIMIT_POLICY, LimitPolicySchema, type LimitPolicy } from './limit-policy';
export {
  validateLimitDecrease,
  LimitDecreaseInputSchema,
  LimitDecreaseDecisionSchema,
  LimitDecreaseReasonCodeSchema,
  type LimitDecreaseInput,
  type LimitDecreaseDecision,
  type LimitDecreaseReasonCode,
} from './limit-decrease';

export const LimitReviewInputSchema = z.object({
  currentLimit: z.number().int().nonnegative(),
  requestedLimit: z.number().int(),
  annualIncome: z.number().int().nonnegative(),
  /** Borrowing at other lenders counted under 総量規制: the credit bureau's figure (src/hq/credit-bureau/bureau-enquiry.ts). */
  otherLendersBorrowing: z.number().int().nonnegative(),
  suspended: z.boolean(),
  delinquent: z.boolean(),
  /** The credit bureau's answer to this review's enquiry; null when there is none (then nothing is decided). */
  bureau: z.object({ delinquent: z.boolean() }).nullable(),
  /** Declared, else HQ's record: the ability-to-repay rule's employment type. */
  employment: z.enum(['employed', 'employee', 'contract', 'partTime', 'selfEmployed', 'pensioner', 'other', 'unemployed'] satisfies [RepaymentEmployment, ...RepaymentEmployment[]]),
  /**
   * The income certificate handed in with this request as HQ judged it
   * (income-certificate-rules.ts): null when none, the certified annual
   * income when accepted, or why it was refused. A certified income always
   * replaces `annualIncome` (issue 14: certified income wins over declared).
   */
  incomeCertificate: z.union([
    z.object({ certifiedAnnualIncome: z.number().int().nonnegative() }).strict(),
    z.object({ refused: z.enum(CERTIFICATE_REFUSALS) }).strict(),
  ]).nullable(),
  now: z.date(),
  /**
   * When the machine stops serving today (closingTimeOn in
   * src/shared/domain/calendar). null means the store has no hours today:
   * the request is refused (outsideOpeningHours).
   */
  closesAt: z.date().nullable(),
});
export type LimitReviewInput = z.infer<typeof LimitReviewInputSchema>;

// The outcome and reason-code sets are the wire contract's (src/shared/hq-api/limit.ts):
// declared once, so the kiosk can explain every code HQ gives.
export const LimitOutcomeSchema = LimitOutcome;
export type { LimitOutcome };
export const LimitReasonCodeSchema = LimitReasonCode;
export type { LimitReasonCode };

export const LimitDecisionSchema = z.object({
  outcome: LimitOutcomeSchema,
  /** The new limit; present exactly when the outcome is approved or partiallyApproved. */
  approvedLimit: z.number().int().positive().optional(),
  /** Why; empty for a plain approval. Codes are a closed set the kiosk can explain. */
  reasons: z.array(LimitReasonCodeSchema),
});
export type LimitDecision = z.infer<typeof LimitDecisionSchema>;

export function reviewLimitIncrease(input: LimitReviewInput, policy: LimitPolicy): LimitDecision {
  const refusals = requestRefusals(input, policy);
  if (refusals.length > 0) return { outcome: 'refused', reasons: refusals };
  // Art. 13: an increase is reviewed with the designated credit bureau's data or not at all.
  if (input.bureau === null) return { outcome: 'refused', reasons: ['bureauUnavailable'] };

  // DOMAIN.md, "Suspended account (利用停止)" and the review's check of
  // current borrowing: no increase for a suspended or delinquent customer,
  // nor for one the bureau shows delinquent at any lender (art. 13(1)).
  const standing: LimitReasonCode[] = [];
  if (input.suspended) standing.push('suspended');
  if (input.delinquent) standing.push('delinquent');
  if (input.bureau.delinquent) standing.push('bureauDelinquency');
  if (standing.length > 0) return { outcome: 'declined', reasons: standing };

  // 総量規制 (Money Lending Business Act Art. 13-2(1)): for a revolving
  // contract the limit (極度額) plus borrowing at other lenders may not exceed
  // one third of annual income. At or over that line there is nothing to
  // approve (this also covers customers who are over it because their other
  // borrowing grew since their limit was set).
  // A certificate handed in and refused (not the customer's, too old, incoherent) stands behind
  // nothing: the customer is asked for one that can (docs/policy.md, "Income certificates").
  const certificate = input.incomeCertificate;
  if (certificate && 'refused' in certificate) return { outcome: 'documentsRequired', reasons: [certificate.refused] };
  const certified = certificate ? certificate.certifiedAnnualIncome : null;
  const annualIncome = certified ?? input.annualIncome;

  const cap = totalVolumeCap(annualIncome, input.otherLendersBorrowing, policy);
  if (cap <= input.currentLimit || cap < policy.minLimitYen) return { outcome: 'declined', reasons: ['atTotalVolumeCap'] };

  const capped = Math.min(input.requestedLimit, cap);
  // Art. 13(1): the cap is a ceiling; the ability-to-repay rule may only lower it or decline.
  const ability = assessAbilityToRepay({
    employment: input.employment, annualIncome, otherLendersBorrowing: input.otherLendersBorrowing,
    bureauDelinquent: input.bureau.delinquent, currentLimit: input.currentLimit, plannedLimit: capped,
  }, policy);
  if (ability.outcome === 'declined') return { outcome: 'declined', reasons: [ability.reason] };
  const approvable = Math.min(capped, ability.limit);

  if (needsIncomeCertificate(approvable, input.otherLendersBorrowing, policy) && certified === null) {
    return { outcome: 'documentsRequired', reasons: ['incomeCertificateRequired'] };
  }

  if (approvable < input.requestedLimit) {
    const reasons: LimitReasonCode[] = [];
    if (capped < input.requestedLimit) reasons.push('reducedToTotalVolumeCap');
    if (ability.outcome === 'reduced') reasons.push('reducedToRepaymentCapacity');
    return { outcome: 'partiallyApproved', approvedLimit: approvable, reasons };
  }
  return { outcome: 'approved', approvedLimit: approvable, reasons: [] };
}

/** Every reason the request cannot be reviewed at all; empty when it can. */
function requestRefusals(input: LimitReviewInput, policy: LimitPolicy): LimitReasonCode[] {
  // HQ's own figures must be whole, non-negative yen, and the instants real;
  // anything else fails closed rather than producing a cap from NaN.
  const accountDataUsable =
    isYenAmount(input.currentLimit) &&
    isYenAmount(input.annualIncome) &&
    isYenAmount(input.otherLendersBorrowing) &&
    typeof input.suspended === 'boolean' &&
    typeof input.delinquent === 'boolean' &&
    (input.bureau === null || typeof input.bureau?.delinquent === 'boolean') &&
    certificateInputUsable(input.incomeCertificate) &&
    isValidDate(input.now) &&
    (input.closesAt === null || isValidDate(input.closesAt));
  if (!accountDataUsable) return ['invalidReviewInput'];

  const reasons: LimitReasonCode[] = [];
  const requested = input.requestedLimit;
  if (typeof requested !== 'number' || !Number.isSafeInteger(requested)) {
    reasons.push('invalidStep');
  } else {
    // Issue 5 / DOMAIN.md: requested limit in 10,000-yen steps, within the
    // product range 10,000 to 5,000,000 yen, and above the current limit.
    if (requested % policy.stepYen !== 0) reasons.push('invalidStep');
    if (requested < policy.minLimitYen || requested > policy.maxLimitYen) reasons.push('outOfRange');
    if (requested <= input.currentLimit) reasons.push('notAnIncrease');
  }

  // DOMAIN.md: "An increase must be completed no later than one hour before
  // the machine's closing time." The decision is instantaneous, so `now`
  // exactly one hour before closing is still in time; a millisecond later is not.
  if (input.closesAt === null) {
    reasons.push('outsideOpeningHours');
  } else if (input.now.getTime() > input.closesAt.getTime() - policy.closingCutoffMinutes * 60_000) {
    reasons.push('tooCloseToClosing');
  }
  return reasons;
}

/**
 * The highest limit allowed at this lender under 総量規制, in whole steps and
 * never above the product maximum: the largest multiple of the step L with
 * (L + other lenders) * 3 <= annual income. Integer arithmetic, so no rounding
 * can let a yen through. May be negative when other borrowing alone is over
 * the line.
 */
export function totalVolumeCap(annualIncome: number, otherLendersBorrowing: number, policy: LimitPolicy): number {
  const divisor = policy.totalVolumeIncomeDivisor;
  const room = Math.floor((annualIncome - divisor * otherLendersBorrowing) / divisor);
  let cap = Math.floor(room / policy.stepYen) * policy.stepYen;
  // Guard the floating-point division: step down until the integer inequality holds.
  while ((cap + otherLendersBorrowing) * divisor > annualIncome) cap -= policy.stepYen;
  return Math.min(cap, policy.maxLimitYen);
}

/**
 * Money Lending Business Act Art. 13(3) (DOMAIN.md): an income certificate is
 * needed when the limit at this lender exceeds 500,000 yen or the total
 * across all lenders exceeds 1,000,000 yen.
 */
export function needsIncomeCertificate(limit: number, otherLendersBorrowing: number, policy: LimitPolicy): boolean {
  return limit > policy.incomeCertificateLimitThresholdYen || limit + otherLendersBorrowing > policy.incomeCertificateTotalThresholdYen;
}

function certificateInputUsable(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object' || value === undefined) return false;
  if ('refused' in value) return (CERTIFICATE_REFUSALS as readonly unknown[]).includes(value.refused);
  return 'certifiedAnnualIncome' in value && isYenAmount(value.certifiedAnnualIncome);
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && Number.isFinite(value.getTime());
}

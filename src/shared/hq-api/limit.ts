/**
 * Limit review (増額) and decrease (減額), DOMAIN.md "Limit increase and
 * decrease". HQ decides on the spot; the reason codes are what the kiosk
 * explains to the customer. The rules live at HQ (src/hq/policy); the code
 * sets here are the same sets, and HQ's type check fails if they drift
 * (src/hq/limits/limit-service.ts).
 */
import { z } from 'zod';
import { Employment } from '../domain/employment';
import { IncomeCertificate } from '../domain/income-certificate';
import { IsoTimestamp, SessionId, Yen } from './common';
import { ContractChangeDocument } from './contract-document';

export const LimitReasonCode = z.enum([
  // refused: no review took place; the kiosk can say what to change
  'invalidReviewInput',
  'invalidStep',
  'outOfRange',
  'notAnIncrease',
  'tooCloseToClosing',
  'outsideOpeningHours',
  /** The credit bureau did not answer (unreachable, too slow, or an answer HQ cannot trust): nothing was decided (art. 13). */
  'bureauUnavailable',
  // declined
  'suspended',
  'delinquent',
  'atTotalVolumeCap',
  /** The credit bureau shows a delinquency (異動) at a lender (art. 13(1), docs/policy.md). */
  'bureauDelinquency',
  /** No regular income to repay from (art. 13(1), ability to repay). */
  'noRegularIncome',
  /** Even the smallest increase would take the minimum repayments over the debt-service limit. */
  'exceedsRepaymentCapacity',
  // documentsRequired
  'incomeCertificateRequired',
  // documentsRequired: the certificate handed in was refused (docs/policy.md, "Income certificates")
  'certificateNameMismatch',
  'certificateTooOld',
  'certificateUnreadable',
  // partiallyApproved
  'reducedToTotalVolumeCap',
  /** Lowered to what the customer's income can repay (debt-service ratio, docs/policy.md). */
  'reducedToRepaymentCapacity',
]);
export type LimitReasonCode = z.infer<typeof LimitReasonCode>;

export const LimitOutcome = z.enum(['approved', 'partiallyApproved', 'declined', 'documentsRequired', 'refused']);
export type LimitOutcome = z.infer<typeof LimitOutcome>;

/**
 * What the customer declares at the machine (DOMAIN.md: the review checks
 * current borrowing, employment and income). HQ reviews on the more cautious
 * of declaration and record: the lower income, the higher borrowing
 * elsewhere (Money Lending Business Act Art. 13: the lender must investigate
 * the borrower's capacity; it may not lend on an income it cannot stand by).
 */
export const LimitDeclarations = z.object({
  annualIncome: Yen,
  employment: Employment,
  otherLendersBorrowing: Yen,
}).strict();
export type LimitDeclarations = z.infer<typeof LimitDeclarations>;

export const LimitIncreaseRequest = z.object({
  sessionId: SessionId,
  /** Yen, in 10,000-yen steps from 10,000 to 5,000,000 (HQ refuses others with a reason code, not a 400). */
  requestedLimit: Yen,
  /**
   * The income certificate the customer handed in at the machine, as the
   * scanner read it (content, never an image; Money Lending Business Act
   * art. 13(3)). Absent when none was handed in.
   */
  incomeCertificate: IncomeCertificate.optional(),
  /** The customer's declarations; without them HQ reviews on its records alone. */
  declarations: LimitDeclarations.optional(),
}).strict();
export type LimitIncreaseRequest = z.infer<typeof LimitIncreaseRequest>;

export const LimitIncreaseResponse = z.object({
  outcome: LimitOutcome,
  previousLimit: Yen,
  /**
   * The limit after this decision: changed only when approved. A partial
   * approval changes nothing yet: it is an offer the customer accepts or
   * declines (issue 14, consent), held until `offerExpiresAt`.
   */
  creditLimit: Yen,
  /** Present exactly when approved (the new limit) or partially approved (the limit offered). */
  approvedLimit: Yen.optional(),
  /** With a partial approval: until when HQ holds the offer. */
  offerExpiresAt: IsoTimestamp.optional(),
  reasons: z.array(LimitReasonCode),
  /** With a full approval: the contract-change document to print (art. 17; contract-document.ts). */
  contractDocument: ContractChangeDocument.optional(),
}).strict();
/** The customer's answer to a partial approval (issue 14: nothing changes until they accept). */
export const LimitOfferAnswerRequest = z.object({ sessionId: SessionId, accept: z.boolean() }).strict();
export type LimitOfferAnswerRequest = z.infer<typeof LimitOfferAnswerRequest>;

export const LimitOfferAnswerResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('accepted'), previousLimit: Yen, creditLimit: Yen, contractDocument: ContractChangeDocument }).strict(),
  z.object({ outcome: z.literal('declined'), creditLimit: Yen }).strict(),
  /** No offer held for this session any more (expired, already answered, or the limit changed meanwhile): nothing changed. */
  z.object({ outcome: z.literal('noOffer'), creditLimit: Yen }).strict(),
]);
export type LimitOfferAnswerResponse = z.infer<typeof LimitOfferAnswerResponse>;
export type LimitIncreaseResponse = z.infer<typeof LimitIncreaseResponse>;

export const LimitDecreaseReasonCode = z.enum(['invalidReviewInput', 'notADecrease', 'invalidStep', 'belowMinimum', 'belowBalance']);
export type LimitDecreaseReasonCode = z.infer<typeof LimitDecreaseReasonCode>;

export const LimitDecreaseRequest = z.object({
  sessionId: SessionId,
  newLimit: Yen,
}).strict();
export type LimitDecreaseRequest = z.infer<typeof LimitDecreaseRequest>;

export const LimitDecreaseResponse = z.discriminatedUnion('outcome', [
  /** Immediate. The kiosk must warn that raising it again needs a new review (DOMAIN.md). */
  z.object({ outcome: z.literal('decreased'), previousLimit: Yen, creditLimit: Yen, raisingAgainNeedsReview: z.literal(true), contractDocument: ContractChangeDocument }).strict(),
  z.object({ outcome: z.literal('refused'), previousLimit: Yen, reasons: z.array(LimitDecreaseReasonCode).min(1) }).strict(),
]);
export type LimitDecreaseResponse = z.infer<typeof LimitDecreaseResponse>;

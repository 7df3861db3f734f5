/**
 * Identity verification: the scanned document against the customer's
 * record (issue 5; DOMAIN.md, "Identity documents"). Required before a PIN
 * re-set or a lock clear. Staff routes get the per-field result; the
 * customer route only verified / not accepted with a customer-safe class
 * (issue 13).
 */
import { z } from 'zod';
import { IdentityDocument } from '../identity/identity-document';
import { SessionId } from './common';

export const VerifyIdentityRequest = z.object({
  sessionId: SessionId,
  document: IdentityDocument,
}).strict();
export type VerifyIdentityRequest = z.infer<typeof VerifyIdentityRequest>;

/** `notOnFile`: HQ holds nothing to compare with (accepted); `absent`: the document does not carry the field. */
export const FieldMatch = z.enum(['match', 'mismatch', 'notOnFile', 'absent']);
export type FieldMatch = z.infer<typeof FieldMatch>;

export const ExpiryCheck = z.enum(['valid', 'expired', 'absent']);
export type ExpiryCheck = z.infer<typeof ExpiryCheck>;

/** The scanner's own checks (check digits, formats): `warnings` are not proof either way (DEVICES.md). */
export const ScannerChecks = z.enum(['passed', 'warnings', 'failed']);
export type ScannerChecks = z.infer<typeof ScannerChecks>;

export const IdentityFieldResults = z.object({
  name: FieldMatch,
  dateOfBirth: z.enum(['match', 'mismatch']),
  documentNumber: FieldMatch,
  expiry: ExpiryCheck,
  scannerChecks: ScannerChecks,
}).strict();
export type IdentityFieldResults = z.infer<typeof IdentityFieldResults>;

export const IdentityReasonCode = z.enum([
  'nameMismatch',
  'nameAbsent',
  'dateOfBirthMismatch',
  'documentNumberMismatch',
  'documentExpired',
  'expiryAbsent',
  'scannerChecksFailed',
  'tooManyAttempts',
  /** A kind staff may not accept as identity either: a health-insurance card (issue 13; docs/policy.md). */
  'documentKindNotAccepted',
]);
export type IdentityReasonCode = z.infer<typeof IdentityReasonCode>;

export const IdentityDecision = z.enum(['verified', 'mismatch', 'documentExpired', 'documentInvalid', 'tooManyAttempts']);
export type IdentityDecision = z.infer<typeof IdentityDecision>;

/**
 * HQ's per-field answer, for staff routes only (the staff member checks the
 * photo and sees which field failed; issue 8).
 */
export const FieldIdentityResponse = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('verified'),
    fields: IdentityFieldResults,
    reasons: z.array(IdentityReasonCode).max(0),
    /** Whether the card is locked now, so the kiosk can offer lock clearing. */
    cardLocked: z.boolean(),
  }).strict(),
  z.object({
    decision: z.enum(['mismatch', 'documentExpired', 'documentInvalid']),
    fields: IdentityFieldResults,
    reasons: z.array(IdentityReasonCode).min(1),
  }).strict(),
  /** The customer is identity-locked (too many failed documents): nothing was compared. */
  z.object({ decision: z.literal('tooManyAttempts'), reasons: z.array(IdentityReasonCode).min(1) }).strict(),
]);
export type FieldIdentityResponse = z.infer<typeof FieldIdentityResponse>;

/**
 * Why a document was not accepted, as far as the customer at an unmanned
 * machine may know (issue 13: no per-field oracle). Never which field
 * failed, never whether HQ holds a document of that kind:
 * - `expired`: the document's own printed date has passed;
 * - `unreadable`: the scanner's checks did not pass;
 * - `notAcceptedHere`: not a document this machine can accept for this
 *   customer (kind not accepted unattended, or not matching a registered
 *   document): use a registered one, or a counter;
 * - `tryStaff`: identity checks are locked for this customer after repeated
 *   failures: staff or a counter only;
 * - `contactUs`: the account cannot be served here; no reason is given
 *   (DOMAIN.md: suspension reasons are not disclosed).
 */
export const IdentityRefusalClass = z.enum(['expired', 'unreadable', 'notAcceptedHere', 'tryStaff', 'contactUs']);
export type IdentityRefusalClass = z.infer<typeof IdentityRefusalClass>;

/** POST /v1/identity/verify, the customer route: verified or not, and a customer-safe class. */
export const VerifyIdentityResponse = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('verified'),
    /** Whether the card is locked now, so the kiosk can offer lock clearing. */
    cardLocked: z.boolean(),
  }).strict(),
  z.object({ decision: z.literal('notAccepted'), reason: IdentityRefusalClass }).strict(),
]);
export type VerifyIdentityResponse = z.infer<typeof VerifyIdentityResponse>;

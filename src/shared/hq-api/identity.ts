/**
 * POST /v1/identity/verify: the scanned document against the customer's
 * record, field by field (issue 5). Required before a PIN re-set or a lock
 * clear (DOMAIN.md, "Identity documents").
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
]);
export type IdentityReasonCode = z.infer<typeof IdentityReasonCode>;

export const IdentityDecision = z.enum(['verified', 'mismatch', 'documentExpired', 'documentInvalid', 'tooManyAttempts']);
export type IdentityDecision = z.infer<typeof IdentityDecision>;

export const VerifyIdentityResponse = z.discriminatedUnion('decision', [
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
  /** The session used up its attempts: nothing was compared. */
  z.object({ decision: z.literal('tooManyAttempts'), reasons: z.array(IdentityReasonCode).min(1) }).strict(),
]);
export type VerifyIdentityResponse = z.infer<typeof VerifyIdentityResponse>;

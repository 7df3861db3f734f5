/**
 * Value shapes every route of the reference credit bureau shares (issue 14;
 * docs/bureau.md). Declared once: the bureau validates requests with them
 * and `BureauClient` validates every answer with them.
 */
import { z } from 'zod';

/**
 * A lender's member id at the bureau (a real bureau gives each member
 * company a code). Same character rule as a kiosk id, so the signed-request
 * format treats both alike.
 */
export const LENDER_ID_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
export const LenderId = z.string().regex(LENDER_ID_PATTERN, 'lender id: 3 to 32 of A-Z, 0-9 and -');
export type LenderId = z.infer<typeof LenderId>;

/** Whole yen. */
export const Yen = z.number().int().min(0).max(1_000_000_000_000);

/** A calendar date, `YYYY-MM-DD` (dates of birth, contract dates: no time zone). */
export const CalendarDate = z.iso.date();

export const IsoTimestamp = z.iso.datetime({ offset: true });

/**
 * Every refusal the bureau answers with a non-2xx status carries one of
 * these codes. `authenticationFailed` is deliberately one code for an
 * unknown lender, a lender with no key and a bad signature: a caller without
 * a valid key must not learn which lender ids exist.
 */
export const BureauErrorCode = z.enum([
  // lender request authentication (401)
  'missingAuthentication',
  'malformedAuthentication',
  'staleTimestamp',
  'replayedNonce',
  'authenticationFailed',
  // request shape (400, 404, 413, 415)
  'malformedRequest',
  'payloadTooLarge',
  'unsupportedMediaType',
  'notFound',
  // anything else (500)
  'internalError',
]);
export type BureauErrorCode = z.infer<typeof BureauErrorCode>;

/** Body of every non-2xx answer; `message` is for logs, never personal data. */
export const BureauErrorBody = z.object({
  code: BureauErrorCode,
  message: z.string().max(500),
}).strict();
export type BureauErrorBody = z.infer<typeof BureauErrorBody>;

/** Largest request body the bureau reads: a subject and one contract fit in well under 2 KiB. */
export const BUREAU_BODY_LIMIT = 16 * 1024;

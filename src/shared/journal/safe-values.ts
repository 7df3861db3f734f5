/**
 * Value shapes the journal accepts for anything not chosen from a closed set.
 * They exist so that no field of a journal row can carry a PIN, a PIN block,
 * track data or an unmasked card number (DOMAIN.md, "What the machine
 * prints, shows and keeps"; PCI DSS 3.2 forbids keeping sensitive
 * authentication data after authorisation, 3.4 requires a stored PAN to be
 * unreadable, i.e. masked here).
 *
 * Free text is short, bounded and may not contain a run of ten or more
 * digits (separators allowed in between), which is where a 10-, 15- or
 * 16-digit card number, a PIN block in decimal or track 2 would hide.
 */
import { z } from 'zod';
import { LIMIT_MAX_YEN, LIMIT_STEP_YEN } from '../domain/credit-limit';
import { isMaskedCardNumber } from '../domain/card-number';

/** Ten digits, possibly broken up by spaces or hyphens, in half- or full-width. */
const LONG_DIGIT_RUN = /(?:[0-9０-９][\s\-‐‑‒–—―ー]*){10,}/;
/** Track 1 / track 2 sentinels and separators (ISO/IEC 7813): `%B...^...^`, `;...=...?`. */
const TRACK_DATA = /%[A-Z]|\^|;[0-9]|[0-9]=[0-9]/;
/** Control characters: jsonb cannot hold NUL and nothing legitimate needs the others. */
const CONTROL = /[\u0000-\u001f\u007f]/;

export function looksSensitive(text: string): boolean {
  return LONG_DIGIT_RUN.test(text) || TRACK_DATA.test(text);
}

/** A short human note (technician remark, fault detail). */
export const SafeText = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => !CONTROL.test(s), 'control characters are not allowed')
  .refine((s) => !looksSensitive(s), 'text may not contain card numbers, track data or long digit runs');

/** Ids of kiosks, sessions, staff, technicians, devices; codes from other systems. */
export const SafeId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'ids are 1-64 of A-Z a-z 0-9 . _ : -')
  .refine((s) => !looksSensitive(s), 'ids may not contain long digit runs');

/**
 * A session id: the kiosk makes UUIDs (src/shared/hq-api/common.ts `SessionId`),
 * whose hex digits can line up into a long digit run by chance, so they are
 * accepted by their own exact shape; anything else must be a `SafeId`.
 */
export const SessionRef = z.union([z.uuid(), SafeId]);

/** A card number masked by `maskCardNumber`: at most the first 6 and last 4 digits; 10-digit cards only the last 4. */
export const MaskedCardNumber = z
  .string()
  .refine(isMaskedCardNumber, 'card numbers are journaled masked only (first 6 and last 4 at most; 10-digit cards last 4 only)');

/** An identity document's number, last 4 characters at most (the rest is personal data the journal does not need). */
export const MaskedDocumentNumber = z
  .string()
  .regex(/^\*{2,16}[0-9A-Z]{1,4}$/, 'document numbers are journaled masked, last 4 characters at most');

export const Yen = z.number().int().min(0).max(LIMIT_MAX_YEN);
/** A limit in 10,000-yen steps, 10,000 to 5,000,000 (DOMAIN.md, product ranges). */
export const LimitYen = z.number().int().min(0).max(LIMIT_MAX_YEN).refine((n) => n % LIMIT_STEP_YEN === 0, 'limits are in 10,000-yen steps');
export const Seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lower-case hex');

/**
 * Value shapes every HQ route shares (issue 5). Declared once here; HQ
 * validates requests with them and the kiosk's HQ client validates every
 * response with them, so neither side can drift from the other.
 */
import { z } from 'zod';
import { MASKED_CARD_PATTERN } from '../domain/card-number';

/** Same rule as the kiosk config's `kioskId`. */
export const KioskId = z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, 'kiosk id: 3 to 32 of A-Z, 0-9 and -');
export type KioskId = z.infer<typeof KioskId>;

/** The kiosk's customer-session id (a UUID the kiosk makes; the journal uses the same id). */
export const SessionId = z.uuid();
export type SessionId = z.infer<typeof SessionId>;

/**
 * A card number as HQ receives it: already normalised by the kiosk
 * (`normaliseCardNumber`), 10 or 15 to 16 half-width digits (DOMAIN.md).
 * It travels only inside the signed request body, never in a URL, so it
 * cannot reach an access log.
 */
export const CardNumber = z.string().regex(/^(\d{10}|\d{15,16})$/, 'card number: 10 or 15 to 16 half-width digits');

export const MaskedCardNumber = z.string().regex(MASKED_CARD_PATTERN, 'masked card number');

/** Yen amounts are whole yen. */
export const Yen = z.number().int().min(0).max(1_000_000_000_000);

export const IsoTimestamp = z.iso.datetime({ offset: true });

/**
 * Every refusal HQ answers with a non-2xx status carries one of these codes.
 * Business outcomes a customer can meet (wrong PIN, locked, declined) are not
 * errors: they come back as 200 with an `outcome` the kiosk switches over.
 */
export const HqErrorCode = z.enum([
  // kiosk request authentication (401)
  'missingAuthentication',
  'malformedAuthentication',
  'staleTimestamp',
  'replayedNonce',
  // one code for unknown kiosk, disabled kiosk and bad signature (issue 15): enrolment is not disclosed
  'authenticationFailed',
  // a kiosk row gone after its request authenticated (calendar)
  'unknownKiosk',
  // admin routes (401)
  'adminTokenRequired',
  // request shape (400, 404, 413, 415)
  'malformedRequest',
  'payloadTooLarge',
  'unsupportedMediaType',
  'notFound',
  // sessions (403, 404, 409)
  'sessionNotFound',
  'sessionExpired',
  'sessionMismatch',
  'notAuthenticated',
  'notCustomerSession',
  'identityNotVerified',
  // operator (staff, technician) sessions (403, 409): issue 8
  'notOperatorSession',
  'operatorNotPermitted',
  'noCustomerSelected',
  // a kiosk's own diagnostics upload with no open console request for it (409): issue 17
  'noDiagnosticsRequest',
  // PIN blocks (400, 409)
  'pinBlockInvalid',
  'pinBlockStale',
  'pinBlockReplayed',
  'pinBlockUnknownKey',
  // made for a key HQ has retired (issue 16): the kiosk's pinned keys are out of date
  'pinBlockKeyRetired',
  // card state that forbids the operation (403)
  'cardNotUsable',
  'accountSuspended',
  // load protection (issue 19): 429 with Retry-After (this kind of request is over its budget: try later),
  // 503 with Retry-After (HQ as a whole is overloaded)
  'busy',
  'overloaded',
  // anything else (500)
  'internalError',
]);
export type HqErrorCode = z.infer<typeof HqErrorCode>;

/** Body of every non-2xx answer. `message` is for logs and technicians, never shown to customers as is. */
export const HqErrorBody = z.object({
  code: HqErrorCode,
  message: z.string().max(500),
}).strict();
export type HqErrorBody = z.infer<typeof HqErrorBody>;

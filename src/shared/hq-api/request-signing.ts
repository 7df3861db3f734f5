/**
 * Kiosk request signatures (issue 5, "Kiosk authentication"; ARCHITECTURE.md,
 * "Journal and sync"). Every kiosk-facing request under /v1 carries four
 * headers; the signature is Ed25519 over the canonical string of
 * src/shared/signed-request/signed-request.ts under the kiosk scheme below
 * (tag `KIOSK-REQUEST-V1`, caller = kiosk id). Pure (no Node imports): the
 * kiosk's signer and HQ's verifier both build the string here, so they
 * cannot disagree about it.
 *
 * The string names the kiosk, method, path (with query string, exactly as
 * sent), timestamp, nonce and the SHA-256 of the raw body bytes, one per
 * line after a version tag. Newlines cannot occur in any field (each is
 * validated before use), so the encoding is unambiguous.
 */
import { canonicalString, type CanonicalProblem, type SignedRequestScheme } from '../signed-request/signed-request';

export {
  BODY_HASH_PATTERN,
  EMPTY_BODY_SHA256,
  MAX_CLOCK_SKEW_MS,
  NONCE_PATTERN,
  SIGNATURE_PATTERN,
  TIMESTAMP_PATTERN,
} from '../signed-request/signed-request';

export const SIGNATURE_SCHEME = 'KIOSK-REQUEST-V1';

export const KIOSK_HEADERS = {
  kioskId: 'x-kiosk-id',
  timestamp: 'x-kiosk-timestamp',
  nonce: 'x-kiosk-nonce',
  signature: 'x-kiosk-signature',
} as const;

/** Same rule as the kiosk config's `kioskId` and `KioskId` in common.ts. */
const KIOSK_ID_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,31}$/;

export const KIOSK_REQUEST_SCHEME: SignedRequestScheme = {
  tag: SIGNATURE_SCHEME,
  headers: { callerId: KIOSK_HEADERS.kioskId, timestamp: KIOSK_HEADERS.timestamp, nonce: KIOSK_HEADERS.nonce, signature: KIOSK_HEADERS.signature },
  callerIdPattern: KIOSK_ID_PATTERN,
};

export interface SignedRequestParts {
  kioskId: string;
  method: string;
  /** Path and query string exactly as on the wire, e.g. `/v1/calendar`. */
  path: string;
  timestamp: string;
  nonce: string;
  /** Lower-case hex SHA-256 of the raw body bytes (EMPTY_BODY_SHA256 for none). */
  bodySha256: string;
}

export type CanonicalStringProblem = Exclude<CanonicalProblem, 'callerId'> | 'kioskId';

export function canonicalRequestString(parts: SignedRequestParts): { ok: true; value: string } | { ok: false; problem: CanonicalStringProblem } {
  const { kioskId, ...rest } = parts;
  const result = canonicalString(KIOSK_REQUEST_SCHEME, { callerId: kioskId, ...rest });
  if (result.ok) return result;
  return { ok: false, problem: result.problem === 'callerId' ? 'kioskId' : result.problem };
}

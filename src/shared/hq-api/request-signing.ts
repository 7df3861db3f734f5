/**
 * Kiosk request signatures (issue 5, "Kiosk authentication"; issue 15, "The
 * HQ link is authenticated both ways"; ARCHITECTURE.md, "Journal and sync").
 * Every kiosk-facing request under /v1 carries four headers; the signature
 * is Ed25519 (RFC 8032) over the canonical string of
 * src/shared/signed-request/signed-request.ts under one of the kiosk schemes
 * below (caller = kiosk id). Pure (no Node imports): the kiosk's signer and
 * HQ's verifier both build the string here, so they cannot disagree on it.
 *
 * - `KIOSK-REQUEST-V2` (kiosks sign this): the tag, then HQ's origin as the
 *   kiosk is configured with it (`hq.url`'s origin), then kiosk, method,
 *   path (with query string, exactly as sent), timestamp, nonce and the
 *   SHA-256 of the raw body bytes, one per line. A request signed for one
 *   HQ never verifies at another (a test HQ, a second site) that knows the
 *   same kiosk key.
 * - `KIOSK-REQUEST-V1`: the same without the origin line. HQ accepts it only
 *   while `HQ_ACCEPT_V1_UNTIL` is in the future (docs/hq.md, "Signing
 *   versions"); after that it is refused exactly as a bad signature.
 *
 * Newlines cannot occur in any field (each is validated before use), so the
 * encoding is unambiguous.
 */
import { canonicalString, type CanonicalProblem, type SignedRequestScheme } from '../signed-request/signed-request';

export {
  BODY_HASH_PATTERN,
  EMPTY_BODY_SHA256,
  MAX_CLOCK_SKEW_MS,
  NONCE_PATTERN,
  ORIGIN_PATTERN,
  SIGNATURE_PATTERN,
  TIMESTAMP_PATTERN,
} from '../signed-request/signed-request';

/** What kiosks sign today. */
export const SIGNATURE_SCHEME = 'KIOSK-REQUEST-V2';
/** The version before the origin line; accepted only inside HQ's configured window. */
export const SIGNATURE_SCHEME_V1 = 'KIOSK-REQUEST-V1';

export const KIOSK_HEADERS = {
  kioskId: 'x-kiosk-id',
  timestamp: 'x-kiosk-timestamp',
  nonce: 'x-kiosk-nonce',
  signature: 'x-kiosk-signature',
} as const;

/** Same rule as the kiosk config's `kioskId` and `KioskId` in common.ts. */
export const KIOSK_ID_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,31}$/;

const headers = { callerId: KIOSK_HEADERS.kioskId, timestamp: KIOSK_HEADERS.timestamp, nonce: KIOSK_HEADERS.nonce, signature: KIOSK_HEADERS.signature };

export const KIOSK_REQUEST_SCHEME: SignedRequestScheme = { tag: SIGNATURE_SCHEME, headers, callerIdPattern: KIOSK_ID_PATTERN, namesOrigin: true };
export const KIOSK_REQUEST_SCHEME_V1: SignedRequestScheme = { tag: SIGNATURE_SCHEME_V1, headers, callerIdPattern: KIOSK_ID_PATTERN };

export interface SignedRequestParts {
  /**
   * HQ's origin (`https://hq.example.jp`, `http://127.0.0.1:8470`) for
   * KIOSK-REQUEST-V2; null for the older KIOSK-REQUEST-V1, named so that no
   * caller falls back to V1 by forgetting a field.
   */
  origin: string | null;
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
  const { kioskId, origin, ...rest } = parts;
  const result = origin === null
    ? canonicalString(KIOSK_REQUEST_SCHEME_V1, { callerId: kioskId, ...rest })
    : canonicalString(KIOSK_REQUEST_SCHEME, { origin, callerId: kioskId, ...rest });
  if (result.ok) return result;
  return { ok: false, problem: result.problem === 'callerId' ? 'kioskId' : result.problem };
}

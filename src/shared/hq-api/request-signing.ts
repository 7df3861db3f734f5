/**
 * Kiosk request signatures (issue 5, "Kiosk authentication"; ARCHITECTURE.md,
 * "Journal and sync"). Every kiosk-facing request under /v1 carries four
 * headers; the signature is Ed25519 over the canonical string below. Pure
 * (no Node imports): the kiosk's signer and HQ's verifier both build the
 * string here, so they cannot disagree about it.
 *
 * The string names the kiosk, method, path (with query string, exactly as
 * sent), timestamp, nonce and the SHA-256 of the raw body bytes, one per
 * line after a version tag. Newlines cannot occur in any field (each is
 * validated before use), so the encoding is unambiguous.
 */
export const SIGNATURE_SCHEME = 'KIOSK-REQUEST-V1';

export const KIOSK_HEADERS = {
  kioskId: 'x-kiosk-id',
  timestamp: 'x-kiosk-timestamp',
  nonce: 'x-kiosk-nonce',
  signature: 'x-kiosk-signature',
} as const;

/** How far a request's timestamp may be from HQ's clock, either way. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** 16 to 64 base64url characters: at least 96 bits when random. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** Unix epoch milliseconds, decimal. */
export const TIMESTAMP_PATTERN = /^\d{12,14}$/;
/** Ed25519 signatures are 64 bytes: 88 base64 characters with padding. */
export const SIGNATURE_PATTERN = /^[A-Za-z0-9+/]{86}==$/;
export const BODY_HASH_PATTERN = /^[0-9a-f]{64}$/;
const METHOD_PATTERN = /^[A-Z]{3,7}$/;
const PATH_PATTERN = /^\/[\x21-\x7e]*$/;

/** SHA-256 of zero bytes: the body hash of a GET. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface SignedRequestParts {
  kioskId: string;
  method: string;
  /** Path and query string exactly as on the wire, e.g. `/v1/calendar`. */
  path: string;
  timestamp: string;
  nonce: string;
  /** Lower-case hex SHA-256 of the raw body bytes ({@link EMPTY_BODY_SHA256} for none). */
  bodySha256: string;
}

export type CanonicalStringProblem = 'method' | 'path' | 'timestamp' | 'nonce' | 'bodySha256' | 'kioskId';

export function canonicalRequestString(parts: SignedRequestParts): { ok: true; value: string } | { ok: false; problem: CanonicalStringProblem } {
  if (!/^[A-Z0-9][A-Z0-9-]{2,31}$/.test(parts.kioskId)) return { ok: false, problem: 'kioskId' };
  if (!METHOD_PATTERN.test(parts.method)) return { ok: false, problem: 'method' };
  if (!PATH_PATTERN.test(parts.path)) return { ok: false, problem: 'path' };
  if (!TIMESTAMP_PATTERN.test(parts.timestamp)) return { ok: false, problem: 'timestamp' };
  if (!NONCE_PATTERN.test(parts.nonce)) return { ok: false, problem: 'nonce' };
  if (!BODY_HASH_PATTERN.test(parts.bodySha256)) return { ok: false, problem: 'bodySha256' };
  return {
    ok: true,
    value: [SIGNATURE_SCHEME, parts.kioskId, parts.method, parts.path, parts.timestamp, parts.nonce, parts.bodySha256].join('\n'),
  };
}

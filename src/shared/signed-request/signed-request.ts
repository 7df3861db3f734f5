/**
 * Ed25519-signed HTTP requests, one format for every caller-to-service link
 * in the project: kiosks to HQ (src/shared/hq-api/request-signing.ts) and
 * lenders to the credit bureau (src/shared/bureau-api/request-signing.ts).
 * Each link is a `SignedRequestScheme`: its own tag (the canonical string's
 * first line, so a signature made for one service never verifies at
 * another), its own header names and caller-id rule.
 *
 * The canonical string is the tag, caller id, method, path (with query
 * string, exactly as sent), timestamp (epoch ms), nonce and the SHA-256 of
 * the raw body bytes, one per line. Every field is checked against a pattern
 * that excludes newlines first, so the encoding is unambiguous.
 *
 * Pure and free of Node imports (src/shared runs in the browser too): the
 * body hash and nonce come from Web Crypto (`globalThis.crypto`, present in
 * Node 22 and browsers), and the private key stays with the caller, which
 * passes a `sign` function (e.g. `(m) => crypto.sign(null, m, privateKey)`
 * from node:crypto).
 */

export interface SignedRequestScheme {
  /** First line of the canonical string, e.g. `KIOSK-REQUEST-V1`. */
  tag: string;
  headers: { callerId: string; timestamp: string; nonce: string; signature: string };
  /** The caller id's rule; it must exclude newlines. */
  callerIdPattern: RegExp;
  /**
   * True when the canonical string names the service's origin on the line
   * after the tag (KIOSK-REQUEST-V2, issue 15): a request signed for one
   * server then never verifies at another that trusts the same caller key.
   */
  namesOrigin?: boolean;
}

/** How far a request's timestamp may be from the service's clock, either way. */
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

/** `scheme://host[:port]`, lower case, as `new URL(...).origin` gives it: no path, no newline. */
export const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.\-[\]:]+$/;

export interface CanonicalParts {
  /** The service's origin; required by (and only by) a scheme that `namesOrigin`. */
  origin?: string;
  callerId: string;
  method: string;
  /** Path and query string exactly as on the wire, e.g. `/v1/calendar`. */
  path: string;
  timestamp: string;
  nonce: string;
  /** Lower-case hex SHA-256 of the raw body bytes ({@link EMPTY_BODY_SHA256} for none). */
  bodySha256: string;
}

export type CanonicalProblem = 'origin' | 'callerId' | 'method' | 'path' | 'timestamp' | 'nonce' | 'bodySha256';

export function canonicalString(scheme: SignedRequestScheme, parts: CanonicalParts): { ok: true; value: string } | { ok: false; problem: CanonicalProblem } {
  if (scheme.namesOrigin ? parts.origin === undefined || !ORIGIN_PATTERN.test(parts.origin) : parts.origin !== undefined) return { ok: false, problem: 'origin' };
  if (!scheme.callerIdPattern.test(parts.callerId) || /[\r\n]/.test(parts.callerId)) return { ok: false, problem: 'callerId' };
  if (!METHOD_PATTERN.test(parts.method)) return { ok: false, problem: 'method' };
  if (!PATH_PATTERN.test(parts.path)) return { ok: false, problem: 'path' };
  if (!TIMESTAMP_PATTERN.test(parts.timestamp)) return { ok: false, problem: 'timestamp' };
  if (!NONCE_PATTERN.test(parts.nonce)) return { ok: false, problem: 'nonce' };
  if (!BODY_HASH_PATTERN.test(parts.bodySha256)) return { ok: false, problem: 'bodySha256' };
  const head = scheme.namesOrigin ? [scheme.tag, parts.origin!] : [scheme.tag];
  return { ok: true, value: [...head, parts.callerId, parts.method, parts.path, parts.timestamp, parts.nonce, parts.bodySha256].join('\n') };
}

/** Signs the canonical string's UTF-8 bytes with the caller's Ed25519 private key; answers the 64-byte signature. */
export type RequestSigner = (message: Uint8Array) => Uint8Array | Promise<Uint8Array>;

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export async function sha256Hex(bytes: Uint8Array | undefined): Promise<string> {
  if (!bytes || bytes.length === 0) return EMPTY_BODY_SHA256;
  // Copied into a fresh ArrayBuffer: Web Crypto's types refuse views that might sit on a SharedArrayBuffer.
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))));
}

/** 18 random bytes, base64url: 24 characters, inside {@link NONCE_PATTERN}. */
export function randomNonce(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(18))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The four headers of a signed request under `scheme`. Throws on a field that cannot be signed (a caller bug). */
export async function signedRequestHeaders(scheme: SignedRequestScheme, input: {
  /** The service's origin, for a scheme that `namesOrigin`. */
  origin?: string;
  callerId: string;
  method: string;
  path: string;
  body: Uint8Array | undefined;
  now: Date;
  sign: RequestSigner;
  nonce?: string;
}): Promise<Record<string, string>> {
  const timestamp = String(input.now.getTime());
  const nonce = input.nonce ?? randomNonce();
  const bodySha256 = await sha256Hex(input.body);
  const canonical = canonicalString(scheme, { ...(input.origin === undefined ? {} : { origin: input.origin }), callerId: input.callerId, method: input.method, path: input.path, timestamp, nonce, bodySha256 });
  if (!canonical.ok) throw new Error(`cannot sign request: bad ${canonical.problem}`);
  const signature = await input.sign(new TextEncoder().encode(canonical.value));
  return {
    [scheme.headers.callerId]: input.callerId,
    [scheme.headers.timestamp]: timestamp,
    [scheme.headers.nonce]: nonce,
    [scheme.headers.signature]: toBase64(signature),
  };
}

/**
 * HQ's signature on its answers to kiosk routes (issue 15, "The HQ link is
 * authenticated both ways"). Every answer HQ gives under /v1 to a request
 * that carried a well-formed kiosk id and nonce (2xx or refusal alike)
 * carries two headers: the id of the key that signed it and an Ed25519
 * signature (RFC 8032) over the string below. The key is HQ's receipt key,
 * the Ed25519 key the kiosk already pins as `hq.keys.receiptSigning`
 * (src/hq/keys/hq-keys.ts); the tag on the first line keeps an answer
 * signature from ever passing for a journal receipt (whose text starts
 * `contract-kiosk/journal-receipt/v1`, src/shared/journal/batch-signing.ts)
 * or the reverse.
 *
 * The string is the tag, then the kiosk id, method, path (with query, as
 * the kiosk sent it), the request's nonce, the HTTP status and the SHA-256
 * of the raw answer bytes, one per line. The nonce ties the answer to one
 * request (a recorded answer cannot be replayed to another), the status
 * keeps a refusal from passing as success and the hash covers every byte
 * of the body: an answer that does not verify is not HQ's.
 *
 * Pure (no Node imports), like request-signing.ts: HQ's signer and the
 * kiosk's verifier build the string here.
 */
import { BODY_HASH_PATTERN, NONCE_PATTERN } from '../signed-request/signed-request';
import { KIOSK_ID_PATTERN } from './request-signing';

export const ANSWER_SIGNATURE_SCHEME = 'HQ-ANSWER-V1';

export const HQ_ANSWER_HEADERS = {
  /** keyId of the signing key, as in `hq.keys` (16 hex digits). */
  keyId: 'x-hq-key-id',
  /** Ed25519 signature, base64 (88 characters). */
  signature: 'x-hq-signature',
} as const;

export interface SignedAnswerParts {
  kioskId: string;
  method: string;
  /** The request's path and query exactly as sent. */
  path: string;
  /** The request's `x-kiosk-nonce`. */
  nonce: string;
  status: number;
  /** Lower-case hex SHA-256 of the answer's body bytes. */
  bodySha256: string;
}

export function answerSigningString(parts: SignedAnswerParts): { ok: true; value: string } | { ok: false; problem: keyof SignedAnswerParts } {
  if (!KIOSK_ID_PATTERN.test(parts.kioskId)) return { ok: false, problem: 'kioskId' };
  if (!/^[A-Z]{3,7}$/.test(parts.method)) return { ok: false, problem: 'method' };
  if (!/^\/[\x21-\x7e]*$/.test(parts.path)) return { ok: false, problem: 'path' };
  if (!NONCE_PATTERN.test(parts.nonce)) return { ok: false, problem: 'nonce' };
  if (!Number.isInteger(parts.status) || parts.status < 100 || parts.status > 599) return { ok: false, problem: 'status' };
  if (!BODY_HASH_PATTERN.test(parts.bodySha256)) return { ok: false, problem: 'bodySha256' };
  return { ok: true, value: [ANSWER_SIGNATURE_SCHEME, parts.kioskId, parts.method, parts.path, parts.nonce, String(parts.status), parts.bodySha256].join('\n') };
}

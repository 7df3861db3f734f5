/**
 * Checks HQ's signature on an answer (src/shared/hq-api/answer-signing.ts;
 * issue 15): the key id header names a receipt key the kiosk trusts
 * (pinned `hq.keys`, any key of a pinned set, or fetched on loopback), and the Ed25519 signature
 * (RFC 8032) over tag, kiosk, method, path, the request's nonce, status and
 * the body's SHA-256 verifies with it. Anything else, including no headers
 * at all, is not HQ's answer. The problem named is for the kiosk's log: it
 * holds no byte of the answer.
 */
import { createHash, verify } from 'node:crypto';
import { answerSigningString, HQ_ANSWER_HEADERS } from '../../shared/hq-api/answer-signing';
import { SIGNATURE_PATTERN } from '../../shared/hq-api/request-signing';
import { receiptKeysOf, type TrustedHqKeys } from './trusted-hq-keys';

export type AnswerCheck = { ok: true } | { ok: false; problem: 'unsigned' | 'unknownKey' | 'badSignature' };

export function checkAnswerSignature(input: {
  keys: TrustedHqKeys;
  headers: Headers;
  request: { kioskId: string; method: string; path: string; nonce: string };
  status: number;
  body: Uint8Array;
}): AnswerCheck {
  const keyId = input.headers.get(HQ_ANSWER_HEADERS.keyId);
  const signature = input.headers.get(HQ_ANSWER_HEADERS.signature);
  if (keyId === null || signature === null || !SIGNATURE_PATTERN.test(signature)) return { ok: false, problem: 'unsigned' };
  // Any key of the pinned set (issue 16): during a rotation HQ signs with the key it made active.
  const key = receiptKeysOf(input.keys).find((k) => k.keyId === keyId);
  if (!key) return { ok: false, problem: 'unknownKey' };
  const text = answerSigningString({ ...input.request, status: input.status, bodySha256: createHash('sha256').update(input.body).digest('hex') });
  if (!text.ok || !verify(null, Buffer.from(text.value, 'utf8'), key.publicKey, Buffer.from(signature, 'base64'))) return { ok: false, problem: 'badSignature' };
  return { ok: true };
}

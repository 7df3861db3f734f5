/**
 * For tests that stand in for HQ with a fake `fetch`: signs each answer as
 * HQ does (src/hq/auth/answer-signing.ts) with the given receipt key, over
 * the request's kiosk id, method, path and nonce, the status and the bytes.
 * A test of a lying HQ passes a key of its own; the kiosk must refuse it.
 */
import { createHash, sign } from 'node:crypto';
import type { HqKeys } from '../../src/hq/keys/hq-keys';
import { answerSigningString, HQ_ANSWER_HEADERS } from '../../src/shared/hq-api/answer-signing';
import { KIOSK_HEADERS } from '../../src/shared/hq-api/request-signing';

export function signingFetch(keys: Pick<HqKeys, 'receiptPrivateKey' | 'receiptKeyId'>, inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const headers = new Headers(init?.headers);
    const kioskId = headers.get(KIOSK_HEADERS.kioskId);
    const nonce = headers.get(KIOSK_HEADERS.nonce);
    if (kioskId === null || nonce === null) return response;
    const url = new URL(String(input));
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = answerSigningString({
      kioskId, method: init?.method ?? 'GET', path: url.pathname + url.search, nonce, status: response.status, bodySha256: createHash('sha256').update(bytes).digest('hex'),
    });
    if (!text.ok) throw new Error(`cannot sign a test answer: ${text.problem}`);
    const signed = new Headers(response.headers);
    signed.set(HQ_ANSWER_HEADERS.keyId, keys.receiptKeyId);
    signed.set(HQ_ANSWER_HEADERS.signature, sign(null, Buffer.from(text.value), keys.receiptPrivateKey).toString('base64'));
    return new Response(bytes.length === 0 ? null : bytes, { status: response.status, headers: signed });
  };
}

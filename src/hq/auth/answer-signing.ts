/**
 * HQ signs its answers to kiosk routes (issue 15; the string and headers are
 * src/shared/hq-api/answer-signing.ts): an onSend hook on the /v1 scope, so
 * every answer there, a refusal before the body as much as a 200, carries
 * `x-hq-key-id` and `x-hq-signature`, Ed25519 (RFC 8032) with HQ's receipt
 * key (src/hq/keys/hq-keys.ts, the key kiosks pin as
 * `hq.keys.receiptSigning`) over the request's kiosk id, method, path and
 * nonce, the status and the exact bytes sent. A request without a
 * well-formed kiosk id and nonce has nothing to bind an answer to and gets
 * none: it is not a kiosk's.
 */
import { createHash, sign } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerSigningString, HQ_ANSWER_HEADERS } from '../../shared/hq-api/answer-signing';
import { KIOSK_HEADERS } from '../../shared/hq-api/request-signing';
import type { HqKeys } from '../keys/hq-keys';

export function answerSigner(keys: Pick<HqKeys, 'receiptPrivateKey' | 'receiptKeyId'>) {
  return async function signAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const kioskId = request.headers[KIOSK_HEADERS.kioskId];
    const nonce = request.headers[KIOSK_HEADERS.nonce];
    if (typeof kioskId !== 'string' || typeof nonce !== 'string') return payload;
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.isBuffer(payload) ? payload : payload == null ? Buffer.alloc(0) : null;
    // A stream is never a kiosk route's answer; left unsigned, the kiosk refuses it.
    if (bytes === null) return payload;
    const text = answerSigningString({
      kioskId, method: request.method, path: request.url, nonce, status: reply.statusCode, bodySha256: createHash('sha256').update(bytes).digest('hex'),
    });
    if (!text.ok) return payload;
    reply.header(HQ_ANSWER_HEADERS.keyId, keys.receiptKeyId);
    reply.header(HQ_ANSWER_HEADERS.signature, sign(null, Buffer.from(text.value, 'utf8'), keys.receiptPrivateKey).toString('base64'));
    return payload;
  };
}

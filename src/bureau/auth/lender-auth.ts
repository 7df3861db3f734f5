/**
 * Lender request authentication. Every lender route under /v1 runs this
 * hook before validation. The request must carry the lender id, a
 * timestamp within ±5 minutes of the bureau's clock, a fresh nonce and an
 * Ed25519 signature over the canonical string of the bureau scheme
 * (src/shared/bureau-api/request-signing.ts), whose body hash is taken over
 * the raw bytes received (raw-json-body.ts keeps them).
 *
 * Checks run cheapest first and change nothing until all have passed: the
 * nonce is recorded only for a request whose signature verified. An
 * unknown lender, a lender on record without a key and a bad signature get
 * the same answer (401 `authenticationFailed`, one message), after the same
 * work (a verification against a throw-away key stands in for the missing
 * one): whoever lacks a valid key must not learn which lender ids exist.
 * The log says which it was.
 */
import { createHash, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BureauErrorBody, BureauErrorCode } from '../../shared/bureau-api/common';
import { BUREAU_REQUEST_SCHEME, LENDER_HEADERS } from '../../shared/bureau-api/request-signing';
import {
  canonicalString,
  MAX_CLOCK_SKEW_MS,
  NONCE_PATTERN,
  SIGNATURE_PATTERN,
  TIMESTAMP_PATTERN,
} from '../../shared/signed-request/signed-request';
import type { Clock } from '../context';
import type { Db } from '../../server-kit/db/db';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated lender; set by the lender-auth hook, null on public routes. */
    lender: { id: string } | null;
  }
}

export function decorateLender(app: FastifyInstance): void {
  app.decorateRequest('lender', null);
}

/** The lender this request authenticated as, or null (a public route, or a scope mounted without the hook). */
export function authenticatedLenderId(request: FastifyRequest): string | null {
  return request.lender?.id ?? null;
}

type AuthFailure = { code: Extract<BureauErrorCode, 'missingAuthentication' | 'malformedAuthentication' | 'staleTimestamp' | 'replayedNonce' | 'authenticationFailed'>; message: string };

/** The one answer for "unknown lender", "no key on record" and "bad signature". */
const AUTHENTICATION_FAILED: AuthFailure = {
  code: 'authenticationFailed',
  message: 'the request is not signed by an enrolled lender\'s key over method, path, timestamp, nonce and body',
};

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Parsed public keys by PEM text: parsing on every request would be wasted work. */
class PublicKeyCache {
  private readonly keys = new Map<string, KeyObject | null>();

  get(pem: string): KeyObject | null {
    if (!this.keys.has(pem)) {
      let key: KeyObject | null = null;
      try {
        const parsed = createPublicKey(pem);
        key = parsed.asymmetricKeyType === 'ed25519' ? parsed : null;
      } catch {
        key = null;
      }
      if (this.keys.size > 10_000) this.keys.clear();
      this.keys.set(pem, key);
    }
    return this.keys.get(pem) ?? null;
  }
}

export function lenderAuthentication(options: { db: Db; clock: Clock }) {
  const keyCache = new PublicKeyCache();
  const standIn = generateKeyPairSync('ed25519').publicKey;

  async function authenticate(request: FastifyRequest): Promise<{ ok: true; lenderId: string } | { ok: false; failure: AuthFailure; claimedLender?: string; reason?: string }> {
    const lenderId = header(request, LENDER_HEADERS.lenderId);
    const timestamp = header(request, LENDER_HEADERS.timestamp);
    const nonce = header(request, LENDER_HEADERS.nonce);
    const signature = header(request, LENDER_HEADERS.signature);
    if (lenderId === undefined || timestamp === undefined || nonce === undefined || signature === undefined) {
      return { ok: false, failure: { code: 'missingAuthentication', message: `lender requests need the ${Object.values(LENDER_HEADERS).join(', ')} headers` } };
    }
    if (!BUREAU_REQUEST_SCHEME.callerIdPattern.test(lenderId) || !TIMESTAMP_PATTERN.test(timestamp) || !NONCE_PATTERN.test(nonce) || !SIGNATURE_PATTERN.test(signature)) {
      return { ok: false, failure: { code: 'malformedAuthentication', message: 'an authentication header is malformed (lender id, epoch-ms timestamp, 16-64 base64url nonce, base64 Ed25519 signature)' } };
    }
    const now = options.clock().getTime();
    if (Math.abs(now - Number(timestamp)) > MAX_CLOCK_SKEW_MS) {
      return { ok: false, claimedLender: lenderId, failure: { code: 'staleTimestamp', message: `the request timestamp is more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes from the bureau's clock` } };
    }
    const lender = (await options.db.query<{ public_key: string | null }>('SELECT public_key FROM bureau_lenders WHERE lender_id = $1', [lenderId])).rows[0];
    const enrolledKey = lender?.public_key ? keyCache.get(lender.public_key) : null;
    if (lender?.public_key && !enrolledKey) request.log.error({ lenderId }, 'enrolled lender has an unusable public key');

    const bodySha256 = createHash('sha256').update(request.rawBody ?? Buffer.alloc(0)).digest('hex');
    const canonical = canonicalString(BUREAU_REQUEST_SCHEME, { callerId: lenderId, method: request.method, path: request.url, timestamp, nonce, bodySha256 });
    const message = Buffer.from(canonical.ok ? canonical.value : '', 'utf8');
    // Verified against a throw-away key when there is no enrolled one, so both paths cost the same.
    const verified = verify(null, message, enrolledKey ?? standIn, Buffer.from(signature, 'base64'));
    if (!lender || !enrolledKey || !canonical.ok || !verified) {
      const reason = !lender ? 'unknown lender' : !enrolledKey ? 'lender has no usable key' : 'bad signature';
      return { ok: false, claimedLender: lenderId, reason, failure: AUTHENTICATION_FAILED };
    }

    const recorded = await options.db.query(
      'INSERT INTO bureau_request_nonces (lender_id, nonce, seen_at) VALUES ($1, $2, $3) ON CONFLICT (lender_id, nonce) DO NOTHING',
      [lenderId, nonce, new Date(now).toISOString()],
    );
    if (recorded.rowCount !== 1) return { ok: false, claimedLender: lenderId, failure: { code: 'replayedNonce', message: 'this nonce was already used' } };
    return { ok: true, lenderId };
  }

  return async function lenderAuthHook(request: FastifyRequest, reply: FastifyReply) {
    const result = await authenticate(request);
    if (!result.ok) {
      request.log.warn({ code: result.failure.code, claimedLender: result.claimedLender, reason: result.reason }, 'lender request refused');
      const body: BureauErrorBody = result.failure;
      return reply.code(401).send(body);
    }
    request.lender = { id: result.lenderId };
    if (request.bodyParseFailed) {
      const body: BureauErrorBody = { code: 'malformedRequest', message: 'the request body is not valid JSON' };
      return reply.code(400).send(body);
    }
  };
}

/**
 * Kiosk request authentication (issue 5, "Kiosk authentication"). Every
 * kiosk-facing route under /v1 (except GET /v1/hq-keys) runs this hook
 * before validation. The request must carry the kiosk id, a timestamp
 * within ±5 minutes of HQ's clock, a fresh nonce and an Ed25519 signature
 * over the canonical string of src/shared/hq-api/request-signing.ts, whose
 * body hash is taken over the raw bytes received (raw-json-body.ts keeps
 * them).
 *
 * Checks run cheapest first and change nothing until all have passed: the
 * nonce is recorded (and `last_contact_at` stamped, in the same statement)
 * only for a request whose signature verified. Every refusal is a 401 with
 * its own code, so a kiosk's log says exactly what to fix.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HqErrorBody, HqErrorCode } from '../../shared/hq-api/common';
import {
  canonicalRequestString,
  KIOSK_HEADERS,
  MAX_CLOCK_SKEW_MS,
  NONCE_PATTERN,
  SIGNATURE_PATTERN,
  TIMESTAMP_PATTERN,
} from '../../shared/hq-api/request-signing';
import type { Clock } from '../context';
import type { Db } from '../../server-kit/db/db';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated kiosk; set by the kiosk-auth hook, null on public routes. */
    kiosk: { id: string } | null;
  }
}

/** Declares `request.kiosk` (null until the kiosk-auth hook sets it); once, on the root instance. */
export function decorateKiosk(app: FastifyInstance): void {
  app.decorateRequest('kiosk', null);
}

/**
 * The kiosk this request authenticated as, or null: on a public route, or in
 * a scope mounted without this hook (where `kiosk` is not even decorated).
 * Route handlers ask here rather than trusting the scope they were put in.
 */
export function authenticatedKioskId(request: FastifyRequest): string | null {
  return request.kiosk?.id ?? null;
}

export interface KioskAuthOptions {
  db: Db;
  clock: Clock;
}

type AuthFailure = { code: Extract<HqErrorCode, 'missingAuthentication' | 'malformedAuthentication' | 'staleTimestamp' | 'replayedNonce' | 'unknownKiosk' | 'kioskDisabled' | 'badSignature'>; message: string };

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

export function kioskAuthentication(options: KioskAuthOptions) {
  const keyCache = new PublicKeyCache();

  async function authenticate(request: FastifyRequest): Promise<{ ok: true; kioskId: string } | { ok: false; failure: AuthFailure; claimedKiosk?: string }> {
    const kioskId = header(request, KIOSK_HEADERS.kioskId);
    const timestamp = header(request, KIOSK_HEADERS.timestamp);
    const nonce = header(request, KIOSK_HEADERS.nonce);
    const signature = header(request, KIOSK_HEADERS.signature);
    if (kioskId === undefined || timestamp === undefined || nonce === undefined || signature === undefined) {
      return { ok: false, failure: { code: 'missingAuthentication', message: `kiosk requests need the ${Object.values(KIOSK_HEADERS).join(', ')} headers` } };
    }
    if (!/^[A-Z0-9][A-Z0-9-]{2,31}$/.test(kioskId) || !TIMESTAMP_PATTERN.test(timestamp) || !NONCE_PATTERN.test(nonce) || !SIGNATURE_PATTERN.test(signature)) {
      return { ok: false, failure: { code: 'malformedAuthentication', message: 'an authentication header is malformed (kiosk id, epoch-ms timestamp, 16-64 base64url nonce, base64 Ed25519 signature)' } };
    }
    const now = options.clock().getTime();
    if (Math.abs(now - Number(timestamp)) > MAX_CLOCK_SKEW_MS) {
      return { ok: false, claimedKiosk: kioskId, failure: { code: 'staleTimestamp', message: `the request timestamp is more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes from HQ's clock` } };
    }
    const kiosk = (await options.db.query<{ public_key: string; enabled: boolean }>('SELECT public_key, enabled FROM kiosks WHERE kiosk_id = $1', [kioskId])).rows[0];
    if (!kiosk) return { ok: false, claimedKiosk: kioskId, failure: { code: 'unknownKiosk', message: 'this kiosk is not enrolled at HQ' } };
    if (!kiosk.enabled) return { ok: false, claimedKiosk: kioskId, failure: { code: 'kioskDisabled', message: 'this kiosk is disabled at HQ' } };

    const bodySha256 = createHash('sha256').update(request.rawBody ?? Buffer.alloc(0)).digest('hex');
    const canonical = canonicalRequestString({ kioskId, method: request.method, path: request.url, timestamp, nonce, bodySha256 });
    const publicKey = keyCache.get(kiosk.public_key);
    if (!canonical.ok || !publicKey || !verify(null, Buffer.from(canonical.value, 'utf8'), publicKey, Buffer.from(signature, 'base64'))) {
      if (!publicKey) request.log.error({ kioskId }, 'enrolled kiosk has an unusable public key');
      return { ok: false, claimedKiosk: kioskId, failure: { code: 'badSignature', message: 'the signature does not verify over method, path, timestamp, nonce and body' } };
    }

    // One statement: record the nonce and, only if it was new, stamp the contact time.
    const recorded = await options.db.query(
      `WITH fresh AS (
         INSERT INTO kiosk_request_nonces (kiosk_id, nonce, seen_at) VALUES ($1, $2, $3)
         ON CONFLICT (kiosk_id, nonce) DO NOTHING RETURNING 1
       )
       UPDATE kiosks SET last_contact_at = $3 WHERE kiosk_id = $1 AND EXISTS (SELECT 1 FROM fresh) RETURNING 1`,
      [kioskId, nonce, new Date(now).toISOString()],
    );
    if (recorded.rowCount !== 1) return { ok: false, claimedKiosk: kioskId, failure: { code: 'replayedNonce', message: 'this nonce was already used' } };
    return { ok: true, kioskId };
  }

  return async function kioskAuthHook(request: FastifyRequest, reply: FastifyReply) {
    const result = await authenticate(request);
    if (!result.ok) {
      request.log.warn({ code: result.failure.code, claimedKiosk: result.claimedKiosk }, 'kiosk request refused');
      const body: HqErrorBody = result.failure;
      return reply.code(401).send(body);
    }
    request.kiosk = { id: result.kioskId };
    // Authenticated first, then told the body is not JSON: an unauthenticated caller learns nothing.
    if (request.bodyParseFailed) {
      const body: HqErrorBody = { code: 'malformedRequest', message: 'the request body is not valid JSON' };
      return reply.code(400).send(body);
    }
  };
}

/**
 * Kiosk request authentication (issue 5, "Kiosk authentication"; issue 15,
 * "Authenticate before parsing"). Every kiosk-facing route under /v1
 * (except GET /v1/hq-keys) runs two hooks:
 *
 * - `beforeBody` (onRequest, before a byte of the body is read): the four
 *   headers are present and well-formed, the timestamp is within ±5 minutes
 *   of HQ's clock, and the kiosk id names an enrolled, enabled kiosk with a
 *   usable key. Anything else is refused here, so HQ spends no work on a
 *   stranger's body: the body is never read, parsed or hashed, and the
 *   refusal closes the connection (`connection: close`) instead of draining
 *   what the stranger is still sending.
 * - `afterBody` (preValidation, once the body is read within the route's
 *   limit): the Ed25519 signature over the canonical string of
 *   src/shared/hq-api/request-signing.ts, whose body hash is taken over the
 *   raw bytes received (raw-json-body.ts keeps them); then the nonce. The
 *   string is KIOSK-REQUEST-V2, naming HQ's origin (hq-origin.ts); the older
 *   KIOSK-REQUEST-V1 verifies only while HQ's clock is before
 *   `acceptV1Until` (`HQ_ACCEPT_V1_UNTIL`, docs/hq.md "Signing versions"),
 *   and after that date it is refused exactly as a bad signature.
 *
 * Checks change nothing until all have passed: the nonce is recorded (and
 * `last_contact_at` stamped, in the same statement) only for a request whose
 * signature verified. An unknown kiosk, a disabled kiosk, a kiosk with an
 * unusable key and a bad signature get the same answer (401
 * `authenticationFailed`, one message, one set of headers): whoever lacks a
 * valid key must not learn which kiosk ids are enrolled. The refusal before
 * the body does the same Ed25519 verification (against a throw-away key)
 * as the one after it, so both cost a lookup and a verification; what still
 * differs is the body read itself, which a stranger is not given. The log
 * says which it was.
 */
import { createHash, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HqErrorBody, HqErrorCode } from '../../shared/hq-api/common';
import {
  canonicalRequestString,
  EMPTY_BODY_SHA256,
  KIOSK_HEADERS,
  KIOSK_REQUEST_SCHEME,
  MAX_CLOCK_SKEW_MS,
  NONCE_PATTERN,
  SIGNATURE_PATTERN,
  SIGNATURE_SCHEME_V1,
  TIMESTAMP_PATTERN,
} from '../../shared/hq-api/request-signing';
import type { Clock } from '../context';
import type { OriginOfRequest } from './hq-origin';
import type { Db } from '../../server-kit/db/db';

/** What `beforeBody` established, for `afterBody` to finish: the headers as checked and the kiosk's key. */
interface KioskClaim {
  kioskId: string;
  timestamp: string;
  nonce: string;
  signature: string;
  publicKey: KeyObject;
  now: number;
  /** The origin this request must name (hq-origin.ts). */
  origin: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated kiosk; set by the kiosk-auth hooks, null on public routes. */
    kiosk: { id: string } | null;
    /** An enrolled, enabled kiosk whose signature is still to be verified over the body; set by `beforeBody`. */
    kioskClaim: KioskClaim | null;
  }
}

/** Declares the request fields the kiosk-auth hooks set (`kiosk`, `kioskClaim`); once, on the root instance. */
export function decorateKiosk(app: FastifyInstance): void {
  app.decorateRequest('kiosk', null);
  app.decorateRequest('kioskClaim', null);
}

/**
 * The kiosk this request authenticated as, or null: on a public route, or in
 * a scope mounted without these hooks (where `kiosk` is not even decorated).
 * Route handlers ask here rather than trusting the scope they were put in.
 */
export function authenticatedKioskId(request: FastifyRequest): string | null {
  return request.kiosk?.id ?? null;
}

export interface KioskAuthOptions {
  db: Db;
  /**
   * The store a request's kiosk lookup (before its body and before any
   * budget slot) runs on, when not `db`: journal pushes look their kiosk up
   * on the ingest pool (app.ts), so a fleet draining its backlog (a thousand
   * pushes at once, and again at every Retry-After) queues behind its own
   * ingest, not in front of the customers' card authentications on the
   * interactive pool (issue 19). The nonce, recorded after the body, stays
   * on `db`: only pushes holding an ingest slot get that far (a bounded
   * number), and on the ingest pool it would wait behind the next pushes'
   * lookups while holding its slot.
   */
  dbFor?: (request: FastifyRequest) => Db;
  clock: Clock;
  /** HQ's origin as this request must name it in KIOSK-REQUEST-V2. */
  origin: OriginOfRequest;
  /** KIOSK-REQUEST-V1 verifies only while HQ's clock is before this; never when absent. */
  acceptV1Until?: Date;
}

type AuthFailure = { code: Extract<HqErrorCode, 'missingAuthentication' | 'malformedAuthentication' | 'staleTimestamp' | 'replayedNonce' | 'authenticationFailed'>; message: string };

/** The one answer for "unknown kiosk", "disabled kiosk", "revoked kiosk" (issue 16), "unusable key" and "bad signature" (issue 15). */
const AUTHENTICATION_FAILED: AuthFailure = {
  code: 'authenticationFailed',
  message: 'the request is not signed by an enrolled, enabled kiosk\'s key over HQ\'s origin, method, path, timestamp, nonce and body',
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

type Refusal = { failure: AuthFailure; claimedKiosk?: string; reason?: string };

function refuse(request: FastifyRequest, reply: FastifyReply, refusal: Refusal) {
  request.log.warn({ code: refusal.failure.code, claimedKiosk: refusal.claimedKiosk, reason: refusal.reason }, 'kiosk request refused');
  const body: HqErrorBody = { code: refusal.failure.code, message: refusal.failure.message };
  // Closed rather than kept alive: Node would otherwise read and discard whatever body is still coming.
  return reply.code(401).header('connection', 'close').send(body);
}

export function kioskAuthentication(options: KioskAuthOptions) {
  const dbOf = options.dbFor ?? (() => options.db);
  const keyCache = new PublicKeyCache();
  const standIn = generateKeyPairSync('ed25519').publicKey;

  /** Headers, timestamp and kiosk: everything that needs no body. */
  async function claim(request: FastifyRequest): Promise<{ ok: true; claim: KioskClaim } | ({ ok: false } & Refusal)> {
    const kioskId = header(request, KIOSK_HEADERS.kioskId);
    const timestamp = header(request, KIOSK_HEADERS.timestamp);
    const nonce = header(request, KIOSK_HEADERS.nonce);
    const signature = header(request, KIOSK_HEADERS.signature);
    if (kioskId === undefined || timestamp === undefined || nonce === undefined || signature === undefined) {
      return { ok: false, failure: { code: 'missingAuthentication', message: `kiosk requests need the ${Object.values(KIOSK_HEADERS).join(', ')} headers` } };
    }
    if (!KIOSK_REQUEST_SCHEME.callerIdPattern.test(kioskId) || !TIMESTAMP_PATTERN.test(timestamp) || !NONCE_PATTERN.test(nonce) || !SIGNATURE_PATTERN.test(signature)) {
      return { ok: false, failure: { code: 'malformedAuthentication', message: 'an authentication header is malformed (kiosk id, epoch-ms timestamp, 16-64 base64url nonce, base64 Ed25519 signature)' } };
    }
    const now = options.clock().getTime();
    const origin = options.origin(request);
    if (Math.abs(now - Number(timestamp)) > MAX_CLOCK_SKEW_MS) {
      return { ok: false, claimedKiosk: kioskId, failure: { code: 'staleTimestamp', message: `the request timestamp is more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes from HQ's clock` } };
    }
    // A revoked kiosk (issue 16) is refused as a disabled one is: one answer, nothing about which ids exist.
    const kiosk = (await dbOf(request).query<{ public_key: string; enabled: boolean; revoked: boolean }>(
      'SELECT public_key, enabled AND revoked_at IS NULL AS enabled, revoked_at IS NOT NULL AS revoked FROM kiosks WHERE kiosk_id = $1', [kioskId])).rows[0];
    const publicKey = kiosk ? keyCache.get(kiosk.public_key) : null;
    if (kiosk && !publicKey) request.log.error({ kioskId }, 'enrolled kiosk has an unusable public key');
    if (!kiosk || !kiosk.enabled || !publicKey) {
      // The verification a known kiosk gets after its body, done here against a throw-away key over an empty body, so both refusals cost alike.
      // Two, as a known kiosk's bad signature costs two (V2, then V1 for the log or inside its window).
      for (const version of [origin, null]) {
        const canonical = canonicalRequestString({ origin: version, kioskId, method: request.method, path: request.url, timestamp, nonce, bodySha256: EMPTY_BODY_SHA256 });
        verify(null, Buffer.from(canonical.ok ? canonical.value : '', 'utf8'), standIn, Buffer.from(signature, 'base64'));
      }
      const reason = !kiosk ? 'unknown kiosk' : kiosk.revoked ? 'kiosk revoked' : !kiosk.enabled ? 'kiosk disabled' : 'kiosk has no usable key';
      return { ok: false, claimedKiosk: kioskId, reason, failure: AUTHENTICATION_FAILED };
    }
    return { ok: true, claim: { kioskId, timestamp, nonce, signature, publicKey, now, origin } };
  }

  /** The signature over the body actually received, then the nonce. */
  async function finish(request: FastifyRequest, claimed: KioskClaim): Promise<{ ok: true } | ({ ok: false } & Refusal)> {
    const { kioskId, timestamp, nonce, signature, publicKey, now, origin } = claimed;
    const bodySha256 = createHash('sha256').update(request.rawBody ?? Buffer.alloc(0)).digest('hex');
    const signatureBytes = Buffer.from(signature, 'base64');
    const verifies = (version: string | null) => {
      const canonical = canonicalRequestString({ origin: version, kioskId, method: request.method, path: request.url, timestamp, nonce, bodySha256 });
      return canonical.ok && verify(null, Buffer.from(canonical.value, 'utf8'), publicKey, signatureBytes);
    };
    const v1Open = options.acceptV1Until !== undefined && now < options.acceptV1Until.getTime();
    if (!verifies(origin) && !(v1Open && verifies(null))) {
      // The same refusal either way; only the log tells an operator that a kiosk still signs V1 after the sunset.
      const reason = !v1Open && verifies(null) ? `${SIGNATURE_SCHEME_V1} after its sunset (HQ_ACCEPT_V1_UNTIL)` : `bad signature (or signed for another origin than ${origin})`;
      return { ok: false, claimedKiosk: kioskId, reason, failure: AUTHENTICATION_FAILED };
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
    return { ok: true };
  }

  return {
    /** onRequest: refuses before the body is read unless the request names an enrolled, enabled kiosk. */
    async beforeBody(request: FastifyRequest, reply: FastifyReply) {
      const result = await claim(request);
      if (!result.ok) return refuse(request, reply, result);
      request.kioskClaim = result.claim;
    },
    /** preValidation: the body has been read (within the route's limit); verifies the signature over it. */
    async afterBody(request: FastifyRequest, reply: FastifyReply) {
      const claimed = request.kioskClaim;
      if (!claimed) return refuse(request, reply, { failure: { code: 'missingAuthentication', message: 'no kiosk claim: the request did not pass the header checks' } });
      const result = await finish(request, claimed);
      if (!result.ok) return refuse(request, reply, result);
      request.kiosk = { id: claimed.kioskId };
      // Authenticated first, then told the body is not JSON: an unauthenticated caller learns nothing.
      if (request.bodyParseFailed) {
        const body: HqErrorBody = { code: 'malformedRequest', message: 'the request body is not valid JSON' };
        return reply.code(400).send(body);
      }
    },
  };
}

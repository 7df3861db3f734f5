/**
 * The kiosk's client for HQ (issue 5). Every request is signed
 * (request-signer.ts), every answer is validated with its shared zod schema
 * (src/shared/hq-api), and every failure is a value from a closed set:
 * - `unreachable`: no HTTP answer (connection refused, DNS, reset);
 * - `timeout`: no answer within `timeoutMs`;
 * - `http`: HQ answered non-2xx; `code` is HQ's HqErrorCode when the body is one;
 * - `invalidResponse`: a 2xx answer that does not match the schema (HQ, or
 *   something pretending to be it, is not speaking the contract);
 * - `badAnswerSignature`: an answer to a signed route (any status) that HQ's
 *   receipt key did not sign over this request's nonce, the status and the
 *   body (answer-verifier.ts, issue 15): whatever it says, it is not HQ's, so
 *   nothing in it (an operator role, a receipt, an outcome) is read;
 * - `invalidRequest`: refused here before sending (a caller bug).
 * PIN digits given to this client are wiped (Buffer.fill(0)) whatever happens.
 */
import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { fetchJson } from '../../shared/http/fetch-json';
import { HqErrorBody, type HqErrorCode } from '../../shared/hq-api/common';
import type { IdentityDocument } from '../../shared/identity/identity-document';
import type { JournalBatchRequest } from '../../shared/hq-api/journal-ingest';
import type { LimitIncreaseRequest } from '../../shared/hq-api/limit';
import type { DocumentDeliveryReport } from '../../shared/hq-api/contract-document';
import { KIOSK_HEADERS } from '../../shared/hq-api/request-signing';
import { HQ_ROUTES, type HqRouteBody, type HqRouteName, type HqRouteResponse } from '../../shared/hq-api/routes';
import type { KioskStatusReport } from '../../shared/hq-api/kiosk-status';
import type { HqKeysResponse } from '../../shared/hq-api/keys';
import { checkAnswerSignature, type AnswerCheck } from './answer-verifier';
import { encryptPinBlock, type HqPinKey } from './pin-block';
import { signRequest } from './request-signer';
import { pinKeysOf, trustHqKeys, type TrustedHqKeys } from './trusted-hq-keys';

export type HqClientError =
  | { kind: 'unreachable'; detail: string }
  | { kind: 'timeout'; timeoutMs: number }
  /** `requestId`: HQ's id for the request (x-request-id), for the kiosk's log; `retryAfterMs`: HQ's Retry-After (429, 503). */
  | { kind: 'http'; status: number; code: HqErrorCode | null; message: string; requestId?: string; retryAfterMs?: number }
  | { kind: 'invalidResponse'; status: number; detail: string }
  | { kind: 'badAnswerSignature'; status: number; problem: AnswerCheckProblem }
  /** Refused by this client before sending (e.g. a PIN that is not 4 digits): a bug in the caller, never HQ's answer. */
  | { kind: 'invalidRequest'; detail: string };

type AnswerCheckProblem = Extract<AnswerCheck, { ok: false }>['problem'];

/**
 * HQ refuses this kiosk itself, not the request: 401 `authenticationFailed`,
 * HQ's one answer for an unknown, disabled or revoked kiosk and a bad
 * signature (src/hq/auth/kiosk-auth.ts, issue 16; it does not say which).
 * The kiosk goes out of service showing what enrolment needs
 * (availability-loop.ts) and the technician page marks its fingerprint.
 */
export function refusesThisKiosk(error: HqClientError): boolean {
  return error.kind === 'http' && error.code === 'authenticationFailed';
}

/** How long HQ's word on which pinned PIN key is active is kept (a rotation takes days; one lookup per this). */
export const ACTIVE_KEY_TTL_MS = 10 * 60_000;

export type HqResult<T> = { ok: true; value: T } | { ok: false; error: HqClientError };

export interface HqClientOptions {
  baseUrl: string;
  kioskId: string;
  /** The kiosk's Ed25519 private key. */
  privateKey: KeyObject;
  fetch?: typeof fetch;
  timeoutMs?: number;
  clock?: () => Date;
  /** HQ's keys pinned in the kiosk's config (`hq.keys`); otherwise fetched from GET /v1/hq-keys, checked and cached. */
  pinnedKeys?: TrustedHqKeys;
  /** Told of every failed request (for the kiosk's log: route and error code, never a body). */
  onFailure?: (path: string, error: HqClientError) => void;
}

export class HqClient {
  private readonly baseUrl: URL;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly clock: () => Date;
  private keys: TrustedHqKeys | null;

  constructor(private readonly options: HqClientOptions) {
    this.baseUrl = new URL(options.baseUrl);
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 8000;
    this.clock = options.clock ?? (() => new Date());
    this.keys = options.pinnedKeys ?? null;
  }

  /** True when HQ's keys come from the kiosk's config rather than from HQ. */
  get keysPinned(): boolean {
    return this.options.pinnedKeys !== undefined;
  }

  /**
   * One route of HQ_ROUTES by name, with its declared method, path, auth and
   * schemas. The only way out of this client: a route HQ does not declare
   * in the table cannot be called, so client, HQ and OpenAPI cannot drift.
   */
  async call<K extends HqRouteName>(name: K, body: HqRouteBody<K>): Promise<HqResult<HqRouteResponse<K>>> {
    const route = HQ_ROUTES[name];
    const result = await this.#request(route.method, route.path, route.body ? body : undefined, route.response, route.auth === 'kiosk');
    if (!result.ok) this.options.onFailure?.(route.path, result.error);
    return result as HqResult<HqRouteResponse<K>>;
  }

  async #request(method: 'GET' | 'POST', path: string, body: unknown, responseSchema: z.ZodType, signed: boolean): Promise<HqResult<unknown>> {
    const url = new URL(path, this.baseUrl);
    const bytes = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    const headers: Record<string, string> = bytes ? { 'content-type': 'application/json' } : {};
    // A signed route's answer is checked with HQ's receipt key, so that key is known before asking (pinned, or fetched once).
    const keys = signed ? await this.trustedKeys() : null;
    if (keys && !keys.ok) return keys;
    let nonce = '';
    if (signed) {
      const signedHeaders = signRequest({
        origin: this.baseUrl.origin, kioskId: this.options.kioskId, privateKey: this.options.privateKey, method, path: url.pathname + url.search, body: bytes, now: this.clock(),
      });
      nonce = signedHeaders[KIOSK_HEADERS.nonce]!;
      Object.assign(headers, signedHeaders);
    }
    const exchange = await fetchJson(this.fetchImpl, url, { method, headers, ...(bytes ? { body: bytes } : {}) }, this.timeoutMs);
    if (!exchange.ok) return exchange;
    const { status, json, answer } = exchange;
    if (keys?.ok) {
      // Before anything in the answer is read, its status and error code included (issue 15).
      const check = checkAnswerSignature({
        keys: keys.value, headers: exchange.headers, status, body: exchange.body,
        request: { kioskId: this.options.kioskId, method, path: url.pathname + url.search, nonce },
      });
      if (!check.ok) return { ok: false, error: { kind: 'badAnswerSignature', status, problem: check.problem } };
    }
    if (status < 200 || status > 299) {
      const parsed = HqErrorBody.safeParse(json);
      return parsed.success
        ? { ok: false, error: { kind: 'http', status, code: parsed.data.code, message: parsed.data.message, ...answer } }
        : { ok: false, error: { kind: 'http', status, code: null, message: `HTTP ${status} without an HQ error body`, ...answer } };
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      // Paths only: the answer may hold personal data that has no place in a kiosk log.
      const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ');
      return { ok: false, error: { kind: 'invalidResponse', status, detail } };
    }
    return { ok: true, value: parsed.data };
  }

  hqKeys(): Promise<HqResult<HqKeysResponse>> {
    return this.call('getHqKeys', undefined);
  }

  /**
   * HQ's keys: the pinned ones, or fetched once, checked (trusted-hq-keys.ts)
   * and cached for the life of the client. An answer whose keys fail the
   * checks is HQ (or something pretending to be it) lying: `invalidResponse`,
   * and nothing is cached. Nothing HQ answers later replaces cached keys
   * (issue 15: key changes only through pinned configuration).
   */
  async trustedKeys(): Promise<HqResult<TrustedHqKeys>> {
    if (this.keys) return { ok: true, value: this.keys };
    const answer = await this.hqKeys();
    if (!answer.ok) return answer;
    const trusted = trustHqKeys(answer.value);
    if (!trusted.ok) return { ok: false, error: { kind: 'invalidResponse', status: 200, detail: trusted.problems.join('; ') } };
    this.keys = trusted.keys;
    return { ok: true, value: trusted.keys };
  }

  /**
   * HQ's PIN key (see `trustedKeys`). With a pinned set of several (HQ
   * rotating, issue 16): the pinned key HQ lists as active now (GET
   * /v1/hq-keys, asked at most every ACTIVE_KEY_TTL_MS; its unsigned answer
   * only chooses among pinned keys, never adds one), else the newest pinned
   * one, which HQ opens too while it is live.
   */
  async pinEncryptionKey(): Promise<HqResult<HqPinKey>> {
    const keys = await this.trustedKeys();
    if (!keys.ok) return keys;
    const pinned = pinKeysOf(keys.value);
    if (!this.keysPinned || pinned.length === 1) return { ok: true, value: keys.value.pin };
    const active = await this.#activePinKeyId();
    return { ok: true, value: pinned.find((k) => k.keyId === active) ?? pinned[pinned.length - 1]! };
  }

  #activeKey: { keyId: string; at: number } | null = null;

  async #activePinKeyId(): Promise<string | null> {
    const now = this.clock().getTime();
    if (this.#activeKey && now - this.#activeKey.at < ACTIVE_KEY_TTL_MS) return this.#activeKey.keyId;
    const answer = await this.hqKeys();
    if (!answer.ok) return null;
    this.#activeKey = { keyId: answer.value.pinEncryption.keyId, at: now };
    return this.#activeKey.keyId;
  }

  /** Encrypts `pinDigits` (wiped afterwards, whatever happens) into a PIN block for this session and purpose. */
  private async pinBlock(pinDigits: Uint8Array, sessionId: string, purpose: 'authenticate' | 'newPin') {
    try {
      const key = await this.pinEncryptionKey();
      if (!key.ok) return key;
      const encrypted = encryptPinBlock(pinDigits, { kioskId: this.options.kioskId, sessionId, purpose }, key.value, this.clock());
      if (!encrypted.ok) return { ok: false as const, error: { kind: 'invalidRequest' as const, detail: 'the PIN must be 4 digits' } };
      return { ok: true as const, value: encrypted.block };
    } finally {
      pinDigits.fill(0);
    }
  }

  async authenticateCard(input: { sessionId: string; cardNumber: string; pinDigits: Uint8Array }) {
    const block = await this.pinBlock(input.pinDigits, input.sessionId, 'authenticate');
    if (!block.ok) return block;
    // A `pinBlockUnknownKey` answer changes no key (issue 15): HQ's word is not enough to make the kiosk fetch keys from whoever answers.
    return this.call('authenticateCard', { sessionId: input.sessionId, cardNumber: input.cardNumber, pinBlock: block.value });
  }

  identifyCard(input: { sessionId: string; cardNumber: string }) {
    return this.call('identifyCard', input);
  }

  verifyIdentity(input: { sessionId: string; document: IdentityDocument }) {
    return this.call('verifyIdentity', input);
  }

  async resetPin(input: { sessionId: string; newPinDigits: Uint8Array }) {
    const block = await this.pinBlock(input.newPinDigits, input.sessionId, 'newPin');
    if (!block.ok) return block;
    return this.call('resetPin', { sessionId: input.sessionId, newPinBlock: block.value });
  }

  clearLock(input: { sessionId: string }) {
    return this.call('clearLock', input);
  }

  reviewLimitIncrease(input: LimitIncreaseRequest) {
    return this.call('reviewLimitIncrease', input);
  }

  answerLimitOffer(input: { sessionId: string; accept: boolean }) {
    return this.call('answerLimitOffer', input);
  }

  decreaseLimit(input: { sessionId: string; newLimit: number }) {
    return this.call('decreaseLimit', input);
  }

  /** Whether the contract-change document reached the customer (art. 17; contract-document.ts). */
  reportDocumentDelivery(report: DocumentDeliveryReport) {
    return this.call('reportDocumentDelivery', report);
  }

  endSession(input: { sessionId: string }) {
    return this.call('endSession', input);
  }

  getCalendar() {
    return this.call('getCalendar', undefined);
  }

  reportStatus(report: KioskStatusReport) {
    return this.call('reportStatus', report);
  }

  // ---- operator sessions (issue 8): every call names the staff or technician session ----

  staffLookupCustomer(input: HqRouteBody<'staffLookupCustomer'>) {
    return this.call('staffLookupCustomer', input);
  }

  staffVerifyIdentity(input: { sessionId: string; document: IdentityDocument }) {
    return this.call('staffVerifyIdentity', input);
  }

  staffConfirmIdentity(input: { sessionId: string }) {
    return this.call('staffConfirmIdentity', input);
  }

  staffClearLock(input: { sessionId: string }) {
    return this.call('staffClearLock', input);
  }

  /** The customer's new PIN, typed on the soft PIN pad, encrypted under the operator's session. */
  async staffResetPin(input: { sessionId: string; newPinDigits: Uint8Array }) {
    const block = await this.pinBlock(input.newPinDigits, input.sessionId, 'newPin');
    if (!block.ok) return block;
    return this.call('staffResetPin', { sessionId: input.sessionId, newPinBlock: block.value });
  }

  uploadDiagnostics(input: HqRouteBody<'uploadDiagnostics'>) {
    return this.call('uploadDiagnostics', input);
  }

  /** The kiosk's own upload of a bundle a console operator requested (issue 17): no technician session. */
  uploadRequestedDiagnostics(input: HqRouteBody<'uploadRequestedDiagnostics'>) {
    return this.call('uploadRequestedDiagnostics', input);
  }

  // ---- journal sync (issue 6) ----

  /** One signed batch; the answer (accepted with a receipt, gap, refused) is for the sync worker to act on. */
  pushJournalBatch(batch: JournalBatchRequest) {
    return this.call('pushJournalBatch', batch);
  }
}


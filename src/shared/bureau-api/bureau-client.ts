/**
 * A lender's client for the credit bureau: one typed call per entry of
 * BUREAU_ROUTES, each lender request signed (request-signing.ts), each
 * answer validated with its shared schema, each failure a value from a
 * closed set:
 * - `unreachable`: no HTTP answer (connection refused, DNS, reset);
 * - `timeout`: no answer within `timeoutMs` (HQ must then decide nothing,
 *   issue 14: "bureau unreachable or slow → no increase is decided");
 * - `http`: the bureau answered non-2xx; `code` is its BureauErrorCode when
 *   the body is one;
 * - `invalidResponse`: a 2xx answer that does not match the schema.
 *
 * In src/shared, not src/bureau, because its user is HQ (which may not
 * import src/bureau) and it needs nothing but `fetch`, Web Crypto and a
 * signing function; the lender's private key never enters this module
 * (`sign` is handed in, e.g. node:crypto's `sign(null, message, key)`).
 */
import type { z } from 'zod';
import { fetchJson } from '../http/fetch-json';
import { signedRequestHeaders, type RequestSigner } from '../signed-request/signed-request';
import { BureauErrorBody, type BureauErrorCode } from './common';
import type { RegisterContractRequest } from './contracts';
import type { EnquiryRequest } from './enquiry';
import { BUREAU_REQUEST_SCHEME } from './request-signing';
import { BUREAU_ROUTES, type BureauRouteBody, type BureauRouteName, type BureauRouteResponse } from './routes';

export type BureauClientError =
  | { kind: 'unreachable'; detail: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'http'; status: number; code: BureauErrorCode | null; message: string }
  | { kind: 'invalidResponse'; status: number; detail: string };

export type BureauResult<T> = { ok: true; value: T } | { ok: false; error: BureauClientError };

export interface BureauClientOptions {
  baseUrl: string;
  lenderId: string;
  /** Signs with the lender's Ed25519 private key, enrolled at the bureau. */
  sign: RequestSigner;
  fetch?: typeof fetch;
  /** Whole round trip, signing included. Default 5000 ms. */
  timeoutMs?: number;
  /** The clock the timestamp is taken from. Default: the system clock. */
  clock?: () => Date;
}

export class BureauClient {
  private readonly baseUrl: URL;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly clock: () => Date;

  constructor(private readonly options: BureauClientOptions) {
    this.baseUrl = new URL(options.baseUrl);
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** One route of BUREAU_ROUTES by name: the only way out of this client, so it cannot call what the bureau does not declare. */
  async call<K extends BureauRouteName>(name: K, body: BureauRouteBody<K>): Promise<BureauResult<BureauRouteResponse<K>>> {
    const route = BUREAU_ROUTES[name];
    const url = new URL(route.path, this.baseUrl);
    const bytes = route.body ? new TextEncoder().encode(JSON.stringify(body)) : undefined;
    const headers: Record<string, string> = bytes ? { 'content-type': 'application/json' } : {};
    if (route.auth === 'lender') {
      Object.assign(headers, await signedRequestHeaders(BUREAU_REQUEST_SCHEME, {
        callerId: this.options.lenderId, method: route.method, path: url.pathname + url.search, body: bytes, now: this.clock(), sign: this.options.sign,
      }));
    }
    const exchange = await fetchJson(this.fetchImpl, url, { method: route.method, headers, ...(bytes ? { body: bytes } : {}) }, this.timeoutMs);
    if (!exchange.ok) return exchange;
    const { status, json } = exchange;
    if (status < 200 || status > 299) {
      const parsed = BureauErrorBody.safeParse(json);
      return parsed.success
        ? { ok: false, error: { kind: 'http', status, code: parsed.data.code, message: parsed.data.message } }
        : { ok: false, error: { kind: 'http', status, code: null, message: `HTTP ${status} without a bureau error body` } };
    }
    const parsed = (route.response as z.ZodType).safeParse(json);
    if (!parsed.success) {
      // Paths only: the answer holds personal data.
      const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ');
      return { ok: false, error: { kind: 'invalidResponse', status, detail } };
    }
    return { ok: true, value: parsed.data as BureauRouteResponse<K> };
  }

  health() {
    return this.call('health', undefined);
  }

  enquire(request: EnquiryRequest) {
    return this.call('enquire', request);
  }

  registerContract(request: RegisterContractRequest) {
    return this.call('registerContract', request);
  }
}

/**
 * One JSON exchange over fetch, for every client of a signed service (the
 * kiosk's HQ client, HQ's credit-bureau client): a deadline, no redirect
 * ever followed (issue 15: a redirect would carry a signed request, or the
 * caller's trust, to another origin; it fails as `unreachable`), and the
 * body read as JSON when it is JSON. The raw bytes and headers come back
 * too, for a caller that checks a signature over them (the kiosk's HQ
 * client, issue 15). What the answer means is the caller's.
 */
export type FetchJsonResult =
  | { ok: true; status: number; json: unknown; headers: Headers; body: Uint8Array; answer: AnswerHeaders }
  | { ok: false; error: { kind: 'timeout'; timeoutMs: number } | { kind: 'unreachable'; detail: string } };

export async function fetchJson(
  fetchImpl: typeof fetch,
  url: URL,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: NonNullable<RequestInit['body']> },
  timeoutMs: number,
): Promise<FetchJsonResult> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let status: number;
  let headers: Headers;
  let body: Uint8Array;
  let answer: AnswerHeaders;
  try {
    const response = await fetchImpl(url, { method: init.method, headers: init.headers, ...(init.body ? { body: init.body } : {}), signal: abort.signal, redirect: 'error' });
    status = response.status;
    headers = response.headers;
    answer = answerHeaders(response.headers, Date.now());
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (abort.signal.aborted) return { ok: false, error: { kind: 'timeout', timeoutMs } };
    return { ok: false, error: { kind: 'unreachable', detail: describeNetworkError(error) } };
  } finally {
    clearTimeout(timer);
  }
  let json: unknown;
  try {
    json = body.length === 0 ? undefined : JSON.parse(new TextDecoder().decode(body));
  } catch {
    json = undefined;
  }
  return { ok: true, status, json, headers, body, answer };
}

/**
 * What a client keeps of an answer's headers: the server's request id (HQ
 * sends a UUID as `x-request-id`, so a kiosk's log line finds HQ's) and
 * how long the server asks it to wait (RFC 9110 section 10.2.3
 * Retry-After: delta-seconds or an HTTP date), each only when sent.
 */
export interface AnswerHeaders {
  requestId?: string;
  retryAfterMs?: number;
}

export const REQUEST_ID_HEADER = 'x-request-id';

export function answerHeaders(headers: Pick<Headers, 'get'>, nowMs: number): AnswerHeaders {
  const out: AnswerHeaders = {};
  const requestId = headers.get(REQUEST_ID_HEADER);
  // An id is for logs: a bounded token, never free text from the other side.
  if (requestId && /^[A-Za-z0-9-]{1,64}$/.test(requestId)) out.requestId = requestId;
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    const ms = /^\d{1,6}$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - nowMs;
    if (Number.isFinite(ms)) out.retryAfterMs = Math.max(0, ms);
  }
  return out;
}

/** The system's code (ECONNREFUSED, ...) or the error's name: never a message that might echo data. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'network error';
}

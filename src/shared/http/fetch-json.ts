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
  | { ok: true; status: number; json: unknown; headers: Headers; body: Uint8Array }
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
  try {
    const response = await fetchImpl(url, { method: init.method, headers: init.headers, ...(init.body ? { body: init.body } : {}), signal: abort.signal, redirect: 'error' });
    status = response.status;
    headers = response.headers;
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
  return { ok: true, status, json, headers, body };
}

/** The system's code (ECONNREFUSED, ...) or the error's name: never a message that might echo data. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'network error';
}

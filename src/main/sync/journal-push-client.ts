/**
 * How the sync worker reaches HQ: one call per batch. Implementations map
 * every transport problem to a `failed` outcome with a closed code; they
 * never throw (a thrown error would be a bug, and the worker treats it as
 * `badResponse`).
 */
import type { JournalBatchRequest, JournalReceipt, JournalRefusalReason } from '../../shared/hq-api/journal-ingest';

export type PushFailure =
  /** Connection refused, reset, DNS: the request may or may not have reached HQ. */
  | 'network'
  | 'timeout'
  /** HQ answered 5xx. */
  | 'serverError'
  /** HQ answered something that is not a valid answer (or a 4xx other than 401). */
  | 'badResponse'
  /** HQ refused the request's authentication (401/403). */
  | 'unauthorised';

export type PushOutcome =
  | { kind: 'accepted'; ackedThrough: number; inserted: number; receipt: JournalReceipt }
  | { kind: 'gap'; highWaterMark: number }
  | { kind: 'refused'; reason: JournalRefusalReason; atSeq?: number }
  /** `retryAfterMs`: HQ asked for a pause (429 busy or 503 overloaded with Retry-After; issue 19). */
  | { kind: 'failed'; failure: PushFailure; detail: string; retryAfterMs?: number };

export interface JournalPushClient {
  push(batch: JournalBatchRequest): Promise<PushOutcome>;
}

/**
 * Pushes the journal to HQ with a cursor (issue 6, "Sync"; ARCHITECTURE.md,
 * "Journal and sync"). Sends the events after HQ's last acknowledged seq in
 * signed batches, advances only from HQ's answer, and keeps HQ's receipts.
 *
 * - Batches adapt to the network: double after a quick success, halve
 *   after a timeout or dropped connection.
 * - Failures back off exponentially with full jitter (delay uniform in
 *   [0, min(max, base * 2^n)], after Brooker, "Exponential Backoff And
 *   Jitter", AWS Architecture Blog 2015), so a fleet does not stampede HQ
 *   when it comes back.
 * - When HQ sheds load (429 or 503 with Retry-After; issue 19) the next try
 *   waits at least what HQ asked plus a random share of it again (uniform
 *   in [retryAfter, 2 x retryAfter]), so a fleet told "10 s" does not come
 *   back in the same second; the batch does not shrink (HQ is busy, the
 *   network is fine).
 * - The cursor lives in the journal database, so a restart resumes where
 *   HQ's last answer left it; at worst a batch HQ already has is re-sent
 *   and skipped there.
 * - Important events (captures, PIN re-sets, out of service, ...) are
 *   pushed at once; the rest wait for the next periodic push.
 */
import type { JournalEventType, JournalRow } from '../../shared/journal';
import type { JournalBatchRequest, JournalRefusalReason } from '../../shared/hq-api/journal-ingest';
import type { AcknowledgeResult, AppendResult, JournalStats } from '../journal/journal';
import type { JournalEvent } from '../../shared/journal';
import { assertNever } from '../../shared/assert-never';
import { TypedEmitter, type ListenerErrorHandler } from '../../shared/events/typed-emitter';
import { systemClock, type Clock, type TimerHandle } from '../../shared/time/clock';
import type { BatchSigner, ReceiptVerifier } from './batch-signer';
import type { JournalPushClient, PushFailure, PushOutcome } from './journal-push-client';

/** What the worker needs of the journal (the `Journal` class satisfies it). */
export interface SyncJournal {
  pending(afterSeq: number, limit: number): JournalRow[];
  ackedSeq(): number;
  markAcknowledged(seq: number, receipt: Extract<PushOutcome, { kind: 'accepted' }>['receipt']): AcknowledgeResult;
  stats(): JournalStats;
  append(event: JournalEvent): AppendResult;
  onAppend(listener: (row: JournalRow) => void): () => void;
}

export interface SyncWorkerOptions {
  journal: SyncJournal;
  client: JournalPushClient;
  kioskId: string;
  signBatch: BatchSigner;
  /** Checks HQ's receipt signature; without it receipts are kept unchecked. */
  verifyReceipt?: ReceiptVerifier;
  batchSize?: { initial?: number; min?: number; max?: number };
  /** A push quicker than this grows the batch. Default 1 s. */
  fastPushMs?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  /** Idle push period. Default 30 s. */
  intervalMs?: number;
  /** Pause after an important event so a burst goes in one batch. Default 100 ms. */
  importantDelayMs?: number;
  random?: () => number;
  /** Push timers, backoff and the times in the status. */
  clock?: Clock;
  /** Told of an error thrown by an `onStatusChange` listener (the kiosk logs it). */
  onListenerError?: ListenerErrorHandler;
}

export type SyncErrorCode = PushFailure | 'gap' | 'refused' | 'localAckFailed' | 'badReceipt';

export type SyncState = 'stopped' | 'idle' | 'pushing' | 'backingOff' | 'refused';

export interface SyncStatus {
  state: SyncState;
  pending: number;
  ackedSeq: number;
  headSeq: number;
  /** Age of the oldest event HQ has not acknowledged. */
  lagMs: number | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: { code: SyncErrorCode; detail: string } | null;
  /** Set while HQ refuses our chain or signature: technicians must look (issue 6). */
  refusal: { reason: JournalRefusalReason; atSeq?: number } | null;
  consecutiveFailures: number;
  batchSize: number;
  nextAttemptAt: string | null;
}

export type DrainResult = { ok: true; pushed: number } | { ok: false; pushed: number; error: SyncErrorCode };

/**
 * Events worth a push at once: ones HQ acts on or people watch for.
 * Source: issue 6 ("immediate push after important events").
 */
export const IMPORTANT_EVENT_TYPES: ReadonlySet<JournalEventType> = new Set<JournalEventType>([
  'card.captured', 'pin.reset', 'lock.cleared', 'limit.reviewDecided', 'limit.decreased',
  'outOfService.entered', 'outOfService.left', 'device.fault', 'app.crashRecovered', 'app.rendererFailed', 'journal.restarted',
  'staff.action', 'technician.action', 'session.ended', 'session.aborted',
]);

export class SyncWorker {
  private readonly journal: SyncJournal;
  private readonly client: JournalPushClient;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly minBatch: number;
  private readonly maxBatch: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private batchSize: number;
  /** Send events after this seq: HQ's last answer (or its high-water mark after a gap). */
  private sendAfter: number;
  private state: SyncState = 'stopped';
  private timer: TimerHandle | null = null;
  private timerDueAt: number | null = null;
  private running: Promise<DrainResult> | null = null;
  private rerun = false;
  private consecutiveFailures = 0;
  private lastSuccessAt: string | null = null;
  private lastErrorAt: string | null = null;
  private lastError: SyncStatus['lastError'] = null;
  private refusal: SyncStatus['refusal'] = null;
  private journaledFailing = false;
  private unsubscribe: (() => void) | null = null;
  /** A listener's failure is not the worker's: the emitter's rule (shared/events/typed-emitter.ts). */
  private readonly events: TypedEmitter<{ statusChanged: SyncStatus }>;

  constructor(private readonly options: SyncWorkerOptions) {
    this.journal = options.journal;
    this.client = options.client;
    this.clock = options.clock ?? systemClock;
    this.events = new TypedEmitter(options.onListenerError);
    this.random = options.random ?? Math.random;
    this.minBatch = options.batchSize?.min ?? 50;
    this.maxBatch = options.batchSize?.max ?? 5_000;
    this.batchSize = clamp(options.batchSize?.initial ?? 500, this.minBatch, this.maxBatch);
    this.baseMs = options.backoff?.baseMs ?? 1_000;
    this.maxMs = options.backoff?.maxMs ?? 5 * 60_000;
    this.sendAfter = this.journal.ackedSeq();
  }

  /** Resumes from the journal's stored cursor and pushes at once. */
  start(): void {
    if (this.state !== 'stopped') return;
    this.sendAfter = this.journal.ackedSeq();
    this.setState('idle');
    this.unsubscribe = this.journal.onAppend((row) => {
      if (IMPORTANT_EVENT_TYPES.has(row.type)) this.schedule(this.options.importantDelayMs ?? 100, true);
    });
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.clearTimer();
    this.setState('stopped');
    await this.running?.catch(() => undefined);
  }

  onStatusChange(listener: (status: SyncStatus) => void): () => void {
    return this.events.on('statusChanged', listener);
  }

  status(): SyncStatus {
    const stats = this.journal.stats();
    return {
      state: this.state,
      pending: stats.pending,
      ackedSeq: stats.ackedSeq,
      headSeq: stats.headSeq,
      lagMs: stats.oldestPendingAgeMs,
      lastSuccessAt: this.lastSuccessAt,
      lastErrorAt: this.lastErrorAt,
      lastError: this.lastError,
      refusal: this.refusal,
      consecutiveFailures: this.consecutiveFailures,
      batchSize: this.batchSize,
      nextAttemptAt: this.timerDueAt === null ? null : new Date(this.timerDueAt).toISOString(),
    };
  }

  /**
   * Pushes until nothing is pending or a push fails. Only one drain runs at
   * a time; a call during a drain runs another right after it, so events
   * appended meanwhile are included.
   */
  drain(): Promise<DrainResult> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    const run = (async () => {
      let result: DrainResult;
      do {
        this.rerun = false;
        result = await this.drainOnce();
      } while (this.rerun && result.ok);
      return result;
    })();
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = null;
    });
    return run;
  }

  private async drainOnce(): Promise<DrainResult> {
    let pushed = 0;
    if (this.state !== 'stopped') this.setState('pushing');
    for (;;) {
      const rows = this.journal.pending(this.sendAfter, this.batchSize);
      if (rows.length === 0 && this.journaledFailing) {
        // Journal the end of the outage and deliver that event in this same drain.
        this.journaledFailing = false;
        this.journal.append({ type: 'sync.recovered', actor: { kind: 'system' }, payload: { failedAttempts: Math.max(1, this.consecutiveFailures), pendingCount: 0 } });
        continue;
      }
      if (rows.length === 0) return this.succeeded(pushed);
      const batch = this.buildBatch(rows);
      const started = this.clock.now();
      let outcome: PushOutcome;
      try {
        outcome = await this.client.push(batch);
      } catch (error) {
        outcome = { kind: 'failed', failure: 'badResponse', detail: `push client threw: ${(error as Error).message}` };
      }
      const elapsed = this.clock.now() - started;
      switch (outcome.kind) {
        case 'accepted': {
          if (this.options.verifyReceipt && !(await this.options.verifyReceipt(outcome.receipt))) {
            return this.failed(pushed, 'badReceipt', 'HQ receipt signature does not verify');
          }
          const ack = this.journal.markAcknowledged(outcome.ackedThrough, outcome.receipt);
          if (!ack.ok) return this.failed(pushed, 'localAckFailed', `cannot record HQ acknowledgement through ${outcome.ackedThrough}: ${ack.code}`);
          pushed += Math.max(0, outcome.ackedThrough - this.sendAfter);
          this.sendAfter = ack.ackedSeq;
          if (this.refusal) this.refusal = null;
          if (elapsed < (this.options.fastPushMs ?? 1_000) && rows.length === this.batchSize) this.batchSize = clamp(this.batchSize * 2, this.minBatch, this.maxBatch);
          continue;
        }
        case 'gap': {
          // HQ holds less than we sent after (it lost data, or our cursor is
          // ahead of its answer): resend from its high-water mark, if we still
          // have those rows; purge only removes rows HQ acknowledged.
          const resend = this.journal.pending(outcome.highWaterMark, 1)[0];
          if (outcome.highWaterMark < this.sendAfter && resend?.seq === outcome.highWaterMark + 1) {
            this.sendAfter = outcome.highWaterMark;
            continue;
          }
          return this.failed(pushed, 'gap', `HQ holds through ${outcome.highWaterMark}; the kiosk cannot resend from there`);
        }
        case 'refused': {
          const fresh = this.refusal?.reason !== outcome.reason || this.refusal?.atSeq !== outcome.atSeq;
          this.refusal = outcome.atSeq === undefined ? { reason: outcome.reason } : { reason: outcome.reason, atSeq: outcome.atSeq };
          if (fresh) {
            const payload = outcome.atSeq === undefined ? { reason: outcome.reason } : { reason: outcome.reason, atSeq: outcome.atSeq };
            this.journal.append({ type: 'sync.refused', actor: { kind: 'system' }, payload });
          }
          return this.failed(pushed, 'refused', `HQ refused the batch: ${outcome.reason}${outcome.atSeq ? ` at seq ${outcome.atSeq}` : ''}`);
        }
        case 'failed': {
          if (outcome.failure === 'timeout' || outcome.failure === 'network') this.batchSize = clamp(Math.floor(this.batchSize / 2), this.minBatch, this.maxBatch);
          return this.failed(pushed, outcome.failure, outcome.detail, outcome.retryAfterMs);
        }
        default:
          return assertNever(outcome, 'push outcome');
      }
    }
  }

  private buildBatch(rows: JournalRow[]): JournalBatchRequest {
    const firstSeq = rows[0]!.seq;
    const last = rows.at(-1)!;
    const signature = this.options.signBatch({ kioskId: this.options.kioskId, firstSeq, lastSeq: last.seq, headHash: last.hash });
    return { firstSeq, lastSeq: last.seq, headHash: last.hash, events: rows, signature };
  }

  private succeeded(pushed: number): DrainResult {
    this.consecutiveFailures = 0;
    this.lastSuccessAt = new Date(this.clock.now()).toISOString();
    this.lastError = null;
    if (this.state !== 'stopped') {
      this.setState('idle');
      this.schedule(this.options.intervalMs ?? 30_000);
    }
    return { ok: true, pushed };
  }

  private failed(pushed: number, code: SyncErrorCode, detail: string, retryAfterMs?: number): DrainResult {
    this.consecutiveFailures++;
    this.lastErrorAt = new Date(this.clock.now()).toISOString();
    this.lastError = { code, detail };
    if (!this.journaledFailing && code !== 'refused') {
      // Journaled once per outage, not per attempt (see event-payloads.ts).
      this.journaledFailing = true;
      const error = code === 'localAckFailed' || code === 'badReceipt' ? 'badResponse' : code;
      this.journal.append({ type: 'sync.failing', actor: { kind: 'system' }, payload: { error, pendingCount: this.journal.stats().pending } });
    }
    if (this.state !== 'stopped') {
      this.setState(code === 'refused' ? 'refused' : 'backingOff');
      this.schedule(retryAfterMs === undefined ? this.backoffDelay() : this.retryAfterDelay(retryAfterMs));
    }
    return { ok: false, pushed, error: code };
  }

  /** Full jitter: uniform in [0, min(max, base * 2^(failures-1))]. */
  backoffDelay(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.consecutiveFailures - 1, 30));
    return Math.floor(this.random() * ceiling);
  }

  /**
   * HQ's Retry-After, honoured with jitter: uniform in [r, 2r] (never sooner
   * than asked), and never less than the ordinary backoff would wait.
   */
  retryAfterDelay(retryAfterMs: number): number {
    const asked = Math.min(retryAfterMs, this.maxMs);
    return Math.max(this.backoffDelay(), asked + Math.floor(this.random() * asked));
  }

  /** Arms the single timer; `sooner` only ever brings it forward. */
  private schedule(ms: number, sooner = false): void {
    if (this.state === 'stopped') return;
    const due = this.clock.now() + ms;
    if (this.timer !== null) {
      if (sooner && this.timerDueAt !== null && this.timerDueAt <= due) return;
      if (!sooner && this.running) return;
      this.clearTimer();
    }
    this.timerDueAt = due;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.timerDueAt = null;
      void this.drain();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerDueAt = null;
  }

  private setState(state: SyncState): void {
    if (this.state === state) return;
    this.state = state;
    this.events.emit('statusChanged', this.status());
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}


import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../../src/main/journal/journal';
import { ed25519BatchSigner } from '../../../src/main/sync/batch-signer';
import type { JournalPushClient, PushOutcome } from '../../../src/main/sync/journal-push-client';
import { SyncWorker, type SyncWorkerOptions } from '../../../src/main/sync/sync-worker';
import type { JournalBatchRequest } from '../../../src/shared/hq-api/journal-ingest';
import { ManualClock } from '../../support/manual-clock';
import { appendMany, KIOSK, openJournal, tempDir } from './journal-fixture';

/** An HQ stand-in that keeps a high-water mark and answers with scripted failures first. */
class ScriptedHq implements JournalPushClient {
  highWaterMark = 0;
  headHash = '0'.repeat(64);
  batches: JournalBatchRequest[] = [];
  script: (PushOutcome | 'hq')[] = [];

  async push(batch: JournalBatchRequest): Promise<PushOutcome> {
    this.batches.push(batch);
    const next = this.script.shift() ?? 'hq';
    if (next !== 'hq') return next;
    if (batch.firstSeq > this.highWaterMark + 1) return { kind: 'gap', highWaterMark: this.highWaterMark };
    if (batch.lastSeq > this.highWaterMark) {
      this.highWaterMark = batch.lastSeq;
      this.headHash = batch.headHash;
    }
    return { kind: 'accepted', ackedThrough: this.highWaterMark, inserted: 0, receipt: { kioskId: KIOSK, ackedThrough: this.highWaterMark, headHash: this.headHash, issuedAt: new Date(0).toISOString(), signature: 's' } };
  }
}

let temp: ReturnType<typeof tempDir>;
let journal: Journal;
let hq: ScriptedHq;
const signBatch = ed25519BatchSigner(generateKeyPairSync('ed25519').privateKey);

function worker(options: Partial<SyncWorkerOptions> = {}): SyncWorker {
  return new SyncWorker({ journal, client: hq, kioskId: KIOSK, signBatch, ...options });
}

beforeEach(() => {
  temp = tempDir();
  journal = openJournal(join(temp.dir, 'journal.db'));
  hq = new ScriptedHq();
});
afterEach(() => {
  journal.close();
  temp.remove();
});

const failure = (f: 'network' | 'timeout' | 'serverError' = 'network'): PushOutcome => ({ kind: 'failed', failure: f, detail: 'injected' });

describe('SyncWorker', () => {
  it('pushes everything after the acknowledged seq in signed, contiguous batches', async () => {
    appendMany(journal, 25);
    expect(await worker({ batchSize: { initial: 10, min: 10, max: 10 } }).drain()).toEqual({ ok: true, pushed: 25 });
    expect(hq.batches.map((b) => [b.firstSeq, b.lastSeq])).toEqual([[1, 10], [11, 20], [21, 25]]);
    for (const b of hq.batches) {
      expect(b.events.map((e) => e.seq)).toEqual(Array.from({ length: b.lastSeq - b.firstSeq + 1 }, (_, i) => b.firstSeq + i));
      expect(b.headHash).toBe(b.events.at(-1)!.hash);
      expect(b.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    }
    expect(journal.ackedSeq()).toBe(25);
  });

  it('advances only from HQ\'s answer: a lost answer re-sends the batch', async () => {
    appendMany(journal, 5);
    hq.script = [failure('timeout')];
    const w = worker();
    expect(await w.drain()).toEqual({ ok: false, pushed: 0, error: 'timeout' });
    expect(journal.ackedSeq()).toBe(0);
    expect(await w.drain()).toMatchObject({ ok: true });
    expect(journal.ackedSeq()).toBe(journal.stats().headSeq);
    expect(hq.batches[1]!.firstSeq).toBe(1);
  });

  it('journals an outage once and its end once', async () => {
    appendMany(journal, 3);
    hq.script = [failure(), failure(), failure('serverError')];
    const w = worker();
    for (let i = 0; i < 3; i++) expect((await w.drain()).ok).toBe(false);
    expect(w.status()).toMatchObject({ consecutiveFailures: 3, lastError: { code: 'serverError' } });
    expect(await w.drain()).toMatchObject({ ok: true });
    const types = journal.pending(0, 100).map((r) => r.type);
    expect(types.filter((t) => t === 'sync.failing')).toHaveLength(1);
    expect(types.filter((t) => t === 'sync.recovered')).toHaveLength(1);
    expect(journal.pending(0, 100).find((r) => r.type === 'sync.recovered')!.payload).toMatchObject({ failedAttempts: 3 });
    expect(w.status()).toMatchObject({ consecutiveFailures: 0, lastError: null, pending: 0 });
  });

  it('resends from HQ\'s high-water mark after a gap when it still has the rows', async () => {
    appendMany(journal, 10);
    await worker().drain();
    appendMany(journal, 5);
    hq.highWaterMark = 6; // HQ restored from an older backup
    const w = worker();
    expect(await w.drain()).toMatchObject({ ok: true });
    expect(hq.batches.at(-1)!.firstSeq).toBe(7);
  });

  it('reports a refusal, journals it once and keeps it in the status for technicians', async () => {
    appendMany(journal, 4);
    hq.script = [{ kind: 'refused', reason: 'brokenChain', atSeq: 3 }, { kind: 'refused', reason: 'brokenChain', atSeq: 3 }];
    const clock = new ManualClock();
    const w = worker({ clock });
    w.start();
    clock.advance(0);
    await w.drain();
    expect(w.status()).toMatchObject({ state: 'refused', refusal: { reason: 'brokenChain', atSeq: 3 }, lastError: { code: 'refused' } });
    const refusals = journal.pending(0, 100).filter((r) => r.type === 'sync.refused');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.payload).toEqual({ reason: 'brokenChain', atSeq: 3 });
    await w.stop();
  });

  it('backs off with full jitter, bounded by the maximum', async () => {
    appendMany(journal, 1);
    const draws = [0.999, 0.5, 0, 0.999, 0.999, 0.999, 0.999, 0.999, 0.999];
    const w = worker({ backoff: { baseMs: 100, maxMs: 1000 }, random: () => draws.shift() ?? 0.999 });
    hq.script = Array.from({ length: 9 }, () => failure());
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      await w.drain();
      delays.push(w.backoffDelay());
    }
    // Ceilings 100, 200, 400, 800, 1000, 1000...; each delay is random() times the ceiling.
    expect(delays.slice(0, 3)).toEqual([99, 100, 0]);
    expect(delays.slice(3)).toEqual([799, 999, 999, 999, 999, 999]);
  });

  it('waits what HQ asked with Retry-After (429), plus jitter up to as much again, and keeps the batch size', async () => {
    const clock = new ManualClock();
    appendMany(journal, 3);
    // Each failure draws twice: the ordinary backoff, then the Retry-After jitter.
    const draws = [0.5, 0.5, 0.999, 0];
    const w = worker({ clock, backoff: { baseMs: 1_000, maxMs: 300_000 }, batchSize: { initial: 100, min: 10, max: 100 }, random: () => draws.shift() ?? 0 });
    hq.script = [
      { kind: 'failed', failure: 'serverError', detail: 'HQ answered 429 busy', retryAfterMs: 10_000 },
      { kind: 'failed', failure: 'serverError', detail: 'HQ answered 429 busy', retryAfterMs: 10_000 },
    ];
    w.start();
    clock.advance(0);
    await w.drain();
    // Backoff alone would wait 0.5 x 1 s; HQ asked 10 s: 10 s + 0.5 x 10 s.
    expect(clock.pendingDelays).toEqual([15_000]);
    clock.advance(15_000);
    await w.drain();
    // A draw of 0 still waits the full Retry-After, never sooner.
    expect(clock.pendingDelays).toEqual([10_000]);
    expect(w.status().batchSize).toBe(100);
    await w.stop();
  });

  it('grows the batch after quick successes and halves it after timeouts', async () => {
    appendMany(journal, 200);
    const w = worker({ batchSize: { initial: 10, min: 5, max: 40 } });
    await w.drain();
    expect(hq.batches.map((b) => b.events.length).slice(0, 4)).toEqual([10, 20, 40, 40]);
    appendMany(journal, 10);
    hq.script = [failure('timeout'), failure('timeout'), failure('timeout'), failure('timeout')];
    for (let i = 0; i < 4; i++) await w.drain();
    expect(w.status().batchSize).toBe(5);
  });

  it('pushes soon after an important event and waits for the period otherwise', async () => {
    const clock = new ManualClock();
    const w = worker({ clock, intervalMs: 30_000, importantDelayMs: 100 });
    w.start();
    clock.advance(0);
    await w.drain();
    expect(clock.pendingDelays).toEqual([30_000]);
    journal.append({ type: 'card.taken', actor: { kind: 'customer' }, payload: {} });
    expect(clock.pendingDelays).toEqual([30_000]);
    journal.append({ type: 'card.captured', actor: { kind: 'customer' }, payload: { reason: 'lostOrStolen' } });
    expect(clock.pendingDelays).toEqual([100]);
    await w.stop();
    expect(clock.pendingDelays).toEqual([]);
  });

  it('resumes from the stored cursor after a restart', async () => {
    appendMany(journal, 8);
    await worker().drain();
    appendMany(journal, 2);
    const path = journal.path;
    journal.close();
    journal = Journal.open(path, { kioskId: KIOSK, freeBytes: () => 1e12 });
    hq.batches = [];
    expect(await worker().drain()).toEqual({ ok: true, pushed: 2 });
    expect(hq.batches[0]!.firstSeq).toBe(9);
  });

  it('refuses to record an acknowledgement for rows it does not have', async () => {
    appendMany(journal, 3);
    hq.script = [{ kind: 'accepted', ackedThrough: 3, inserted: 3, receipt: { kioskId: KIOSK, ackedThrough: 3, headHash: 'e'.repeat(64), issuedAt: new Date(0).toISOString(), signature: 's' } }];
    const w = worker();
    expect(await w.drain()).toMatchObject({ ok: false, error: 'localAckFailed' });
    expect(journal.ackedSeq()).toBe(0);
  });

  it('treats a receipt that does not verify as no answer', async () => {
    appendMany(journal, 3);
    const w = worker({ verifyReceipt: () => false });
    expect(await w.drain()).toMatchObject({ ok: false, error: 'badReceipt' });
    expect(journal.ackedSeq()).toBe(0);
  });
});

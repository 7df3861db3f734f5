/**
 * Sync under faults (issue 6): the kiosk's sync worker pushes through a
 * proxy that drops requests, loses answers after HQ committed, delays,
 * answers 500, resets connections, duplicates requests and restarts HQ
 * (store closed and reopened from disk). HQ must end with every event
 * exactly once, no gaps, and its cursor at the kiosk's head. Real HQ app,
 * real kiosk request signatures, PGlite and real PostgreSQL.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../../src/main/journal/journal';
import { ed25519BatchSigner, ed25519ReceiptVerifier } from '../../../src/main/sync/batch-signer';
import { HqClient } from '../../../src/main/hq-client/hq-client';
import { hqJournalPushClient } from '../../../src/main/sync/hq-journal-push-client';
import { SyncWorker } from '../../../src/main/sync/sync-worker';
import { readKioskJournalPosition } from '../../../src/hq/journal-ingest/journal-positions';
import { startFaultProxy, type Fault, type FaultKind, type FaultProxy } from '../../support/fault-proxy';
import { tempDir } from '../../unit/journal/journal-fixture';
import { enrolKiosk, generateHqKeys, openHqStore, startHq, STORE_KINDS, type HqStore, type RunningHq } from './hq-fixture';

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS: Fault[] = [
  { kind: 'drop' }, { kind: 'loseResponse' }, { kind: 'delay', ms: 40 }, { kind: 'error500' },
  { kind: 'reset' }, { kind: 'duplicate' }, { kind: 'restartUpstream' },
];

async function until(condition: () => boolean | Promise<boolean>, what: string, guardMs = 45_000): Promise<void> {
  // A hang guard, not a timing assertion: the condition decides.
  const deadline = Date.now() + guardMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

describe.each(STORE_KINDS)('sync under faults on %s', (kind) => {
  // One store per kind: opening PGlite from disk and migrating is the slow part.
  let store: HqStore;
  let kioskNumber = 0;
  beforeAll(async () => { store = await openHqStore(kind); });
  afterAll(async () => { await store.dispose(); });
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  });

  it('delivers every event exactly once through drops, lost answers, delays, 500s, resets, duplicates and HQ restarts', async () => {
    // On PostgreSQL HQ is also cut off mid-batch: its sessions are killed while
    // a batch may be inside its transaction (PGlite has no separate server to kill).
    const faults: Fault[] = kind === 'postgres' ? [...FAULTS, { kind: 'interruptUpstream', afterMs: 3 }] : FAULTS;
    const seed = Number(process.env.SYNC_FAULT_SEED ?? 20250106);
    const random = prng(seed);
    const hqKeys = generateHqKeys();
    const kiosk = await enrolKiosk(store.db, `KIOSK-F-${++kioskNumber}`);
    let hq: RunningHq = await startHq(store.db, hqKeys);
    cleanups.push(() => hq.stop());

    let healed = false;
    // Every fault kind early on (so each is certain to occur), then a random mix with passes.
    const plan = (i: number): Fault => {
      if (healed) return { kind: 'pass' };
      if (i < faults.length * 2) return i % 2 === 0 ? faults[i / 2]! : { kind: 'pass' };
      return random() < 0.4 ? { kind: 'pass' } : faults[Math.floor(random() * faults.length)]!;
    };
    const proxy: FaultProxy = await startFaultProxy({
      upstream: hq.url,
      plan,
      async onRestartUpstream() {
        await hq.stop();
        await store.reopen();
        hq = await startHq(store.db, hqKeys);
        proxy.setUpstream(hq.url);
      },
      async onInterruptUpstream() {
        await store.killSessions?.();
        await hq.stop().catch(() => undefined);
        await store.reopen();
        hq = await startHq(store.db, hqKeys);
        proxy.setUpstream(hq.url);
      },
    });
    cleanups.push(() => proxy.close());

    const temp = tempDir();
    cleanups.push(() => temp.remove());
    const journal = Journal.open(join(temp.dir, 'journal.db'), { kioskId: kiosk.kioskId, freeBytes: () => 1e12 });
    cleanups.push(() => journal.close());
    const worker = new SyncWorker({
      journal,
      client: hqJournalPushClient(new HqClient({ baseUrl: proxy.url, kioskId: kiosk.kioskId, privateKey: kiosk.privateKey, timeoutMs: 5_000 })),
      kioskId: kiosk.kioskId,
      signBatch: ed25519BatchSigner(kiosk.privateKey),
      verifyReceipt: ed25519ReceiptVerifier(hqKeys.receiptPublicKey),
      batchSize: { initial: 16, min: 4, max: 64 },
      backoff: { baseMs: 5, maxMs: 40 },
      intervalMs: 10,
      importantDelayMs: 1,
    });
    cleanups.push(() => worker.stop());
    worker.start();

    // Keep the kiosk busy until every fault has met a request (requests only flow while events are pending).
    const allFaultsSeen = () => proxy.counts.restartUpstream >= 2 && faults.every((f) => proxy.counts[f.kind] > 0);
    const guard = Date.now() + 45_000;
    for (let round = 0; round < 12 || !allFaultsSeen(); round++) {
      if (Date.now() > guard) throw new Error(`not every fault happened: ${JSON.stringify(proxy.counts)}`);
      for (let i = 0; i < 25; i++) {
        const result = journal.append(i % 10 === 9
          ? { type: 'card.captured', actor: { kind: 'customer', maskedCard: '******0001' }, payload: { reason: 'notTaken' } }
          : { type: 'retainBin.emptied', actor: { kind: 'technician', technicianId: 'TE-1' }, payload: { cardsRemoved: i } });
        expect(result.ok).toBe(true);
      }
      await new Promise((r) => setTimeout(r, 20 + Math.floor(random() * 30)));
    }
    healed = true;
    await until(() => journal.stats().pending === 0 && worker.status().state === 'idle', 'the kiosk to be fully acknowledged');
    await worker.stop();
    // The worker may have journaled its recovery after the last push; deliver that too.
    expect(await worker.drain()).toMatchObject({ ok: true });

    const head = journal.stats();
    expect(head.pending).toBe(0);
    expect(head.ackedSeq).toBe(head.headSeq);
    const kioskRows = journal.pending(0, 100_000);
    const hqRows = await store.db.query<{ seq: number | string; hash: string }>("SELECT seq, encode(hash, 'hex') AS hash FROM journal_events WHERE kiosk_id = $1 ORDER BY seq", [kiosk.kioskId]);
    expect(hqRows.rows.map((r) => Number(r.seq))).toEqual(kioskRows.map((r) => r.seq));
    expect(hqRows.rows.map((r) => r.hash)).toEqual(kioskRows.map((r) => r.hash));
    const position = await readKioskJournalPosition(store.db, kiosk.kioskId);
    expect(position).toMatchObject({ highWaterMark: head.headSeq, headHash: head.headHash, eventCount: head.headSeq, openAlerts: [] });
    // The outage was journaled and delivered like any other event.
    expect(kioskRows.some((r) => r.type === 'sync.failing')).toBe(true);
    expect(kioskRows.some((r) => r.type === 'sync.recovered')).toBe(true);
    expect(journal.receipts(1)[0]).toMatchObject({ ackedThrough: head.headSeq, headHash: head.headHash });
    const seen = Object.entries(proxy.counts).filter(([, n]) => n > 0).map(([k]) => k as FaultKind);
    expect(seen.sort()).toEqual(['delay', 'drop', 'duplicate', 'error500', ...(kind === 'postgres' ? ['interruptUpstream'] : []), 'loseResponse', 'pass', 'reset', 'restartUpstream']);
  });

  it('resumes from the stored cursor after a kiosk restart, re-sending at most what HQ already has', async () => {
    const hqKeys = generateHqKeys();
    const kiosk = await enrolKiosk(store.db, `KIOSK-F-${++kioskNumber}`);
    const hq = await startHq(store.db, hqKeys);
    cleanups.push(() => hq.stop());
    const temp = tempDir();
    cleanups.push(() => temp.remove());
    const path = join(temp.dir, 'journal.db');
    const make = (journal: Journal) => new SyncWorker({
      journal, kioskId: kiosk.kioskId, signBatch: ed25519BatchSigner(kiosk.privateKey),
      client: hqJournalPushClient(new HqClient({ baseUrl: hq.url, kioskId: kiosk.kioskId, privateKey: kiosk.privateKey })),
      batchSize: { initial: 10, min: 10, max: 10 },
    });

    let journal = Journal.open(path, { kioskId: kiosk.kioskId, freeBytes: () => 1e12 });
    for (let i = 0; i < 35; i++) journal.append({ type: 'card.taken', actor: { kind: 'customer' }, payload: {} });
    expect(await make(journal).drain()).toEqual({ ok: true, pushed: 35 });
    for (let i = 0; i < 7; i++) journal.append({ type: 'card.taken', actor: { kind: 'customer' }, payload: {} });
    journal.close();

    journal = Journal.open(path, { kioskId: kiosk.kioskId, freeBytes: () => 1e12 });
    cleanups.push(() => journal.close());
    expect(journal.ackedSeq()).toBe(35);
    expect(await make(journal).drain()).toEqual({ ok: true, pushed: 7 });
    const position = await readKioskJournalPosition(store.db, kiosk.kioskId);
    expect(position).toMatchObject({ highWaterMark: 42, eventCount: 42 });
  });
});

/**
 * HQ's ingest on both stores: exactly once, gaps refused with the
 * high-water mark, tampering refused and raised as an alert (issue 6).
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/hq/journal-ingest/ingest-batch';
import { readFleetJournalPositions, readKioskJournalPosition } from '../../../src/hq/journal-ingest/journal-positions';
import { ed25519BatchSigner, ed25519ReceiptVerifier } from '../../../src/main/sync/batch-signer';
import { Journal } from '../../../src/main/journal/journal';
import { chainInput, type JournalRow } from '../../../src/shared/journal';
import type { JournalBatchRequest } from '../../../src/shared/hq-api/journal-ingest';
import { sha256Hex } from '../../../src/main/journal/sha256';
import { enrolKiosk, generateHqKeys, openHqStore, STORE_KINDS, type EnrolledKiosk, type HqStore } from './hq-fixture';
import { tempDir } from '../../unit/journal/journal-fixture';

describe.each(STORE_KINDS)('journal ingest on %s', (kind) => {
  let store: HqStore;
  let kiosk: EnrolledKiosk;
  let journal: Journal;
  let temp: ReturnType<typeof tempDir>;
  const hqKeys = generateHqKeys();
  const verifyReceipt = ed25519ReceiptVerifier(hqKeys.receiptPublicKey);

  beforeAll(async () => { store = await openHqStore(kind); });
  afterAll(async () => { await store.dispose(); });

  let kioskCounter = 0;
  beforeEach(async () => {
    kiosk = await enrolKiosk(store.db, `KIOSK-I-${++kioskCounter}`);
    temp = tempDir();
    journal = Journal.open(join(temp.dir, 'journal.db'), { kioskId: kiosk.kioskId, freeBytes: () => 1e12 });
    for (let i = 0; i < 30; i++) journal.append({ type: 'retainBin.emptied', actor: { kind: 'technician', technicianId: 'TE-1' }, payload: { cardsRemoved: i } });
  });
  afterEach(() => { journal.close(); temp.remove(); });

  function batchOf(rows: JournalRow[], signWith = kiosk.privateKey): JournalBatchRequest {
    const last = rows.at(-1)!;
    const signature = ed25519BatchSigner(signWith)({ kioskId: kiosk.kioskId, firstSeq: rows[0]!.seq, lastSeq: last.seq, headHash: last.hash });
    return { firstSeq: rows[0]!.seq, lastSeq: last.seq, headHash: last.hash, events: rows, signature };
  }
  const ingest = (batch: JournalBatchRequest) => ingestBatch(store.db, kiosk.kioskId, batch, hqKeys.receiptPrivateKey);

  async function storedSeqs(): Promise<number[]> {
    return (await store.db.query<{ seq: number }>('SELECT seq FROM journal_events WHERE kiosk_id = $1 ORDER BY seq', [kiosk.kioskId])).rows.map((r) => Number(r.seq));
  }

  it('stores a batch once and answers a repeat with the same acknowledgement and a signed receipt', async () => {
    const batch = batchOf(journal.pending(0, 10));
    const first = await ingest(batch);
    expect(first).toMatchObject({ outcome: 'accepted', ackedThrough: 10, inserted: 10 });
    if (first.outcome !== 'accepted') throw new Error('unreachable');
    expect(verifyReceipt(first.receipt)).toBe(true);
    expect(first.receipt.headHash).toBe(batch.headHash);
    expect(verifyReceipt({ ...first.receipt, ackedThrough: 11 })).toBe(false);

    expect(await ingest(batch)).toMatchObject({ outcome: 'accepted', ackedThrough: 10, inserted: 0 });
    // Overlapping: 6-20 stores only 11-20.
    expect(await ingest(batchOf(journal.pending(5, 15)))).toMatchObject({ outcome: 'accepted', ackedThrough: 20, inserted: 10 });
    expect(await storedSeqs()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await readKioskJournalPosition(store.db, kiosk.kioskId)).toMatchObject({ highWaterMark: 20, headHash: journal.pending(19, 1)[0]!.hash, eventCount: 20, openAlerts: [] });
  });

  it('keeps the rows exactly as the kiosk hashed them', async () => {
    await ingest(batchOf(journal.pending(0, 30)));
    const rows = await store.db.query<{ seq: number; occurred_at: Date; monotonic_ms: number; session_id: string | null; type: string; actor: unknown; payload: Record<string, unknown>; prev_hash: string; hash: string }>(
      // Hashes are stored as 32-byte bytea (migration 101); read them back as the kiosk's hex.
      "SELECT *, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash FROM journal_events WHERE kiosk_id = $1 ORDER BY seq", [kiosk.kioskId]);
    for (const r of rows.rows) {
      const row = {
        seq: Number(r.seq), occurredAt: new Date(r.occurred_at).toISOString(), monotonicMs: Number(r.monotonic_ms), kioskId: kiosk.kioskId,
        sessionId: r.session_id, type: r.type as JournalRow['type'], actor: r.actor as JournalRow['actor'], payload: r.payload, prevHash: r.prev_hash,
      };
      expect(sha256Hex(chainInput(row))).toBe(r.hash);
    }
  });

  it('refuses a gap with its high-water mark and stores nothing', async () => {
    await ingest(batchOf(journal.pending(0, 10)));
    expect(await ingest(batchOf(journal.pending(12, 5)))).toEqual({ outcome: 'gap', highWaterMark: 10 });
    expect(await storedSeqs()).toHaveLength(10);
  });

  it('refuses an edited row and raises a tamper alert', async () => {
    await ingest(batchOf(journal.pending(0, 10)));
    const rows = journal.pending(10, 10);
    rows[3] = { ...rows[3]!, payload: { cardsRemoved: 77 } };
    expect(await ingest(batchOf(rows))).toEqual({ outcome: 'refused', reason: 'brokenChain', atSeq: 14 });
    expect(await storedSeqs()).toHaveLength(10);
    const position = await readKioskJournalPosition(store.db, kiosk.kioskId);
    expect(position.highWaterMark).toBe(10);
    expect(position.openAlerts).toMatchObject([{ kind: 'brokenChain', atSeq: 14 }]);
    expect((await readFleetJournalPositions(store.db)).get(kiosk.kioskId)).toMatchObject({ ackedThrough: 10, tamperAlerts: 1 });
  });

  it('refuses an edited row whose hash was recomputed (it no longer links)', async () => {
    const rows = journal.pending(0, 10);
    const forged = { ...rows[4]!, payload: { cardsRemoved: 77 } };
    rows[4] = { ...forged, hash: sha256Hex(chainInput(forged)) };
    expect(await ingest(batchOf(rows))).toMatchObject({ outcome: 'refused', reason: 'brokenChain', atSeq: 6 });
  });

  it('refuses deleted and reordered rows', async () => {
    const rows = journal.pending(0, 10);
    const withHole = [...rows.slice(0, 4), ...rows.slice(5)];
    expect(await ingest(batchOf(withHole))).toMatchObject({ outcome: 'refused', reason: 'batchMismatch' });
    const reordered = [...rows];
    [reordered[2], reordered[3]] = [reordered[3]!, reordered[2]!];
    expect(await ingest(batchOf(reordered))).toMatchObject({ outcome: 'refused', reason: 'batchMismatch' });
    // Reordered with seqs renumbered: the chain shows it.
    const renumbered = reordered.map((r, i) => ({ ...r, seq: i + 1 }));
    expect(await ingest(batchOf(renumbered))).toMatchObject({ outcome: 'refused', reason: 'brokenChain', atSeq: 3 });
    expect(await storedSeqs()).toHaveLength(0);
  });

  it('refuses a batch signed with another key', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey;
    expect(await ingest(batchOf(journal.pending(0, 10), stranger))).toEqual({ outcome: 'refused', reason: 'badSignature' });
    const position = await readKioskJournalPosition(store.db, kiosk.kioskId);
    expect(position.openAlerts).toMatchObject([{ kind: 'badSignature' }]);
    expect(await storedSeqs()).toHaveLength(0);
  });

  it('refuses a row it holds that arrives again with another hash (history rewritten)', async () => {
    await ingest(batchOf(journal.pending(0, 10)));
    const rows = journal.pending(0, 12);
    const forged = { ...rows[9]!, payload: { cardsRemoved: 55 } };
    rows[9] = { ...forged, hash: sha256Hex(chainInput(forged)) };
    expect(await ingest(batchOf(rows))).toMatchObject({ outcome: 'refused', reason: 'historyConflict', atSeq: 10 });
  });

  it('refuses rows that name another kiosk', async () => {
    const rows = journal.pending(0, 3).map((r) => ({ ...r, kioskId: 'KIOSK-OTHER' }));
    expect(await ingest(batchOf(rows))).toMatchObject({ outcome: 'refused', reason: 'batchMismatch' });
  });

  it('serialises concurrent copies of one batch: each row once', async () => {
    const batch = batchOf(journal.pending(0, 30));
    const answers = await Promise.all([ingest(batch), ingest(batch), ingest(batch)]);
    expect(answers.every((a) => a.outcome === 'accepted' && a.ackedThrough === 30)).toBe(true);
    expect(answers.reduce((n, a) => n + (a.outcome === 'accepted' ? a.inserted : 0), 0)).toBe(30);
    expect(await storedSeqs()).toHaveLength(30);
  });

  it('accepts a declared restart after quarantine and raises the gap for people to see', async () => {
    await ingest(batchOf(journal.pending(0, 10)));
    const restart = journal.pending(0, 1)[0]!;
    const unhashed = {
      ...restart, seq: 41, type: 'journal.restarted' as const, prevHash: journal.pending(19, 1)[0]!.hash,
      payload: { reason: 'corrupt', quarantinedAs: 'journal.db.corrupt-x', previousHeadSeq: 40, previousHeadHash: null, salvagedThroughSeq: 20 },
    };
    const row = { ...unhashed, hash: sha256Hex(chainInput(unhashed)) };
    expect(await ingest(batchOf([row]))).toMatchObject({ outcome: 'accepted', ackedThrough: 41, inserted: 1 });
    const position = await readKioskJournalPosition(store.db, kiosk.kioskId);
    expect(position.openAlerts).toMatchObject([{ kind: 'declaredGap', atSeq: 41 }]);
    expect(position.openAlerts[0]!.detail).toContain('11..40');
  });

  it('refuses an unknown or disabled kiosk', async () => {
    await store.db.query('UPDATE kiosks SET enabled = false WHERE kiosk_id = $1', [kiosk.kioskId]);
    expect(await ingest(batchOf(journal.pending(0, 3)))).toEqual({ outcome: 'refused', reason: 'unknownKiosk' });
  });
});

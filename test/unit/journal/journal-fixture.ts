import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, type JournalClock, type JournalOptions } from '../../../src/main/journal/journal';
import type { JournalReceipt } from '../../../src/shared/hq-api/journal-ingest';

export const KIOSK = 'K-TEST-01';

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'journal-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2025-01-06T01:00:00.000Z')): JournalClock & { advance(ms: number): void } {
  let now = start;
  let mono = 1_000;
  return {
    now: () => now,
    monotonicMs: () => mono,
    advance(ms: number) { now += ms; mono += ms; },
  };
}

export function openJournal(path: string, options: Partial<JournalOptions> = {}): Journal {
  return Journal.open(path, { kioskId: KIOSK, freeBytes: () => 10 * 1024 ** 3, ...options });
}

export function appendMany(journal: Journal, n: number): number[] {
  const seqs: number[] = [];
  for (let i = 0; i < n; i++) {
    const result = journal.append({ type: 'retainBin.emptied', actor: { kind: 'technician', technicianId: 'TE-1' }, payload: { cardsRemoved: i % 100 } });
    if (!result.ok) throw new Error(`append failed: ${JSON.stringify(result.error)}`);
    seqs.push(result.seq);
  }
  return seqs;
}

/** A receipt as HQ would send it (signature not checked by the journal itself). */
export function receiptFor(journal: Journal, seq: number): JournalReceipt {
  const row = journal.pending(seq - 1, 1)[0]!;
  return { kioskId: KIOSK, ackedThrough: seq, headHash: row.hash, issuedAt: '2025-01-06T01:00:00.000Z', signature: 'x'.repeat(86) + '==' };
}

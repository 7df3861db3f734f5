/**
 * Hash-chained journal rows and signed batches for HQ-side tests that need
 * rows at chosen seqs without a kiosk journal (partitions, archive).
 */
import { createHash, type KeyObject } from 'node:crypto';
import { ed25519BatchSigner } from '../../../src/main/sync/batch-signer';
import { chainInput, type JournalRow } from '../../../src/shared/journal';
import type { JournalBatchRequest } from '../../../src/shared/hq-api/journal-ingest';

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** `count` rows from `fromSeq`, linked from `prevHash`. */
export function chainRows(kioskId: string, fromSeq: number, count: number, prevHash: string, occurredAt = new Date('2030-01-01T00:00:00.000Z')): JournalRow[] {
  const rows: JournalRow[] = [];
  let prev = prevHash;
  for (let i = 0; i < count; i++) {
    const seq = fromSeq + i;
    const unhashed = {
      seq, occurredAt: occurredAt.toISOString(), monotonicMs: seq * 10, kioskId, sessionId: null,
      type: 'retainBin.emptied' as const, actor: { kind: 'technician' as const, technicianId: 'TE-1' }, payload: { cardsRemoved: seq },
    };
    const row = { ...unhashed, prevHash: prev, hash: sha256Hex(chainInput({ ...unhashed, prevHash: prev })) } as JournalRow;
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

export function signedBatch(kioskId: string, rows: JournalRow[], key: KeyObject): JournalBatchRequest {
  const last = rows.at(-1)!;
  const signature = ed25519BatchSigner(key)({ kioskId, firstSeq: rows[0]!.seq, lastSeq: last.seq, headHash: last.hash });
  return { firstSeq: rows[0]!.seq, lastSeq: last.seq, headHash: last.hash, events: rows, signature };
}

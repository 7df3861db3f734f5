/**
 * What HQ has acknowledged (issue 6): the sync cursor, advanced from HQ's
 * answer only, HQ's signed receipts kept as proof of delivery, and the
 * retention purge of acknowledged rows.
 */
import type Database from 'better-sqlite3';
import { JournalReceipt } from '../../shared/hq-api/journal-ingest';
import type { JournalWriteFault } from './journal-health';
import { isoNow, type JournalClock } from './journal-options';
import { readAckedSeq, readHead, readMeta, type JournalStatements } from './journal-statements';

export type AcknowledgeResult =
  | { ok: true; ackedSeq: number }
  | { ok: false; code: 'beyondHead' | 'hashMismatch' | 'badReceipt' | JournalWriteFault };

export interface StoredReceipt extends JournalReceipt {
  receivedAt: string;
}

/** See Journal.markAcknowledged; a write SQLite refuses goes to `noteWriteFailure`. */
export function recordAcknowledgement(
  db: Database.Database,
  statements: JournalStatements,
  clock: JournalClock,
  seq: number,
  receipt: JournalReceipt,
  noteWriteFailure: (error: unknown) => { fault: JournalWriteFault },
): AcknowledgeResult {
  if (!JournalReceipt.safeParse(receipt).success || receipt.ackedThrough !== seq) return { ok: false, code: 'badReceipt' };
  const record = db.transaction((): AcknowledgeResult => {
    const current = readAckedSeq(statements);
    const row = statements.hashAt.get(seq) as { hash: string } | undefined;
    const meta = readMeta(db);
    const hash = row?.hash ?? (Number(meta.get('anchor_seq')) === seq ? meta.get('anchor_hash') : undefined);
    if (hash === undefined) return { ok: false, code: seq > readHead(db, statements).seq ? 'beyondHead' : 'hashMismatch' };
    if (hash !== receipt.headHash) return { ok: false, code: 'hashMismatch' };
    statements.insertReceipt.run(receipt.ackedThrough, receipt.headHash, receipt.issuedAt, receipt.signature, isoNow(clock));
    if (seq > current) statements.advanceCursor.run(seq, hash, isoNow(clock));
    return { ok: true, ackedSeq: Math.max(seq, current) };
  });
  // A journal that cannot write (full, read-only) cannot record HQ's
  // receipt either: the rows stay pending and are sent again later, which
  // HQ answers idempotently (issue 6).
  try {
    return record.immediate();
  } catch (error) {
    return { ok: false, code: noteWriteFailure(error).fault };
  }
}

/** HQ's receipts, newest first. */
export function readReceipts(statements: JournalStatements, kioskId: string, limit: number): StoredReceipt[] {
  return (statements.receipts.all(limit) as { acked_through: number; head_hash: string; issued_at: string; signature: string; received_at: string }[])
    .map((r) => ({ kioskId, ackedThrough: r.acked_through, headHash: r.head_hash, issuedAt: r.issued_at, signature: r.signature, receivedAt: r.received_at }));
}

/** See Journal.purge: deletes acknowledged rows up to the first one at or after `cutoff`, keeping the head, and moves the anchor. */
export function purgeAcknowledged(db: Database.Database, statements: JournalStatements, cutoff: string): { purged: number } {
  return db.transaction(() => {
    const limit = Math.min(readAckedSeq(statements), readHead(db, statements).seq - 1);
    const young = statements.firstYoungAtOrBelow.get(limit, cutoff) as { s: number | null };
    const lastToDelete = young.s === null ? limit : young.s - 1;
    const anchor = statements.hashAt.get(lastToDelete) as { hash: string } | undefined;
    if (!anchor) return { purged: 0 };
    const { changes } = statements.deleteThrough.run(lastToDelete);
    const setMeta = db.prepare('INSERT OR REPLACE INTO journal_meta (key, value) VALUES (?, ?)');
    setMeta.run('anchor_seq', String(lastToDelete));
    setMeta.run('anchor_hash', anchor.hash);
    return { purged: changes };
  }).immediate();
}

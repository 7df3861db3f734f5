/**
 * The journal's prepared statements, and the small reads every part of the
 * journal shares: the meta table, the head, HQ's acknowledged seq.
 */
import Database from 'better-sqlite3';
import { GENESIS_HASH, type JournalRow, type ParsedJournalEvent } from '../../shared/journal';
import { EVENT_COLUMNS } from './journal-rows';

type Statement = Database.Statement;

export interface JournalStatements {
  head: Statement;
  count: Statement;
  cursor: Statement;
  pendingCount: Statement;
  oldestPending: Statement;
  pendingRows: Statement;
  tailRows: Statement;
  rowsAfter: Statement;
  hashAt: Statement;
  receipts: Statement;
  firstYoungAtOrBelow: Statement;
  // Writes: not there on a read-only handle.
  insert: Statement;
  insertReceipt: Statement;
  advanceCursor: Statement;
  deleteThrough: Statement;
  /** Set by the journal once connected (the transaction calls back into it). */
  appendTransaction: Database.Transaction<(event: ParsedJournalEvent) => JournalRow>;
}

export function prepareStatements(db: Database.Database, readonly: boolean): JournalStatements {
  const select = {
    head: db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'),
    count: db.prepare('SELECT count(*) AS n FROM events'),
    cursor: db.prepare('SELECT acked_seq FROM sync_cursor WHERE id = 1'),
    pendingCount: db.prepare('SELECT count(*) AS n FROM events WHERE seq > ?'),
    oldestPending: db.prepare('SELECT occurred_at FROM events WHERE seq > ? ORDER BY seq LIMIT 1'),
    pendingRows: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`),
    tailRows: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY seq DESC LIMIT ?`),
    rowsAfter: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`),
    hashAt: db.prepare('SELECT hash FROM events WHERE seq = ?'),
    receipts: db.prepare('SELECT acked_through, head_hash, issued_at, signature, received_at FROM receipts ORDER BY acked_through DESC LIMIT ?'),
    firstYoungAtOrBelow: db.prepare('SELECT min(seq) AS s FROM events WHERE seq <= ? AND occurred_at >= ?'),
  };
  // A read-only handle cannot prepare writes; `append` refuses before it would use them.
  return { ...select, ...(readonly ? ({} as ReturnType<typeof writeStatements>) : writeStatements(db)) };
}

function writeStatements(db: Database.Database) {
  return {
    insert: db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertReceipt: db.prepare('INSERT OR REPLACE INTO receipts (acked_through, head_hash, issued_at, signature, received_at) VALUES (?, ?, ?, ?, ?)'),
    advanceCursor: db.prepare('UPDATE sync_cursor SET acked_seq = ?, acked_hash = ?, updated_at = ? WHERE id = 1'),
    deleteThrough: db.prepare('DELETE FROM events WHERE seq <= ?'),
    appendTransaction: null as unknown as Database.Transaction<(event: ParsedJournalEvent) => JournalRow>,
  };
}

export function readMeta(db: Database.Database): Map<string, string> {
  return new Map((db.prepare('SELECT key, value FROM journal_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
}

/** The last row's seq and hash; with no rows, the chain's anchor. */
export function readHead(db: Database.Database, statements: JournalStatements): { seq: number; hash: string } {
  const head = statements.head.get() as { seq: number; hash: string } | undefined;
  if (head) return head;
  const meta = readMeta(db);
  return { seq: Number(meta.get('anchor_seq') ?? 0), hash: meta.get('anchor_hash') ?? GENESIS_HASH };
}

/** The seq HQ acknowledged last (the sync cursor). */
export function readAckedSeq(statements: JournalStatements): number {
  return (statements.cursor.get() as { acked_seq: number }).acked_seq;
}

/**
 * Mapping between SQLite rows and `JournalRow`, and the chain walk shared by
 * `verify()` and the salvage of a quarantined file.
 */
import { chainInput, JournalRow, type JournalEventType, type JournalActor } from '../../shared/journal';
import { sha256Hex } from './sha256';

export interface SqliteEventRow {
  seq: number;
  occurred_at: string;
  monotonic_ms: number;
  kiosk_id: string;
  session_id: string | null;
  type: string;
  actor: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

export const EVENT_COLUMNS = 'seq, occurred_at, monotonic_ms, kiosk_id, session_id, type, actor, payload, prev_hash, hash';

export function fromSqlite(row: SqliteEventRow): JournalRow {
  return {
    seq: row.seq,
    occurredAt: row.occurred_at,
    monotonicMs: row.monotonic_ms,
    kioskId: row.kiosk_id,
    sessionId: row.session_id,
    type: row.type as JournalEventType,
    actor: JSON.parse(row.actor) as JournalActor,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export type RowProblem = 'seqGap' | 'prevHashMismatch' | 'hashMismatch' | 'invalidRow' | 'unreadable';

export interface ChainWalker {
  /** Checks the next row; returns the problem, or null when it continues the chain. */
  next(raw: SqliteEventRow): RowProblem | null;
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly count: number;
}

/** Starts at the anchor (the row before the first kept row) and checks each row continues from it. */
export function chainWalker(anchorSeq: number, anchorHash: string): ChainWalker {
  let lastSeq = anchorSeq;
  let lastHash = anchorHash;
  let count = 0;
  return {
    next(raw) {
      // The one declared break: a successor journal's restart event may skip
      // seqs a damaged predecessor used (see quarantine.ts); HQ raises it as a gap.
      const declaredGap = raw.type === 'journal.restarted' && raw.seq > lastSeq;
      if (raw.seq !== lastSeq + 1 && !declaredGap) return 'seqGap';
      let row: JournalRow;
      try {
        row = fromSqlite(raw);
      } catch {
        return 'invalidRow';
      }
      if (row.prevHash !== lastHash) return 'prevHashMismatch';
      if (sha256Hex(chainInput(row)) !== row.hash) return 'hashMismatch';
      // The schema is checked after the hash: a row that hashes right but no
      // longer passes the schema was written by an older, laxer version.
      if (!JournalRow.safeParse(row).success) return 'invalidRow';
      lastSeq = row.seq;
      lastHash = row.hash;
      count++;
      return null;
    },
    get lastSeq() { return lastSeq; },
    get lastHash() { return lastHash; },
    get count() { return count; },
  };
}

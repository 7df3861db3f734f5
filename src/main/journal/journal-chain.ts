/**
 * The journal's hash chain: each new row continues from the head (its
 * `prevHash` is the head's hash, its `hash` covers the whole row), and the
 * walk that re-checks the chain from its anchor.
 */
import type Database from 'better-sqlite3';
import { canonicalJson, chainInput, GENESIS_HASH, type JournalRow, type ParsedJournalEvent } from '../../shared/journal';
import { isCorruptionError } from './journal-health';
import { isoNow, type JournalClock } from './journal-options';
import { chainWalker, type RowProblem, type SqliteEventRow } from './journal-rows';
import { readHead, type JournalStatements } from './journal-statements';
import { sha256Hex } from './sha256';

export type VerifyResult =
  | { ok: true; checked: number; headSeq: number; headHash: string }
  | { ok: false; checked: number; firstBadSeq: number; problem: RowProblem | 'headBehindAcknowledged' };

/**
 * Builds and inserts the row after the head. Runs inside `BEGIN IMMEDIATE`,
 * so the head read and the insert are one transaction. `nextSeqOverride`:
 * the seq a successor journal's first row takes (quarantine.ts).
 */
export function insertChainedRow(
  db: Database.Database,
  statements: JournalStatements,
  event: ParsedJournalEvent,
  stamp: { kioskId: string; clock: JournalClock; nextSeqOverride: number | null },
): JournalRow {
  const head = readHead(db, statements);
  const seq = stamp.nextSeqOverride ?? head.seq + 1;
  const unhashed = {
    seq,
    occurredAt: isoNow(stamp.clock),
    monotonicMs: stamp.clock.monotonicMs(),
    kioskId: stamp.kioskId,
    sessionId: event.sessionId,
    type: event.type,
    actor: event.actor,
    payload: event.payload,
    prevHash: head.hash,
  };
  const encoded = { actor: canonicalJson(unhashed.actor), payload: canonicalJson(unhashed.payload) };
  const row: JournalRow = { ...unhashed, hash: sha256Hex(chainInput(unhashed, encoded)) };
  statements.insert.run(row.seq, row.occurredAt, row.monotonicMs, row.kioskId, row.sessionId, row.type,
    encoded.actor, encoded.payload, row.prevHash, row.hash);
  return row;
}

/**
 * What the chain walk reads, asked afresh at each use: a walk in slices
 * spans turns of the event loop, and the journal's database may be
 * replaced meanwhile (Journal.recover).
 */
export interface ChainSource {
  meta(): Map<string, string>;
  rowsAfter(seq: number, limit: number): SqliteEventRow[];
  ackedSeq(): number;
}

/** The chain walk from the anchor, one slice of rows per step (Journal.verify, Journal.verifyInSlices). */
export function* walkChain(source: ChainSource, sliceRows: number): Generator<undefined, VerifyResult, undefined> {
  const meta = source.meta();
  const walker = chainWalker(Number(meta.get('anchor_seq') ?? 0), meta.get('anchor_hash') ?? GENESIS_HASH);
  for (;;) {
    let rows: SqliteEventRow[];
    try {
      rows = source.rowsAfter(walker.lastSeq, sliceRows);
      for (const raw of rows) {
        const problem = walker.next(raw);
        if (problem) return { ok: false, checked: walker.count, firstBadSeq: problem === 'seqGap' ? walker.lastSeq + 1 : raw.seq, problem };
      }
    } catch (error) {
      if (!isCorruptionError(error)) throw error;
      return { ok: false, checked: walker.count, firstBadSeq: walker.lastSeq + 1, problem: 'unreadable' };
    }
    if (rows.length < sliceRows) break;
    yield;
  }
  // Rows HQ acknowledged cannot have vanished from the head end.
  const acked = source.ackedSeq();
  if (acked > walker.lastSeq) return { ok: false, checked: walker.count, firstBadSeq: walker.lastSeq + 1, problem: 'headBehindAcknowledged' };
  return { ok: true, checked: walker.count, headSeq: walker.lastSeq, headHash: walker.lastHash };
}

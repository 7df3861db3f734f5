/**
 * A corrupt journal is kept, renamed, never deleted (issue 6, "Faults"): it
 * is evidence, and the rows it still holds may be the only copy of events HQ
 * has not received. What can still be read and verified is salvaged into
 * the successor, which then links to the old head.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import { canonicalJson, GENESIS_HASH, type JournalRow } from '../../shared/journal';
import type { Clock } from '../../shared/time/clock';
import { chainWalker, EVENT_COLUMNS, fromSqlite, type SqliteEventRow } from './journal-rows';

export interface QuarantinedJournal {
  /** Full path of the renamed file. */
  path: string;
  /** File name only, for the journal event (no folders in the journal). */
  fileName: string;
}

/** Renames the database and its WAL and shared-memory files side by side: `journal.db.corrupt-20250101T000000Z`. */
export function quarantineJournalFile(path: string, now: Date): QuarantinedJournal {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  let target = `${path}.corrupt-${stamp}`;
  for (let n = 2; existsSync(target); n++) target = `${path}.corrupt-${stamp}-${n}`;
  // WAL and SHM first: if we crash half-way, the main file still sits at `path`
  // and the next start quarantines it again.
  for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  renameSync(path, target);
  return { path: target, fileName: basename(target) };
}

export interface Salvage {
  /** Rows that still verify, in order from the anchor. */
  rows: JournalRow[];
  anchorSeq: number;
  anchorHash: string;
  /** Highest seq the old file still showed, verified or not: the successor continues above it. */
  maxSeqSeen: number | null;
  /** HQ's acknowledged seq as the old file recorded it. */
  ackedSeq: number | null;
  kioskId: string | null;
}

const NOTHING: Salvage = { rows: [], anchorSeq: 0, anchorHash: GENESIS_HASH, maxSeqSeen: null, ackedSeq: null, kioskId: null };

/** Reads what it can; every read may fail on a corrupt page, so each is guarded on its own. */
export function salvageJournal(path: string): Salvage {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return NOTHING;
  }
  try {
    const meta = new Map<string, string>();
    attempt(() => {
      for (const r of db.prepare('SELECT key, value FROM journal_meta').all() as { key: string; value: string }[]) meta.set(r.key, r.value);
    });
    const anchorSeq = Number(meta.get('anchor_seq') ?? 0);
    const anchorHash = meta.get('anchor_hash') ?? GENESIS_HASH;
    const ackedSeq = attempt(() => (db.prepare('SELECT acked_seq FROM sync_cursor WHERE id = 1').get() as { acked_seq: number } | undefined)?.acked_seq ?? null) ?? null;
    const maxSeqSeen = attempt(() => (db.prepare('SELECT max(seq) AS m FROM events').get() as { m: number | null }).m) ?? null;

    const rows: JournalRow[] = [];
    const walker = chainWalker(anchorSeq, anchorHash);
    attempt(() => {
      for (const raw of db.prepare(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY seq`).iterate() as IterableIterator<SqliteEventRow>) {
        if (walker.next(raw) !== null) break;
        rows.push(fromSqlite(raw));
      }
    });
    return { rows, anchorSeq, anchorHash, maxSeqSeen, ackedSeq, kioskId: meta.get('kiosk_id') ?? null };
  } finally {
    attempt(() => db.close());
  }
}

export interface SuccessorStart {
  /** Seq of the successor's first event when it must skip over seqs the damaged file may have used. */
  nextSeqOverride: number | null;
  /** What the successor's first event (`journal.restarted`) says of its predecessor, besides why it was replaced. */
  restarted: { quarantinedAs: string; previousHeadSeq: number | null; previousHeadHash: string | null; salvagedThroughSeq: number | null };
}

/**
 * Fills a new, empty successor database with what was salvaged: its anchor,
 * the salvaged rows, and HQ's acknowledged seq where those rows still hold
 * it. The journal then appends `journal.restarted` from what this returns.
 */
export function seedSuccessor(db: Database.Database, quarantined: QuarantinedJournal, salvage: Salvage, clock: Pick<Clock, 'now'>): SuccessorStart {
  const lastSalvaged = salvage.rows.at(-1);
  const knownSeqs = [salvage.maxSeqSeen, salvage.ackedSeq, lastSalvaged?.seq, salvage.anchorSeq].filter((s): s is number => typeof s === 'number' && s > 0);
  // Nothing readable at all: seqs must still never be reused (issue 6), and no
  // journal appends faster than one event per millisecond for its whole life,
  // so the wall clock in milliseconds is above every seq the old file held.
  const startAfter = knownSeqs.length > 0 ? Math.max(...knownSeqs) : clock.now();
  // With rows salvaged, the chain continues from the old anchor through them;
  // with none, it starts over at `startAfter` (linked to the old anchor when that is all we know).
  const anchorSeq = lastSalvaged ? salvage.anchorSeq : startAfter;
  const anchorHash = lastSalvaged || startAfter === salvage.anchorSeq ? salvage.anchorHash : GENESIS_HASH;
  db.transaction(() => {
    const setMeta = db.prepare('INSERT OR REPLACE INTO journal_meta (key, value) VALUES (?, ?)');
    setMeta.run('anchor_seq', String(anchorSeq));
    setMeta.run('anchor_hash', anchorHash);
    setMeta.run('predecessor', quarantined.fileName);
    const insert = db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const row of salvage.rows) {
      insert.run(row.seq, row.occurredAt, row.monotonicMs, row.kioskId, row.sessionId, row.type, canonicalJson(row.actor), canonicalJson(row.payload), row.prevHash, row.hash);
    }
    const acked = salvage.ackedSeq !== null && lastSalvaged ? Math.min(salvage.ackedSeq, lastSalvaged.seq) : null;
    const ackedRow = acked !== null ? salvage.rows.find((r) => r.seq === acked) : undefined;
    if (acked !== null && ackedRow) {
      db.prepare('UPDATE sync_cursor SET acked_seq = ?, acked_hash = ? WHERE id = 1').run(acked, ackedRow.hash);
    }
  })();
  return {
    // Salvage ended before the old head: the successor continues above every
    // seq the old file held, and the seqs in between are the loss HQ is told about.
    nextSeqOverride: lastSalvaged && startAfter > lastSalvaged.seq ? startAfter + 1 : null,
    restarted: {
      quarantinedAs: quarantined.fileName,
      previousHeadSeq: salvage.maxSeqSeen && salvage.maxSeqSeen > 0 ? salvage.maxSeqSeen : null,
      previousHeadHash: lastSalvaged && lastSalvaged.seq === salvage.maxSeqSeen ? lastSalvaged.hash : null,
      salvagedThroughSeq: lastSalvaged?.seq ?? null,
    },
  };
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * A corrupt journal is kept, renamed, never deleted (issue 6, "Faults"): it
 * is evidence, and the rows it still holds may be the only copy of events HQ
 * has not received. What can still be read and verified is salvaged into
 * the successor, which then links to the old head.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import { GENESIS_HASH, type JournalRow } from '../../shared/journal';
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

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Opening the journal's SQLite file: the durability settings, a quick check
 * for damage, the schema and the meta rows, and the checks that the file is
 * this kiosk's and not from a newer version.
 *
 * Durability: WAL with `synchronous=FULL` set explicitly. In WAL mode NORMAL
 * syncs only at checkpoints, so a commit acknowledged under NORMAL can vanish
 * on power loss (https://sqlite.org/pragma.html#pragma_synchronous); FULL
 * syncs the WAL on every commit. `wal_autocheckpoint` and
 * `journal_size_limit` keep the WAL file bounded.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GENESIS_HASH } from '../../shared/journal';
import { classifySqliteError } from './journal-health';
import { isoNow, type JournalClock, type JournalOptions } from './journal-options';
import { JOURNAL_DDL, JOURNAL_MIGRATIONS, JOURNAL_SCHEMA_LEVEL, JOURNAL_SCHEMA_VERSION } from './journal-schema';
import { readMeta } from './journal-statements';

const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/** The file is damaged: the journal quarantines it and starts a successor (quarantine.ts). */
export class JournalCorruptAtOpen extends Error {
  constructor(readonly reason: 'corrupt' | 'notADatabase' | 'quickCheckFailed', readonly sqliteCode: string) {
    super(`journal database is damaged (${reason})`);
  }
}

export class JournalOpenError extends Error {
  constructor(readonly code: 'kioskMismatch' | 'cannotOpen' | 'newerSchema', message: string, readonly sqliteCode?: string) {
    super(message);
  }
}

/** Opens (or, unless read-only, creates) the database at `path`; throws JournalOpenError or JournalCorruptAtOpen. */
export function connectJournal(path: string, options: JournalOptions, clock: JournalClock): Database.Database {
  const readonly = options.readonly === true;
  let db: Database.Database;
  try {
    if (!readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw new JournalOpenError('cannotOpen', `cannot open the journal at ${path}`, classifySqliteError(error).code);
  }
  try {
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma(`wal_autocheckpoint = ${options.walAutocheckpointPages ?? 1000}`);
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
    }
    // quick_check (https://sqlite.org/pragma.html#pragma_quick_check): O(N) page
    // and index checks without the slow cross-checks of integrity_check.
    const quick = db.pragma('quick_check', { simple: true });
    if (quick !== 'ok') throw new JournalCorruptAtOpen('quickCheckFailed', 'SQLITE_CORRUPT');
    if (!readonly) {
      db.exec(JOURNAL_DDL);
      db.prepare('INSERT OR IGNORE INTO sync_cursor (id, acked_seq, acked_hash) VALUES (1, 0, ?)').run(GENESIS_HASH);
      const insertMeta = db.prepare('INSERT OR IGNORE INTO journal_meta (key, value) VALUES (?, ?)');
      insertMeta.run('kiosk_id', options.kioskId);
      insertMeta.run('schema_version', String(JOURNAL_SCHEMA_VERSION));
      insertMeta.run('anchor_seq', '0');
      insertMeta.run('anchor_hash', GENESIS_HASH);
      insertMeta.run('created_at', isoNow(clock));
    }
    let meta = readMeta(db);
    if (!readonly && meta.get('kiosk_id') !== options.kioskId) {
      throw new JournalOpenError('kioskMismatch', `the journal at ${path} belongs to another kiosk`);
    }
    if (Number(meta.get('schema_version') ?? JOURNAL_SCHEMA_VERSION) > JOURNAL_SCHEMA_VERSION) {
      throw new JournalOpenError('newerSchema', 'the journal was written by a newer version of the kiosk');
    }
    if (!readonly) {
      applyAdditiveMigrations(db, meta, options.schemaLevel ?? JOURNAL_SCHEMA_LEVEL, options.appVersion ?? null, isoNow(clock));
      meta = readMeta(db);
    }
  } catch (error) {
    try { db.close(); } catch { /* closing a damaged handle may fail too */ }
    if (error instanceof JournalOpenError || error instanceof JournalCorruptAtOpen) throw error;
    const { fault, code } = classifySqliteError(error);
    if (fault === 'corrupt') throw new JournalCorruptAtOpen(code === 'SQLITE_NOTADB' ? 'notADatabase' : 'corrupt', code);
    throw new JournalOpenError('cannotOpen', `cannot open the journal at ${path} (${code})`, code);
  }
  return db;
}

/** The additive migrations above the file's level and up to this code's, in one transaction (journal-schema.ts). */
function applyAdditiveMigrations(db: Database.Database, meta: Map<string, string>, codeLevel: number, appVersion: string | null, at: string): void {
  const fileLevel = Number(meta.get('schema_level') ?? 1);
  const due = JOURNAL_MIGRATIONS.filter((m) => m.level > fileLevel && m.level <= codeLevel);
  if (due.length === 0) return;
  db.transaction(() => {
    for (const migration of due) {
      db.exec(migration.sql);
      db.prepare('INSERT OR REPLACE INTO schema_history (level, applied_at, app_version) VALUES (?, ?, ?)').run(migration.level, at, appVersion);
    }
    db.prepare("INSERT OR REPLACE INTO journal_meta (key, value) VALUES ('schema_level', ?)").run(String(due.at(-1)!.level));
  })();
}

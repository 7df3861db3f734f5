/**
 * The journal's SQLite layout. `seq` is assigned by the journal (head + 1)
 * inside the appending transaction; the head row is never purged, so a seq
 * is never reused (issue 6: "seq monotonic, never reused").
 */
export const JOURNAL_SCHEMA_VERSION = 1;

/**
 * Journal schema changes are additive only (docs/journal.md, "Schema
 * changes"; issue 16: the previous version must still read and append after
 * an update is rolled back). Two meta rows say where a file stands:
 * - `schema_version`: the oldest code that may open the file. Every release
 *   refuses a file whose number is above its own JOURNAL_SCHEMA_VERSION
 *   (journal-connection.ts, 0.1.0 included). Only a breaking change would
 *   raise it, and the rule forbids breaking changes: it stays 1.
 * - `schema_level`: the highest additive migration applied (absent: 1, the
 *   DDL above). Code that knows fewer levels opens the file all the same:
 *   an added table or nullable column is invisible to it.
 * A migration may only CREATE a table or index, or ADD a nullable column
 * (or one with a constant default): never rename, drop or retype, never a
 * new NOT NULL without default, never a trigger that refuses what older
 * code writes.
 */
export interface JournalMigration {
  level: number;
  sql: string;
}

export const JOURNAL_MIGRATIONS: readonly JournalMigration[] = [
  {
    // Which code raised the file to which level and when: after an update and a rollback,
    // a technician can see which versions touched this journal.
    level: 2,
    sql: `CREATE TABLE IF NOT EXISTS schema_history (
      level       INTEGER PRIMARY KEY,
      applied_at  TEXT NOT NULL,
      app_version TEXT
    ) STRICT;`,
  },
];

export const JOURNAL_SCHEMA_LEVEL = Math.max(1, ...JOURNAL_MIGRATIONS.map((m) => m.level));

export const JOURNAL_DDL = `
CREATE TABLE IF NOT EXISTS events (
  seq          INTEGER PRIMARY KEY,
  occurred_at  TEXT    NOT NULL,
  monotonic_ms INTEGER NOT NULL,
  kiosk_id     TEXT    NOT NULL,
  session_id   TEXT,
  type         TEXT    NOT NULL,
  actor        TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  prev_hash    TEXT    NOT NULL,
  hash         TEXT    NOT NULL
) STRICT;

-- Acknowledged by HQ through acked_seq (from HQ's answer only).
CREATE TABLE IF NOT EXISTS sync_cursor (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  acked_seq  INTEGER NOT NULL,
  acked_hash TEXT    NOT NULL,
  updated_at TEXT
) STRICT;

-- HQ's signed receipts, kept as proof of delivery.
CREATE TABLE IF NOT EXISTS receipts (
  acked_through INTEGER PRIMARY KEY,
  head_hash     TEXT NOT NULL,
  issued_at     TEXT NOT NULL,
  signature     TEXT NOT NULL,
  received_at   TEXT NOT NULL
) STRICT;

-- anchor_seq / anchor_hash: the row before the first row kept (genesis, the
-- last purged row, or the head of a quarantined predecessor).
CREATE TABLE IF NOT EXISTS journal_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Rows are append-only; only acknowledged rows may be deleted (retention).
CREATE TRIGGER IF NOT EXISTS events_append_only BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'journal rows are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_keep_unacknowledged BEFORE DELETE ON events
WHEN old.seq > (SELECT acked_seq FROM sync_cursor WHERE id = 1)
BEGIN SELECT RAISE(ABORT, 'unacknowledged journal rows are never deleted'); END;
`;

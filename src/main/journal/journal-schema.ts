/**
 * The journal's SQLite layout. `seq` is assigned by the journal (head + 1)
 * inside the appending transaction; the head row is never purged, so a seq
 * is never reused (issue 6: "seq monotonic, never reused").
 */
export const JOURNAL_SCHEMA_VERSION = 1;

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

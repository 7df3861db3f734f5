import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Bounded growth of HQ's journal copy (issue 19, "Bounded growth"):
 *
 * - `journal_events` becomes a table partitioned by RANGE on `received_at`,
 *   HQ's own clock (never the kiosk's: a skewed or long-offline kiosk cannot
 *   put rows into a month already archived), one partition a month. Months
 *   are Japan Standard Time calendar months (UTC+9, no daylight saving),
 *   the months the lender's books are kept in. The primary key includes the
 *   partition key (PostgreSQL requires it); (kiosk_id, seq) stays unique
 *   because ingest inserts only seqs above the kiosk's high-water mark while
 *   its cursor row is locked (src/hq/journal-ingest/ingest-batch.ts).
 * - A DEFAULT partition takes a row whose month has no partition, so an
 *   insert never fails; housekeeping creates partitions ahead and moves any
 *   row found there into its month (src/hq/journal-ingest/journal-partitions.ts).
 * - Hashes are `bytea` (32 bytes) instead of 64 hex characters, here and in
 *   `journal_cursors.head_hash`; the wire format to kiosks stays hex.
 *
 * `journal_event_partition(month)` is the one place a month's partition is
 * made: it creates the table, moves that month's rows out of DEFAULT into
 * it, then attaches it (attaching fails if DEFAULT still holds rows of the
 * range). The existing rows move in this migration's transaction: create
 * the new table, create a partition for every month they span and for the
 * current and next month, copy with hex decoded, drop the old table.
 */
export const journalPartitions: Migration = {
  id: '101_journal_partitions',
  sql: `
ALTER TABLE journal_events RENAME TO journal_events_unpartitioned;
ALTER TABLE journal_events_unpartitioned RENAME CONSTRAINT journal_events_pkey TO journal_events_unpartitioned_pkey;
DROP INDEX journal_events_type_time;

CREATE TABLE journal_events (
  kiosk_id     text        NOT NULL,
  seq          bigint      NOT NULL CHECK (seq > 0),
  occurred_at  timestamptz NOT NULL,
  monotonic_ms bigint      NOT NULL,
  session_id   text,
  type         text        NOT NULL,
  actor        jsonb       NOT NULL,
  payload      jsonb       NOT NULL,
  prev_hash    bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
  hash         bytea       NOT NULL CHECK (octet_length(hash) = 32),
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kiosk_id, seq, received_at)
) PARTITION BY RANGE (received_at);
CREATE INDEX journal_events_type_time ON journal_events (type, occurred_at);
CREATE TABLE journal_events_default PARTITION OF journal_events DEFAULT;

-- month_start: the first day of a JST calendar month. Returns the partition's name.
CREATE FUNCTION journal_event_partition(month_start date) RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  name text := format('journal_events_%s', to_char(month_start, 'YYYY_MM'));
  lo timestamptz := (date_trunc('month', month_start)::timestamp - interval '9 hours') AT TIME ZONE 'UTC';
  hi timestamptz := (date_trunc('month', month_start)::timestamp + interval '1 month' - interval '9 hours') AT TIME ZONE 'UTC';
BEGIN
  IF month_start <> date_trunc('month', month_start)::date THEN
    RAISE EXCEPTION 'journal_event_partition: % is not the first day of a month', month_start;
  END IF;
  IF to_regclass(name) IS NOT NULL THEN
    RETURN name;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE journal_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
  EXECUTE format('WITH moved AS (DELETE FROM journal_events_default WHERE received_at >= %L AND received_at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved', lo, hi, name);
  EXECUTE format('ALTER TABLE journal_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
  RETURN name;
END
$fn$;

SELECT journal_event_partition(m) FROM (
  SELECT DISTINCT date_trunc('month', (received_at AT TIME ZONE 'UTC') + interval '9 hours')::date AS m FROM journal_events_unpartitioned
  UNION SELECT date_trunc('month', (now() AT TIME ZONE 'UTC') + interval '9 hours')::date
  UNION SELECT (date_trunc('month', (now() AT TIME ZONE 'UTC') + interval '9 hours') + interval '1 month')::date
) months ORDER BY m;

INSERT INTO journal_events (kiosk_id, seq, occurred_at, monotonic_ms, session_id, type, actor, payload, prev_hash, hash, received_at)
  SELECT kiosk_id, seq, occurred_at, monotonic_ms, session_id, type, actor, payload, decode(prev_hash, 'hex'), decode(hash, 'hex'), received_at
    FROM journal_events_unpartitioned;
DROP TABLE journal_events_unpartitioned;

ALTER TABLE journal_cursors DROP CONSTRAINT journal_cursors_head_hash_check;
ALTER TABLE journal_cursors ALTER COLUMN head_hash TYPE bytea USING decode(head_hash, 'hex');
ALTER TABLE journal_cursors ADD CONSTRAINT journal_cursors_head_hash_check CHECK (octet_length(head_hash) = 32);
`,
};

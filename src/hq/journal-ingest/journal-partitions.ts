/**
 * The monthly partitions of `journal_events` (issue 19, "Bounded growth";
 * migration 101). A month is a Japan Standard Time calendar month (UTC+9,
 * no daylight saving), on `received_at`, HQ's clock. The SQL function
 * `journal_event_partition(month_start)` from migration 101 is the one
 * place a partition is made (and a month's rows moved out of DEFAULT);
 * this file names months and asks for them.
 */
import type { Queryable } from '../../server-kit/db/db';

/** `YYYY-MM`. */
export type JournalMonth = string;

const JST_OFFSET_MS = 9 * 60 * 60_000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** How many months after the current one housekeeping keeps partitions ready for. */
export const DEFAULT_PARTITIONS_AHEAD = 2;

/** The JST month an instant falls in. */
export function journalMonthOf(at: Date): JournalMonth {
  const jst = new Date(at.getTime() + JST_OFFSET_MS);
  return `${jst.getUTCFullYear()}-${String(jst.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function parseJournalMonth(text: string): JournalMonth | null {
  return MONTH.test(text) ? text : null;
}

export function addMonths(month: JournalMonth, count: number): JournalMonth {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (mon - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month's first instant and the next month's, as instants (JST midnight). */
export function journalMonthRange(month: JournalMonth): { from: Date; to: Date } {
  const start = (m: JournalMonth) => new Date(`${m}-01T00:00:00+09:00`);
  return { from: start(month), to: start(addMonths(month, 1)) };
}

/** The partition's table name, as `journal_event_partition` names it. */
export function journalPartitionName(month: JournalMonth): string {
  return `journal_events_${month.replace('-', '_')}`;
}

/** Creates the month's partition unless it exists (moving its rows out of DEFAULT); returns its name. */
export async function ensureJournalPartition(tx: Queryable, month: JournalMonth): Promise<string> {
  const result = await tx.query<{ name: string }>('SELECT journal_event_partition($1::date) AS name', [`${month}-01`]);
  return result.rows[0]!.name;
}

/** Partitions for the current month and `ahead` months after it. Returns the months ensured. */
export async function ensureJournalPartitionsAhead(tx: Queryable, now: Date, ahead = DEFAULT_PARTITIONS_AHEAD): Promise<JournalMonth[]> {
  const current = journalMonthOf(now);
  const months = Array.from({ length: ahead + 1 }, (_, i) => addMonths(current, i));
  for (const month of months) await ensureJournalPartition(tx, month);
  return months;
}

/**
 * Rows the DEFAULT partition caught (a month nobody made a partition for:
 * housekeeping did not run, or HQ's clock jumped), moved into their month's
 * partition, which is created for them. Returns the months and row counts
 * found, for the caller to raise: rows there mean partitions were missing.
 */
export async function moveRowsOutOfDefault(tx: Queryable): Promise<{ month: JournalMonth; rows: number }[]> {
  const found = await tx.query<{ month: string; rows: number | string }>(
    `SELECT to_char(date_trunc('month', (received_at AT TIME ZONE 'UTC') + interval '9 hours'), 'YYYY-MM') AS month, count(*) AS rows
       FROM journal_events_default GROUP BY 1 ORDER BY 1`);
  for (const row of found.rows) await ensureJournalPartition(tx, row.month);
  return found.rows.map((r) => ({ month: r.month, rows: Number(r.rows) }));
}

/** The months that have a partition now, oldest first. */
export async function journalPartitionMonths(db: Queryable): Promise<JournalMonth[]> {
  const result = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'journal_events'::regclass AND c.relname ~ '^journal_events_[0-9]{4}_[0-9]{2}$' ORDER BY 1`);
  return result.rows.map((r) => r.name.slice('journal_events_'.length).replace('_', '-'));
}

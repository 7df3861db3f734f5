/**
 * Each kiosk's status reports kept for its history page (issue 17, "A
 * kiosk's history"; migration 013). The report is stored whole, as the
 * kiosk sent it and HQ validated it, so fields newer kiosks add (issue 19's
 * sync backlog and lag) flow into the history without a migration.
 *
 * Bounded per kiosk, whatever the kiosk's reporting rate:
 * - a report that says the same as the kiosk's last row (service state,
 *   reasons, each device's state) is kept only when that row is at least
 *   SAMPLE_UNCHANGED_MS (10 minutes) old: a sample for the trends;
 * - a report that says something new is kept, but at most one row a
 *   minute (SAMPLE_CHANGED_MS): within the minute the newest replaces it;
 * - rows older than STATUS_HISTORY_RETENTION_DAYS (8: the 7 days shown and
 *   the day before, whose last row says what held when the window opens)
 *   are pruned by the retention job (src/hq/retention.ts, HQ_RETAIN_STATUS_HISTORY_DAYS).
 * A steady kiosk so keeps 144 rows a day; a flapping one at most 1,440.
 */
import type { KioskStatusReport } from '../../shared/hq-api/kiosk-status';
import type { Queryable } from '../../server-kit/db/db';

export const SAMPLE_UNCHANGED_MS = 10 * 60_000;
export const SAMPLE_CHANGED_MS = 60_000;
export const STATUS_HISTORY_RETENTION_DAYS = 8;
/** Rows deleted per statement when pruning, so one run never holds a huge delete. */
const PRUNE_BATCH = 20_000;

/** What a history row is compared on: the service state, its reasons, each device's state (not its free-text detail). */
export function historyStateKey(report: Pick<KioskStatusReport, 'outOfService' | 'outOfServiceReasons' | 'devices'>): string {
  const devices = Object.entries(report.devices ?? {}).map(([name, d]) => `${name}=${d.state}`).sort();
  return JSON.stringify([report.outOfService, report.outOfServiceReasons ?? [], devices]);
}

/** The kiosk's newest history row, as far as the sampling rules need it (its state fields, not the whole report). */
export interface LastHistoryRow { history_id: string; received_at: Date | string; report: Pick<KioskStatusReport, 'outOfService' | 'outOfServiceReasons' | 'devices'> }

/** Reads LastHistoryRow for `$1` (a kiosk id): the one SQL text, also used inside the status exchange's statement (fleet-service.ts). */
export const LAST_HISTORY_SQL = `SELECT history_id::text AS history_id, received_at,
       jsonb_build_object('outOfService', report->'outOfService', 'outOfServiceReasons', report->'outOfServiceReasons', 'devices', report->'devices') AS report
  FROM kiosk_status_history WHERE kiosk_id = $1 ORDER BY received_at DESC LIMIT 1`;

/**
 * Keeps the report as a history row, replaces the last one, or skips it, by
 * the rules above. `known` is the kiosk's last row when the caller already
 * read it (the status exchange reads it in its one statement).
 */
export async function recordStatusHistory(q: Queryable, kioskId: string, report: KioskStatusReport, now: Date, known?: { last: LastHistoryRow | null }): Promise<'inserted' | 'replaced' | 'skipped'> {
  const last = known ? known.last : (await q.query<LastHistoryRow>(LAST_HISTORY_SQL, [kioskId])).rows[0] ?? null;
  const age = last ? now.getTime() - new Date(last.received_at).getTime() : Number.POSITIVE_INFINITY;
  const changed = !last || historyStateKey(last.report) !== historyStateKey(report);
  if (age >= (changed ? SAMPLE_CHANGED_MS : SAMPLE_UNCHANGED_MS)) {
    await q.query('INSERT INTO kiosk_status_history (kiosk_id, received_at, report) VALUES ($1, $2, $3)', [kioskId, now.toISOString(), JSON.stringify(report)]);
    return 'inserted';
  }
  if (!changed || !last) return 'skipped';
  await q.query('UPDATE kiosk_status_history SET received_at = $2, report = $3 WHERE history_id = $1', [last.history_id, now.toISOString(), JSON.stringify(report)]);
  return 'replaced';
}

/** Deletes rows past the retention, in batches; returns how many. */
export async function pruneStatusHistory(q: Queryable, now: Date, retentionDays = STATUS_HISTORY_RETENTION_DAYS): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const { rows } = await q.query<{ n: number | string }>(
      `WITH gone AS (DELETE FROM kiosk_status_history WHERE history_id IN (
         SELECT history_id FROM kiosk_status_history WHERE received_at < $1 LIMIT ${PRUNE_BATCH}) RETURNING 1)
       SELECT count(*) AS n FROM gone`,
      [cutoff],
    );
    const n = Number(rows[0]?.n ?? 0);
    total += n;
    if (n < PRUNE_BATCH) return total;
  }
}

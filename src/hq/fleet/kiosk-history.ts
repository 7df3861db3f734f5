/**
 * The last 7 days of one kiosk, as the console's history page draws them
 * (issue 17): read through the (kiosk, time) indexes of migration 013, so
 * the cost is this kiosk's rows, never the fleet's.
 *
 * - Service state: each history row's state holds until the next row; a
 *   kiosk that sent nothing for NO_REPORT_AFTER_MS after its last row
 *   (twice the unchanged-sample interval) shows "no reports" from then on.
 * - Sync lag and journal backlog: the report's `syncBacklog` (`pending`,
 *   `lagSeconds`; issue 19's status-report field), when the kiosk sends it.
 * - Device faults per Tokyo day: each time a device went from online (or
 *   starting) to any other state between two rows.
 * - Customer sessions per hour: HQ's `sessions` of customer cards opened at
 *   this kiosk (a card authenticated or identified: src/hq/cards).
 */
import { z } from 'zod';
import { tokyoDayOf } from '../../shared/domain/calendar';
import { tokyoDayStart } from '../../shared/domain/calendar/tokyo-time';
import type { DeviceHealth } from '../../shared/hq-api/kiosk-status';
import type { Queryable } from '../../server-kit/db/db';
import { SAMPLE_UNCHANGED_MS } from './status-history';

export const HISTORY_DAYS = 7;
export const NO_REPORT_AFTER_MS = 2 * SAMPLE_UNCHANGED_MS;
const HOUR_MS = 3_600_000;

export type ServiceKind = 'inService' | 'outOfService' | 'noReports';

/** The part of a stored report the history reads; anything else in it is ignored, and a row that does not fit is skipped. */
const HistoryReport = z.object({
  outOfService: z.boolean(),
  devices: z.record(z.string(), z.object({ state: z.string() }).loose()).optional(),
  syncBacklog: z.object({ pending: z.number().min(0), lagSeconds: z.number().min(0).nullable() }).loose().optional(),
}).loose();

export interface KioskHistory {
  fromMs: number;
  toMs: number;
  /** History rows read (those in the window and the one before it). */
  rows: number;
  service: { fromMs: number; toMs: number; kind: ServiceKind }[];
  lagSeconds: { atMs: number; value: number }[];
  backlog: { atMs: number; value: number }[];
  faultsPerDay: { fromMs: number; toMs: number; value: number }[];
  sessionsPerHour: { fromMs: number; toMs: number; value: number }[];
}

const isFault = (state: string | undefined) => state !== undefined && state !== 'online' && state !== 'starting';

/** Devices that went into a fault between two reports. */
export function faultOnsets(before: Record<string, { state: string }> | undefined, after: Record<string, { state: string }> | undefined): number {
  return Object.entries(after ?? {}).filter(([name, d]) => isFault(d.state) && !isFault(before?.[name]?.state)).length;
}

export async function readKioskHistory(q: Queryable, kioskId: string, now: Date): Promise<KioskHistory> {
  const toMs = now.getTime();
  const fromMs = toMs - HISTORY_DAYS * 86_400_000;
  const from = new Date(fromMs).toISOString();
  const { rows } = await q.query<{ received_at: Date | string; report: unknown }>(
    `(SELECT received_at, report FROM kiosk_status_history WHERE kiosk_id = $1 AND received_at < $2 ORDER BY received_at DESC LIMIT 1)
     UNION ALL
     (SELECT received_at, report FROM kiosk_status_history WHERE kiosk_id = $1 AND received_at >= $2 AND received_at <= $3 ORDER BY received_at)
     ORDER BY received_at`,
    [kioskId, from, now.toISOString()],
  );
  const reports = rows.flatMap((r) => {
    const parsed = HistoryReport.safeParse(r.report);
    return parsed.success ? [{ atMs: new Date(r.received_at).getTime(), report: parsed.data }] : [];
  });

  const service: KioskHistory['service'] = [];
  const push = (start: number, end: number, kind: ServiceKind) => {
    const s = Math.max(start, fromMs);
    const e = Math.min(end, toMs);
    if (e <= s) return;
    const prev = service[service.length - 1];
    if (prev && prev.kind === kind && prev.toMs === s) prev.toMs = e;
    else service.push({ fromMs: s, toMs: e, kind });
  };
  reports.forEach((r, i) => {
    const next = reports[i + 1]?.atMs ?? toMs;
    const heldUntil = Math.min(next, r.atMs + NO_REPORT_AFTER_MS);
    push(r.atMs, heldUntil, r.report.outOfService ? 'outOfService' : 'inService');
    if (heldUntil < next) push(heldUntil, next, 'noReports');
  });
  if (reports.length > 0 && reports[0]!.atMs > fromMs) push(fromMs, reports[0]!.atMs, 'noReports');

  const lagSeconds: KioskHistory['lagSeconds'] = [];
  const backlog: KioskHistory['backlog'] = [];
  for (const r of reports) {
    if (r.atMs < fromMs || !r.report.syncBacklog) continue;
    backlog.push({ atMs: r.atMs, value: r.report.syncBacklog.pending });
    lagSeconds.push({ atMs: r.atMs, value: r.report.syncBacklog.lagSeconds ?? 0 });
  }

  const firstDay = tokyoDayOf(fromMs);
  const faultsPerDay = Array.from({ length: tokyoDayOf(toMs) - firstDay + 1 }, (_, i) => ({ fromMs: tokyoDayStart(firstDay + i), toMs: tokyoDayStart(firstDay + i + 1), value: 0 }));
  reports.forEach((r, i) => {
    if (r.atMs < fromMs) return;
    const onsets = faultOnsets(i > 0 ? reports[i - 1]!.report.devices : undefined, r.report.devices as DeviceHealth | undefined);
    faultsPerDay[tokyoDayOf(r.atMs) - firstDay]!.value += onsets;
  });

  const firstHour = Math.floor(fromMs / HOUR_MS);
  const sessionsPerHour = Array.from({ length: Math.floor(toMs / HOUR_MS) - firstHour + 1 }, (_, i) => ({ fromMs: (firstHour + i) * HOUR_MS, toMs: (firstHour + i + 1) * HOUR_MS, value: 0 }));
  const sessions = await q.query<{ hour: number | string; n: number | string }>(
    `SELECT floor(extract(epoch FROM s.opened_at) / 3600) AS hour, count(*) AS n
       FROM sessions s JOIN cards c ON c.card_id = s.card_id
      WHERE s.kiosk_id = $1 AND s.opened_at >= $2 AND s.opened_at < $3 AND c.customer_id IS NOT NULL
      GROUP BY 1`,
    [kioskId, from, now.toISOString()],
  );
  for (const s of sessions.rows) {
    const bucket = sessionsPerHour[Number(s.hour) - firstHour];
    if (bucket) bucket.value = Number(s.n);
  }
  return { fromMs, toMs, rows: reports.length, service, lagSeconds, backlog, faultsPerDay, sessionsPerHour };
}

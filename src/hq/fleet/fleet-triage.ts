/**
 * The fleet as the console triages it (issue 17: "filters, counts per
 * state, sort by attention needed; pagination that holds at 5,000 kiosks
 * (server-side)"). One query filters, ranks and pages in the database; a
 * second counts every state over the whole fleet. Nothing here reads
 * history: the per-kiosk columns of migration 011 and the open alerts.
 * "Outdated" reads the reported software version; "bin nearly full" the
 * retain bin's state, which the kiosk's status report (issue 19) and the
 * journal ingest both write, the later one winning.
 *
 * Attention, highest first (then kiosk id), so the kiosk a person must go
 * to is at the top of page 1: an open tamper alert 100, an open fleet
 * alert 50, out of service 40, silent 30, a device fault 20, the retain
 * bin full 20 (nearly full 10), outdated software 5. Disabled kiosks count
 * nothing and sort last.
 */
import { z } from 'zod';
import type { Queryable } from '../../server-kit/db/db';
import { DeviceHealth, OutOfServiceReasons, type FleetKiosk } from '../../shared/hq-api/kiosk-status';
import { storedVitals } from './fleet-service';

export const FleetFilter = z.enum(['all', 'outOfService', 'silent', 'alerts', 'deviceFaults', 'outdated', 'binNearlyFull']);
export type FleetFilter = z.infer<typeof FleetFilter>;

export const FLEET_PAGE_SIZE = 50;
/** Kiosks report their status (and get their calendar) every 30 s; the console's default "silent" is 15 minutes of nothing. */
export const DEFAULT_SILENT_MINUTES = 15;

export const FleetQuery = z.object({
  filter: FleetFilter.catch('all'),
  silentMinutes: z.coerce.number().int().min(1).max(7 * 24 * 60).catch(DEFAULT_SILENT_MINUTES),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type FleetQuery = z.infer<typeof FleetQuery>;

export interface TriagedKiosk {
  kiosk: FleetKiosk;
  openAlerts: number;
  attention: number;
  silent: boolean;
  deviceFaultSince: string | null;
  retainBin: 'ok' | 'high' | 'full' | null;
  outdated: boolean;
}

export type FleetCounts = Record<FleetFilter, number>;

export interface FleetTriage {
  at: string;
  query: FleetQuery;
  /** The newest software version reported by an enabled kiosk (major.minor.patch), the mark of "outdated". */
  latestVersion: string | null;
  counts: FleetCounts;
  /** Kiosks matching the filter (all pages). */
  matching: number;
  pageSize: number;
  kiosks: TriagedKiosk[];
}

/** major.minor.patch as numbers; anything after + or - is ignored. */
function versionCore(version: string): number[] {
  return version.split(/[+-]/)[0]!.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

export function newerVersion(a: string, b: string): boolean {
  const x = versionCore(a);
  const y = versionCore(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
}

/** Per kiosk: its flags ($1 silent-before, $2 the outdated versions), scored; the CTE every query below reads. */
const TRIAGE_CTE = `
WITH ja AS (SELECT kiosk_id, count(*)::int AS n FROM journal_alerts WHERE acknowledged_at IS NULL GROUP BY kiosk_id),
     fa AS (SELECT kiosk_id, count(*)::int AS n FROM fleet_alerts WHERE acknowledged_at IS NULL GROUP BY kiosk_id),
     flags AS (
  SELECT k.kiosk_id, k.enabled, k.software_version, k.last_contact_at, k.out_of_service, k.out_of_service_reasons,
         k.device_health, k.device_health_at, k.device_fault_since, k.retain_bin_state, k.vitals,
         c.high_water_mark, c.last_batch_at,
         COALESCE(ja.n, 0) AS tamper_alerts, COALESCE(fa.n, 0) AS open_alerts,
         k.enabled AND (k.last_contact_at IS NULL OR k.last_contact_at < $1) AS silent,
         k.enabled AND k.out_of_service IS TRUE AS out_of_service_now,
         k.enabled AND k.device_fault_since IS NOT NULL AS device_fault,
         k.enabled AND k.retain_bin_state IN ('high', 'full') AS bin_nearly_full,
         k.enabled AND k.software_version = ANY ($2::text[]) AS outdated,
         k.enabled AND (COALESCE(ja.n, 0) + COALESCE(fa.n, 0)) > 0 AS has_alerts
    FROM kiosks k
    LEFT JOIN journal_cursors c ON c.kiosk_id = k.kiosk_id
    LEFT JOIN ja ON ja.kiosk_id = k.kiosk_id
    LEFT JOIN fa ON fa.kiosk_id = k.kiosk_id),
     triage AS (
  SELECT flags.*, CASE WHEN NOT enabled THEN -1 ELSE
           (CASE WHEN tamper_alerts > 0 THEN 100 ELSE 0 END) + (CASE WHEN open_alerts > 0 THEN 50 ELSE 0 END)
         + (CASE WHEN out_of_service_now THEN 40 ELSE 0 END) + (CASE WHEN silent THEN 30 ELSE 0 END)
         + (CASE WHEN device_fault THEN 20 ELSE 0 END) + (CASE retain_bin_state WHEN 'full' THEN 20 WHEN 'high' THEN 10 ELSE 0 END)
         + (CASE WHEN outdated THEN 5 ELSE 0 END) END AS attention
    FROM flags)`;

const FILTER_SQL: Record<FleetFilter, string> = {
  all: 'true',
  outOfService: 'out_of_service_now',
  silent: 'silent',
  alerts: 'has_alerts',
  deviceFaults: 'device_fault',
  outdated: 'outdated',
  binNearlyFull: 'bin_nearly_full',
};

interface TriageRow {
  kiosk_id: string; enabled: boolean; software_version: string | null; last_contact_at: Date | string | null;
  out_of_service: boolean | null; out_of_service_reasons: unknown; device_health: unknown; device_health_at: Date | string | null;
  device_fault_since: Date | string | null; retain_bin_state: 'ok' | 'high' | 'full' | null; vitals: unknown;
  high_water_mark: number | string | null; last_batch_at: Date | string | null;
  tamper_alerts: number; open_alerts: number; silent: boolean; outdated: boolean; attention: number;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function toTriaged(r: TriageRow): TriagedKiosk {
  // Stored reports were validated on the way in; re-check so one bad row cannot break the whole view.
  const health = DeviceHealth.safeParse(r.device_health);
  const reasons = OutOfServiceReasons.safeParse(r.out_of_service_reasons);
  return {
    kiosk: {
      kioskId: r.kiosk_id, enabled: r.enabled, softwareVersion: r.software_version, lastContactAt: iso(r.last_contact_at),
      outOfService: r.out_of_service, outOfServiceReasons: reasons.success ? reasons.data : null,
      deviceHealth: health.success ? health.data : null, deviceHealthAt: iso(r.device_health_at),
      journal: r.high_water_mark === null && r.last_batch_at === null && Number(r.tamper_alerts) === 0 ? null
        : { ackedThrough: Number(r.high_water_mark ?? 0), lastIngestAt: iso(r.last_batch_at), tamperAlerts: Number(r.tamper_alerts) },
      vitals: storedVitals(r.vitals),
    },
    openAlerts: Number(r.open_alerts),
    attention: Number(r.attention),
    silent: r.silent,
    deviceFaultSince: iso(r.device_fault_since),
    retainBin: r.retain_bin_state,
    outdated: r.outdated,
  };
}

export async function triageFleet(q: Queryable, query: FleetQuery, now: Date, pageSize = FLEET_PAGE_SIZE): Promise<FleetTriage> {
  const { rows: versions } = await q.query<{ software_version: string }>(
    'SELECT DISTINCT software_version FROM kiosks WHERE enabled AND software_version IS NOT NULL');
  const latestVersion = versions.reduce<string | null>((best, r) => (best === null || newerVersion(r.software_version, best) ? r.software_version : best), null);
  const outdated = latestVersion === null ? [] : versions.map((r) => r.software_version).filter((v) => newerVersion(latestVersion, v));
  const params = [new Date(now.getTime() - query.silentMinutes * 60_000).toISOString(), outdated];

  const { rows: [countRow] } = await q.query<Record<string, number>>(`${TRIAGE_CTE}
    SELECT count(*)::int AS "all", ${Object.entries(FILTER_SQL).filter(([k]) => k !== 'all').map(([k, sql]) => `count(*) FILTER (WHERE ${sql})::int AS "${k}"`).join(', ')}
      FROM triage`, params);
  const counts = Object.fromEntries(FleetFilter.options.map((f) => [f, Number(countRow?.[f] ?? 0)])) as FleetCounts;

  const { rows } = await q.query<TriageRow>(`${TRIAGE_CTE}
    SELECT * FROM triage WHERE ${FILTER_SQL[query.filter]} ORDER BY attention DESC, kiosk_id LIMIT $3 OFFSET $4`,
  [...params, pageSize, (query.page - 1) * pageSize]);
  return { at: now.toISOString(), query, latestVersion, counts, matching: counts[query.filter], pageSize, kiosks: rows.map(toTriaged) };
}

/**
 * Fleet view (issue 5): per kiosk, last contact (stamped by kiosk-auth on
 * every authenticated request), software version and device health as the
 * kiosk last reported them, its vitals (issue 19: free disk, retain bin,
 * sync backlog, clock skew, pinned keys, configuration hash, crash counts),
 * and HQ's position in its journal (from the journal ingest).
 */
import type { FleetResponse, KioskStatusAck, KioskStatusReport } from '../../shared/hq-api/kiosk-status';
import { CrashCounts, DeviceHealth, KioskVitals, OutOfServiceReasons } from '../../shared/hq-api/kiosk-status';
import { KIOSK_ANNOUNCEMENTS_SQL, kioskCalendarFrom, type AnnouncementRow } from '../calendar/calendar-service';
import { calendarVersion } from '../calendar/calendar-version';
import { refuse, type HqContext, type Outcome } from '../context';
import { readFleetJournalPositions } from '../journal-ingest/journal-positions';
import { LAST_HISTORY_SQL, recordStatusHistory, type LastHistoryRow } from './status-history';

/** A device in any state but online (or starting up) is a fault for the fleet view and the alert rules. */
export function hasDeviceFault(devices: DeviceHealth): boolean {
  return Object.values(devices).some((d) => d.state !== 'online' && d.state !== 'starting');
}

/** The vitals and crash counts of a report, as stored in `kiosks.vitals` (migration 021); null when it carries none. */
const StoredVitals = KioskVitals.extend({ crashes: CrashCounts.optional() });

function vitalsOf(report: KioskStatusReport): KioskVitals & { crashes?: CrashCounts } | null {
  const { diskFreeBytes, retainBin, syncBacklog, clockSkewMs, hqKeysPinned, configHash, crashes } = report;
  const vitals = { diskFreeBytes, retainBin, syncBacklog, clockSkewMs, hqKeysPinned, configHash, crashes };
  const present = Object.fromEntries(Object.entries(vitals).filter(([, v]) => v !== undefined));
  return Object.keys(present).length === 0 ? null : present;
}

/**
 * Stores the report and acknowledges it. A report naming the calendar
 * version it holds gets HQ's calendar in the ack when that differs (one
 * exchange per interval instead of a report and a calendar poll, issue 19).
 * The retain bin's state as the kiosk counts it replaces what the journal
 * last said (fleet triage's "bin nearly full").
 *
 * One statement on the hot path (issue 19: the report is most of a fleet's
 * requests): it stores the report and, in the same round trip, stamps and
 * names an open diagnostics request, and reads the kiosk's last history row,
 * its stored calendar and its announcements (the same SQL texts the
 * separate readers use). Only a history row to write costs a second one.
 */
export async function recordKioskStatus(ctx: HqContext, kioskId: string, report: KioskStatusReport): Promise<Outcome<KioskStatusAck>> {
  const now = ctx.clock();
  const vitals = vitalsOf(report);
  const { rows } = await ctx.db.query<{ calendar: unknown; diagnostics_request_id: string | null; last_history: LastHistoryRow | null; announcements: AnnouncementRow[] | null }>(
    `WITH told AS (
       UPDATE diagnostics_requests SET told_at = COALESCE(told_at, $4)
        WHERE kiosk_id = $1 AND fulfilled_at IS NULL RETURNING request_id::text AS request_id
     ), last_history AS (${LAST_HISTORY_SQL}
     ), announcements AS (${KIOSK_ANNOUNCEMENTS_SQL})
     UPDATE kiosks SET software_version = $2, device_health = $3, device_health_at = $4, out_of_service = $5, out_of_service_reasons = $6,
       device_fault_since = CASE WHEN $7 THEN COALESCE(device_fault_since, $4) ELSE NULL END,
       vitals = $8, retain_bin_state = COALESCE($9, retain_bin_state)
     WHERE kiosk_id = $1
     RETURNING calendar,
       (SELECT request_id FROM told LIMIT 1) AS diagnostics_request_id,
       (SELECT row_to_json(h) FROM last_history h) AS last_history,
       CASE WHEN $10 THEN (SELECT json_agg(a ORDER BY a.starts_at, a.announcement_id) FROM announcements a) END AS announcements`,
    [kioskId, report.softwareVersion, JSON.stringify(report.devices), now.toISOString(), report.outOfService,
      report.outOfServiceReasons ? JSON.stringify(report.outOfServiceReasons) : null, hasDeviceFault(report.devices),
      vitals ? JSON.stringify(vitals) : null, report.retainBin?.state ?? null, report.calendarVersion !== undefined],
  );
  const stored = rows[0];
  if (!stored) return refuse('unknownKiosk', 'no such kiosk');
  // The kiosk's history page (issue 17): the report kept, bounded (status-history.ts).
  await recordStatusHistory(ctx.db, kioskId, report, now, { last: stored.last_history });
  const diagnosticsRequested = stored.diagnostics_request_id ?? undefined;
  const ack: KioskStatusAck = { accepted: true, serverTime: now.toISOString(), ...(diagnosticsRequested ? { diagnosticsRequested } : {}) };
  if (report.calendarVersion === undefined) return { ok: true, value: ack };
  const calendar = kioskCalendarFrom(kioskId, stored.calendar, stored.announcements ?? []);
  if (!calendar.ok) return calendar;
  const version = calendarVersion(calendar.value);
  return { ok: true, value: version === report.calendarVersion ? ack : { ...ack, calendar: { version, calendar: calendar.value } } };
}

export async function readFleet(ctx: HqContext): Promise<FleetResponse> {
  const { rows } = await ctx.db.query<{
    kiosk_id: string; enabled: boolean; software_version: string | null; last_contact_at: Date | null;
    out_of_service: boolean | null; out_of_service_reasons: unknown; device_health: unknown; device_health_at: Date | null; vitals: unknown;
  }>('SELECT kiosk_id, enabled, software_version, last_contact_at, out_of_service, out_of_service_reasons, device_health, device_health_at, vitals FROM kiosks ORDER BY kiosk_id');
  const journal = await readFleetJournalPositions(ctx.db);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    at: ctx.clock().toISOString(),
    kiosks: rows.map((r) => {
      // Stored reports were validated on the way in; re-check so one bad row cannot break the whole view.
      const health = DeviceHealth.safeParse(r.device_health);
      const reasons = OutOfServiceReasons.safeParse(r.out_of_service_reasons);
      return {
        kioskId: r.kiosk_id,
        enabled: r.enabled,
        softwareVersion: r.software_version,
        lastContactAt: iso(r.last_contact_at),
        outOfService: r.out_of_service,
        outOfServiceReasons: reasons.success ? reasons.data : null,
        deviceHealth: health.success ? health.data : null,
        deviceHealthAt: iso(r.device_health_at),
        journal: journal.get(r.kiosk_id) ?? null,
        vitals: storedVitals(r.vitals),
      };
    }),
  };
}

/** Stored vitals were validated on the way in; re-checked so one bad row cannot break a whole view. */
export function storedVitals(stored: unknown): FleetResponse['kiosks'][number]['vitals'] {
  if (stored === null || stored === undefined) return null;
  const parsed = StoredVitals.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

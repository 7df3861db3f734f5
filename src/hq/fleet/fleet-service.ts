/**
 * Fleet view (issue 5): per kiosk, last contact (stamped by kiosk-auth on
 * every authenticated request), software version and device health as the
 * kiosk last reported them, its vitals (issue 19: free disk, retain bin,
 * sync backlog, clock skew, pinned keys, configuration hash, crash counts),
 * and HQ's position in its journal (from the journal ingest).
 */
import type { FleetResponse, KioskStatusAck, KioskStatusReport } from '../../shared/hq-api/kiosk-status';
import { CrashCounts, DeviceHealth, KioskVitals, OutOfServiceReasons } from '../../shared/hq-api/kiosk-status';
import { loadKioskCalendar } from '../calendar/calendar-service';
import { calendarVersion } from '../calendar/calendar-version';
import type { HqContext, Outcome } from '../context';
import { diagnosticsRequestToTell } from '../diagnostics/diagnostics-requests';
import { readFleetJournalPositions } from '../journal-ingest/journal-positions';
import { recordStatusHistory } from './status-history';

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
 */
export async function recordKioskStatus(ctx: HqContext, kioskId: string, report: KioskStatusReport): Promise<Outcome<KioskStatusAck>> {
  const now = ctx.clock();
  const vitals = vitalsOf(report);
  await ctx.db.query(
    `UPDATE kiosks SET software_version = $2, device_health = $3, device_health_at = $4, out_of_service = $5, out_of_service_reasons = $6,
       device_fault_since = CASE WHEN $7 THEN COALESCE(device_fault_since, $4) ELSE NULL END,
       vitals = $8, retain_bin_state = COALESCE($9, retain_bin_state)
     WHERE kiosk_id = $1`,
    [kioskId, report.softwareVersion, JSON.stringify(report.devices), now.toISOString(), report.outOfService,
      report.outOfServiceReasons ? JSON.stringify(report.outOfServiceReasons) : null, hasDeviceFault(report.devices),
      vitals ? JSON.stringify(vitals) : null, report.retainBin?.state ?? null],
  );
  // The kiosk's history page (issue 17): the report kept, bounded (status-history.ts); and a console's request for a bundle.
  await recordStatusHistory(ctx.db, kioskId, report, now);
  const diagnosticsRequested = await diagnosticsRequestToTell(ctx.db, kioskId, now);
  const ack: KioskStatusAck = { accepted: true, serverTime: now.toISOString(), ...(diagnosticsRequested ? { diagnosticsRequested } : {}) };
  if (report.calendarVersion === undefined) return { ok: true, value: ack };
  const calendar = await loadKioskCalendar(ctx.db, kioskId);
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

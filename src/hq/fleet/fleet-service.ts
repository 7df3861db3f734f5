/**
 * Fleet view (issue 5): per kiosk, last contact (stamped by kiosk-auth on
 * every authenticated request), software version and device health as the
 * kiosk last reported them, and HQ's position in its journal (from the
 * journal ingest).
 */
import type { FleetResponse, KioskStatusAck, KioskStatusReport } from '../../shared/hq-api/kiosk-status';
import { DeviceHealth, OutOfServiceReasons } from '../../shared/hq-api/kiosk-status';
import type { HqContext } from '../context';
import { diagnosticsRequestToTell } from '../diagnostics/diagnostics-requests';
import { readFleetJournalPositions } from '../journal-ingest/journal-positions';
import { recordStatusHistory } from './status-history';

/** A device in any state but online (or starting up) is a fault for the fleet view and the alert rules. */
export function hasDeviceFault(devices: DeviceHealth): boolean {
  return Object.values(devices).some((d) => d.state !== 'online' && d.state !== 'starting');
}

export async function recordKioskStatus(ctx: HqContext, kioskId: string, report: KioskStatusReport): Promise<KioskStatusAck> {
  const now = ctx.clock();
  await ctx.db.query(
    `UPDATE kiosks SET software_version = $2, device_health = $3, device_health_at = $4, out_of_service = $5, out_of_service_reasons = $6,
       device_fault_since = CASE WHEN $7 THEN COALESCE(device_fault_since, $4) ELSE NULL END
     WHERE kiosk_id = $1`,
    [kioskId, report.softwareVersion, JSON.stringify(report.devices), now.toISOString(), report.outOfService,
      report.outOfServiceReasons ? JSON.stringify(report.outOfServiceReasons) : null, hasDeviceFault(report.devices)],
  );
  // The kiosk's history page (issue 17): the report kept, bounded (status-history.ts); and a console's request for a bundle.
  await recordStatusHistory(ctx.db, kioskId, report, now);
  const diagnosticsRequested = await diagnosticsRequestToTell(ctx.db, kioskId, now);
  return { accepted: true, serverTime: now.toISOString(), ...(diagnosticsRequested ? { diagnosticsRequested } : {}) };
}

export async function readFleet(ctx: HqContext): Promise<FleetResponse> {
  const { rows } = await ctx.db.query<{
    kiosk_id: string; enabled: boolean; software_version: string | null; last_contact_at: Date | null;
    out_of_service: boolean | null; out_of_service_reasons: unknown; device_health: unknown; device_health_at: Date | null;
  }>('SELECT kiosk_id, enabled, software_version, last_contact_at, out_of_service, out_of_service_reasons, device_health, device_health_at FROM kiosks ORDER BY kiosk_id');
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
      };
    }),
  };
}

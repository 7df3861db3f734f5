/**
 * The alert rules HQ evaluates itself at its housekeeping tick (issue 17,
 * "alerts that reach someone"), over what HQ already holds per kiosk:
 * - silentKiosk: an enabled kiosk seen before but not for SILENT_ALERT_MINUTES;
 * - deviceFault: a device not online for DEVICE_FAULT_ALERT_MINUTES
 *   (`device_fault_since`, migration 011);
 * - retainBinFull: the journal said the retain bin is full;
 * - tamperAlert: an open journal tamper alert (broken chain, bad signature...).
 * At most one open alert per kiosk and kind: an alert stays until a person
 * acknowledges it, and the rule raises it again only after that, if the
 * condition still holds. Each raise is queued for the webhook
 * (raiseFleetAlert). The identity-lock alerts are raised where they happen
 * (src/hq/identity).
 */
import type { Db } from '../../server-kit/db/db';
import { raiseFleetAlert, type FleetAlertKind } from './fleet-alerts';

export const SILENT_ALERT_MINUTES = 15;
export const DEVICE_FAULT_ALERT_MINUTES = 10;

const RULES: { kind: FleetAlertKind; where: string; detail: string }[] = [
  { kind: 'silentKiosk', where: 'k.last_contact_at < $1', detail: `no contact for more than ${SILENT_ALERT_MINUTES} minutes` },
  { kind: 'deviceFault', where: 'k.device_fault_since < $2', detail: `a device not online for more than ${DEVICE_FAULT_ALERT_MINUTES} minutes` },
  { kind: 'retainBinFull', where: "k.retain_bin_state = 'full'", detail: 'the card reader reported its retain bin full' },
  { kind: 'tamperAlert', where: 'EXISTS (SELECT 1 FROM journal_alerts j WHERE j.kiosk_id = k.kiosk_id AND j.acknowledged_at IS NULL)', detail: 'open journal tamper alert' },
];

/** Raises what holds now and is not already open; returns the ids raised. */
export async function evaluateAlertRules(db: Db, now: Date): Promise<number[]> {
  const raised: number[] = [];
  const silentBefore = new Date(now.getTime() - SILENT_ALERT_MINUTES * 60_000).toISOString();
  const faultBefore = new Date(now.getTime() - DEVICE_FAULT_ALERT_MINUTES * 60_000).toISOString();
  for (const rule of RULES) {
    const { rows } = await db.query<{ kiosk_id: string }>(
      `SELECT k.kiosk_id FROM kiosks k WHERE k.enabled AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL AND ${rule.where}
         AND NOT EXISTS (SELECT 1 FROM fleet_alerts a WHERE a.kiosk_id = k.kiosk_id AND a.kind = $3::text AND a.acknowledged_at IS NULL)
       ORDER BY k.kiosk_id`, [silentBefore, faultBefore, rule.kind]);
    for (const r of rows) raised.push(await raiseFleetAlert(db, { kind: rule.kind, kioskId: r.kiosk_id, at: now, detail: rule.detail }));
  }
  return raised;
}

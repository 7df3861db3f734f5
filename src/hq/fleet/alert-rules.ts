/**
 * The alert rules HQ evaluates itself at its housekeeping tick (issue 17,
 * "alerts that reach someone"; src/hq/fleet/alert-job.ts), over what HQ
 * already holds per kiosk, each threshold configurable
 * (src/hq/config/alert-config.ts):
 * - silentKiosk: an enabled kiosk seen before but not for `silentMinutes`;
 * - deviceFault: a device not online for `deviceFaultMinutes`
 *   (`device_fault_since`, migration 011);
 * - retainBinFull: the journal said the retain bin is full;
 * - tamperAlert: an open journal tamper alert (broken chain, bad signature...);
 * - journalBacklog: the newest event of the kiosk's last accepted journal
 *   batch had waited more than `journalLagMinutes` on the kiosk before HQ
 *   received it (`journal_cursors.last_batch_at` against that event's
 *   `occurred_at`): the kiosk's sync is that far behind at least. HQ cannot
 *   see events the kiosk has not sent, so this is HQ's own lower bound; the
 *   kiosk's clock is trusted within the request-signing skew.
 * At most one open alert per kiosk and kind: an alert stays until a person
 * acknowledges it, and the rule raises it again only after that, if the
 * condition still holds. Each raise is queued for the webhook
 * (raiseFleetAlert). The identity-lock alerts (identityLocked, and the spike
 * at one kiosk, identityFailureRate) are raised where the refusals are
 * counted (src/hq/identity).
 */
import type { Queryable } from '../../server-kit/db/db';
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from '../config/alert-config';
import { raiseFleetAlert, type FleetAlertKind } from './fleet-alerts';

/** The defaults (docs/hq.md); HQ_ALERT_* override them. */
export const SILENT_ALERT_MINUTES = DEFAULT_ALERT_THRESHOLDS.silentMinutes;
export const DEVICE_FAULT_ALERT_MINUTES = DEFAULT_ALERT_THRESHOLDS.deviceFaultMinutes;
export const JOURNAL_LAG_ALERT_MINUTES = DEFAULT_ALERT_THRESHOLDS.journalLagMinutes;

// $1 silent-before, $2 fault-before, $3 lag interval in minutes; $4 the kind.
const RULES: { kind: FleetAlertKind; where: string; detail: (t: AlertThresholds) => string }[] = [
  { kind: 'silentKiosk', where: 'k.last_contact_at < $1', detail: (t) => `no contact for more than ${t.silentMinutes} minutes` },
  { kind: 'deviceFault', where: 'k.device_fault_since < $2', detail: (t) => `a device not online for more than ${t.deviceFaultMinutes} minutes` },
  { kind: 'retainBinFull', where: "k.retain_bin_state = 'full'", detail: () => 'the card reader reported its retain bin full' },
  { kind: 'tamperAlert', where: 'EXISTS (SELECT 1 FROM journal_alerts j WHERE j.kiosk_id = k.kiosk_id AND j.acknowledged_at IS NULL)', detail: () => 'open journal tamper alert' },
  {
    kind: 'journalBacklog',
    where: `EXISTS (SELECT 1 FROM journal_cursors c JOIN journal_events e ON e.kiosk_id = c.kiosk_id AND e.seq = c.high_water_mark
                     WHERE c.kiosk_id = k.kiosk_id AND c.last_batch_at - e.occurred_at > make_interval(mins => $3::int))`,
    detail: (t) => `journal events reach HQ more than ${t.journalLagMinutes} minutes after they happened`,
  },
];

/** Raises what holds now and is not already open; returns the ids raised. */
export async function evaluateAlertRules(q: Queryable, now: Date, thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): Promise<number[]> {
  const raised: number[] = [];
  const silentBefore = new Date(now.getTime() - thresholds.silentMinutes * 60_000).toISOString();
  const faultBefore = new Date(now.getTime() - thresholds.deviceFaultMinutes * 60_000).toISOString();
  for (const rule of RULES) {
    const { rows } = await q.query<{ kiosk_id: string }>(
      `SELECT k.kiosk_id FROM kiosks k
        WHERE k.enabled AND $1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL AND $3::int IS NOT NULL AND ${rule.where}
          AND NOT EXISTS (SELECT 1 FROM fleet_alerts a WHERE a.kiosk_id = k.kiosk_id AND a.kind = $4::text AND a.acknowledged_at IS NULL)
        ORDER BY k.kiosk_id`, [silentBefore, faultBefore, thresholds.journalLagMinutes, rule.kind]);
    for (const r of rows) raised.push(await raiseFleetAlert(q, { kind: rule.kind, kioskId: r.kiosk_id, at: now, detail: rule.detail(thresholds) }));
  }
  return raised;
}

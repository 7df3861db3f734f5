/**
 * Fleet alerts for people, beside the journal's tamper alerts (issue 13:
 * "same visibility as a tamper alert"): a customer identity-locked after
 * repeated refused documents, and a kiosk where more documents than the
 * policy allows were refused within an hour. Shown in the operator console's
 * fleet table (a count per kiosk, next to tamper alerts) and list, and at
 * GET /admin/alerts; acknowledged by people (POST
 * /admin/alerts/:alertId/acknowledge, or the console's button).
 *
 * An alert names the kiosk and, for a lock, the masked card: never a card
 * number, never a document number. The schema is HQ's own (the admin API),
 * not part of the kiosk contract in src/shared.
 */
import { z } from 'zod';
import type { Db } from '../../server-kit/db/db';
import type { Queryable } from '../../server-kit/db/db';
import { logActorOperation, type Actor } from '../operation-log';

// Issue 17 adds the kinds HQ's own rules raise (src/hq/fleet/alert-rules.ts).
export const FleetAlertKind = z.enum(['identityLocked', 'identityFailureRate', 'silentKiosk', 'deviceFault', 'retainBinFull', 'tamperAlert', 'journalBacklog']);
export type FleetAlertKind = z.infer<typeof FleetAlertKind>;

export const FleetAlert = z.object({
  id: z.number().int().positive(),
  kind: FleetAlertKind,
  kioskId: z.string(),
  cardMasked: z.string().nullable(),
  detail: z.string(),
  raisedAt: z.string(),
}).strict();
export type FleetAlert = z.infer<typeof FleetAlert>;

export const FleetAlertsResponse = z.object({ alerts: z.array(FleetAlert), at: z.string() }).strict();
export type FleetAlertsResponse = z.infer<typeof FleetAlertsResponse>;

export const FleetAlertIdParams = z.object({ alertId: z.coerce.number().int().positive() }).strict();
export const AcknowledgeFleetAlertResponse = z.object({ acknowledged: z.boolean() }).strict();

export interface NewFleetAlert {
  kind: FleetAlertKind;
  kioskId: string;
  at: Date;
  customerId?: number | null;
  cardMasked?: string | null;
  detail: string;
}

/** Raises an alert and queues it for the webhook (alert_outbox, issue 17) in the same statement. */
export async function raiseFleetAlert(q: Queryable, alert: NewFleetAlert): Promise<number> {
  const { rows } = await q.query<{ alert_id: number | string }>(
    `WITH raised AS (
       INSERT INTO fleet_alerts (kind, kiosk_id, customer_id, card_masked, detail, raised_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING alert_id
     ), queued AS (INSERT INTO alert_outbox (alert_id, next_attempt_at) SELECT alert_id, $6 FROM raised)
     SELECT alert_id FROM raised`,
    [alert.kind, alert.kioskId, alert.customerId ?? null, alert.cardMasked ?? null, alert.detail, alert.at.toISOString()],
  );
  return Number(rows[0]!.alert_id);
}

/** Whether an alert of this kind was raised for this kiosk at or after `since` (acknowledged or not). */
export async function alertRaisedSince(q: Queryable, kioskId: string, kind: FleetAlertKind, since: Date): Promise<boolean> {
  const { rows } = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM fleet_alerts WHERE kiosk_id = $1 AND kind = $2 AND raised_at >= $3', [kioskId, kind, since.toISOString()]);
  return (rows[0]?.n ?? 0) > 0;
}

interface AlertRow {
  alert_id: number | string;
  kind: FleetAlertKind;
  kiosk_id: string;
  card_masked: string | null;
  detail: string;
  raised_at: Date | string;
}

/** Open alerts, oldest first; of one kind when told, and at most `limit` (the console pages them by kind). */
export async function openFleetAlerts(q: Queryable, filter: { kind?: FleetAlertKind; limit?: number } = {}): Promise<FleetAlert[]> {
  const { rows } = await q.query<AlertRow>(
    `SELECT alert_id, kind, kiosk_id, card_masked, detail, raised_at FROM fleet_alerts
      WHERE acknowledged_at IS NULL AND ($1::text IS NULL OR kind = $1) ORDER BY alert_id LIMIT $2`, [filter.kind ?? null, filter.limit ?? 10_000]);
  return rows.map((r) => ({
    id: Number(r.alert_id), kind: r.kind, kioskId: r.kiosk_id, cardMasked: r.card_masked, detail: r.detail,
    raisedAt: (r.raised_at instanceof Date ? r.raised_at : new Date(r.raised_at)).toISOString(),
  }));
}

/** Open alerts per kind, for the console's alert filter. */
export async function openFleetAlertCountsByKind(q: Queryable): Promise<Map<FleetAlertKind, number>> {
  const { rows } = await q.query<{ kind: FleetAlertKind; n: number }>(
    'SELECT kind, count(*)::int AS n FROM fleet_alerts WHERE acknowledged_at IS NULL GROUP BY kind');
  return new Map(rows.map((r) => [r.kind, Number(r.n)]));
}

/** Open alerts per kiosk, for the fleet table. */
export async function openFleetAlertCounts(q: Queryable): Promise<Map<string, number>> {
  const { rows } = await q.query<{ kiosk_id: string; n: number }>(
    'SELECT kiosk_id, count(*)::int AS n FROM fleet_alerts WHERE acknowledged_at IS NULL GROUP BY kiosk_id');
  return new Map(rows.map((r) => [r.kiosk_id, Number(r.n)]));
}

/** Acknowledges an open alert and logs who did (issue 17), in one transaction; false when there is no such open alert. */
export async function acknowledgeFleetAlert(db: Db, alertId: number, at: Date, actor: Actor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ kiosk_id: string; kind: string }>(
      'UPDATE fleet_alerts SET acknowledged_at = $2, acknowledged_by = $3 WHERE alert_id = $1 AND acknowledged_at IS NULL RETURNING kiosk_id, kind',
      [alertId, at.toISOString(), 'operatorId' in actor ? actor.operatorId : null]);
    const row = rows[0];
    if (!row) return false;
    await logActorOperation(tx, actor, { at, kioskId: row.kiosk_id, operation: 'fleetAlertAcknowledgement', outcome: 'acknowledged', detail: { alertId, kind: row.kind } });
    return true;
  });
}

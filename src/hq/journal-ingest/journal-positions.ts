/**
 * Reads for HQ's fleet view (issue 5, "fleet view: journal position"; issue
 * 6: a broken chain or bad signature is raised as a tamper alert).
 */
import type { Db, Queryable } from '../../server-kit/db/db';
import { logActorOperation, type Actor } from '../operation-log';
import type { JournalAlert, KioskJournalPosition } from '../../shared/hq-api/journal-ingest';
import type { JournalPosition } from '../../shared/hq-api/kiosk-status';
import { GENESIS_HASH } from '../../shared/journal';

interface AlertRow {
  alert_id: number | string;
  kiosk_id: string;
  kind: JournalAlert['kind'];
  at_seq: number | string | null;
  detail: string;
  raised_at: Date | string;
}

function toIso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toAlert(row: AlertRow): JournalAlert {
  return {
    id: Number(row.alert_id),
    kioskId: row.kiosk_id,
    kind: row.kind,
    atSeq: row.at_seq === null ? null : Number(row.at_seq),
    detail: row.detail,
    raisedAt: toIso(row.raised_at)!,
  };
}

export async function openJournalAlerts(db: Queryable, kioskId?: string): Promise<JournalAlert[]> {
  const result = await db.query<AlertRow>(
    `SELECT alert_id, kiosk_id, kind, at_seq, detail, raised_at FROM journal_alerts
      WHERE acknowledged_at IS NULL AND ($1::text IS NULL OR kiosk_id = $1) ORDER BY alert_id`, [kioskId ?? null]);
  return result.rows.map(toAlert);
}

/**
 * Acknowledges an open tamper alert and logs who did (issue 17: every
 * operator action attributable; issue 19: "tamper alerts can be
 * acknowledged"), in one transaction; false when there is no such open
 * alert. The alert row stays: acknowledged is not deleted; who did it is
 * the operation log's row (its operator id, or the admin token's).
 */
export async function acknowledgeJournalAlert(db: Db, alertId: number, at: Date, actor: Actor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ kiosk_id: string; kind: string }>(
      'UPDATE journal_alerts SET acknowledged_at = $2 WHERE alert_id = $1 AND acknowledged_at IS NULL RETURNING kiosk_id, kind',
      [alertId, at.toISOString()]);
    const row = rows[0];
    if (!row) return false;
    await logActorOperation(tx, actor, { at, kioskId: row.kiosk_id, operation: 'journalAlertAcknowledgement', outcome: 'acknowledged', detail: { alertId, kind: row.kind } });
    return true;
  });
}

/** One kiosk's position and open alerts (`GET /v1/journal/status`, and technicians through the kiosk). */
export async function readKioskJournalPosition(db: Queryable, kioskId: string): Promise<KioskJournalPosition> {
  const cursor = (await db.query<{ high_water_mark: number | string; head_hash: string; event_count: number | string; last_batch_at: Date | string | null }>(
    "SELECT high_water_mark, encode(head_hash, 'hex') AS head_hash, event_count, last_batch_at FROM journal_cursors WHERE kiosk_id = $1", [kioskId])).rows[0];
  return {
    kioskId,
    highWaterMark: cursor ? Number(cursor.high_water_mark) : 0,
    headHash: cursor?.head_hash ?? GENESIS_HASH,
    lastBatchAt: cursor ? toIso(cursor.last_batch_at) : null,
    eventCount: cursor ? Number(cursor.event_count) : 0,
    openAlerts: await openJournalAlerts(db, kioskId),
  };
}

/** Every kiosk's position in the shape of the fleet view's `FleetKiosk.journal`. */
export async function readFleetJournalPositions(db: Queryable): Promise<Map<string, JournalPosition>> {
  const result = await db.query<{ kiosk_id: string; high_water_mark: number | string | null; last_batch_at: Date | string | null; alerts: number | string }>(
    `SELECT k.kiosk_id, c.high_water_mark, c.last_batch_at,
            (SELECT count(*) FROM journal_alerts a WHERE a.kiosk_id = k.kiosk_id AND a.acknowledged_at IS NULL) AS alerts
       FROM kiosks k LEFT JOIN journal_cursors c ON c.kiosk_id = k.kiosk_id`);
  return new Map(result.rows.map((r) => [r.kiosk_id, {
    ackedThrough: r.high_water_mark === null ? 0 : Number(r.high_water_mark),
    lastIngestAt: toIso(r.last_batch_at),
    tamperAlerts: Number(r.alerts),
  }]));
}

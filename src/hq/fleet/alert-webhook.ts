/**
 * Delivery of fleet alerts to the configured webhook (issue 17: "delivered
 * to a configured webhook (JSON, signed with an HMAC header, retried with
 * backoff)"), from the durable outbox (`alert_outbox`, migration 012): an
 * alert raised is queued in the same statement, so a crash between raising
 * and sending loses nothing; a row leaves the queue only when the receiver
 * answers 2xx.
 *
 * The request (docs/hq.md, "Alert webhook"):
 *   POST <url>, content-type application/json,
 *   x-hq-timestamp: <ISO time of this attempt>,
 *   x-hq-signature: sha256=<hex HMAC-SHA256(secret, timestamp + "\n" + body)>
 *   body: { "alert": { id, kind, kioskId, cardMasked, detail, raisedAt }, "attempt": n }
 * The timestamp is inside the signature so a captured request cannot be
 * replayed later as new. Retries: 30 s, 1, 2, 4 ... minutes, at most an hour
 * apart; no redirects are followed; 10 s per attempt.
 */
import { createHmac } from 'node:crypto';
import type { Queryable } from '../../server-kit/db/db';
import type { FleetAlert } from './fleet-alerts';

export interface AlertWebhook {
  url: string;
  /** Shared with the receiver; at least 32 characters. */
  secret: string;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}\n${body}`).digest('hex')}`;
}

interface DueRow {
  alert_id: number | string; attempts: number; kind: FleetAlert['kind']; kiosk_id: string;
  card_masked: string | null; detail: string; raised_at: Date | string;
}

/** Sends every due row once; returns how many were delivered. */
export async function deliverDueAlerts(q: Queryable, webhook: AlertWebhook, now: Date, limit = 50): Promise<number> {
  const { rows } = await q.query<DueRow>(
    `SELECT o.alert_id, o.attempts, a.kind, a.kiosk_id, a.card_masked, a.detail, a.raised_at
       FROM alert_outbox o JOIN fleet_alerts a ON a.alert_id = o.alert_id
      WHERE o.delivered_at IS NULL AND o.next_attempt_at <= $1 ORDER BY o.next_attempt_at, o.alert_id LIMIT $2`, [now.toISOString(), limit]);
  let delivered = 0;
  for (const r of rows) {
    const attempt = r.attempts + 1;
    const alert: FleetAlert = { id: Number(r.alert_id), kind: r.kind, kioskId: r.kiosk_id, cardMasked: r.card_masked, detail: r.detail, raisedAt: new Date(r.raised_at).toISOString() };
    const body = JSON.stringify({ alert, attempt });
    const timestamp = now.toISOString();
    let error: string | null = null;
    try {
      const response = await fetch(webhook.url, {
        method: 'POST', redirect: 'manual', body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        headers: { 'content-type': 'application/json', 'x-hq-timestamp': timestamp, 'x-hq-signature': signWebhook(webhook.secret, timestamp, body) },
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status < 200 || response.status > 299) error = `HTTP ${response.status}`;
    } catch (e) {
      error = e instanceof Error ? e.name : 'error';
    }
    if (error === null) {
      await q.query('UPDATE alert_outbox SET attempts = $2, delivered_at = $3, last_error = NULL WHERE alert_id = $1', [alert.id, attempt, timestamp]);
      delivered++;
    } else {
      await q.query('UPDATE alert_outbox SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE alert_id = $1',
        [alert.id, attempt, new Date(now.getTime() + retryDelayMs(attempt)).toISOString(), error]);
    }
  }
  return delivered;
}

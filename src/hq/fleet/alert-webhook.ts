/**
 * Delivery of fleet alerts to the configured webhook (issue 17: "delivered
 * to a configured webhook (JSON, signed with an HMAC header, retried with
 * backoff)"), from the durable outbox (`alert_outbox`, migrations 012 and
 * 016): an alert raised is queued in the same statement, so a crash between
 * raising and sending loses nothing; a row leaves the queue only when the
 * receiver answers 2xx.
 *
 * The request (docs/hq.md, "Alert rules and the webhook"):
 *   POST <url>, content-type application/json,
 *   x-hq-timestamp: <ISO time of this attempt>,
 *   x-hq-signature: sha256=<hex HMAC-SHA256(secret, timestamp + "\n" + body)>
 *   body: { "version": 1, "alert": { id, kind, kioskId, cardMasked, detail, raisedAt }, "attempt": n }
 * The timestamp is inside the signature so a captured request cannot be
 * replayed later as new (the scheme of Stripe's `Stripe-Signature` and
 * GitHub's `X-Hub-Signature-256`, with the timestamp signed); a receiver
 * also drops an alert id it has already seen (a retry after a lost answer
 * repeats it).
 * Retries: exponential backoff from 30 s, doubling, at most an hour apart,
 * with "equal jitter" (half the delay fixed, half random: AWS Architecture
 * Blog, "Exponential Backoff And Jitter") so a receiver back from an outage
 * is not hit by every HQ instance's queue at once; no redirects are
 * followed; 10 s per attempt.
 * Leases: each instance tries due rows on its own timer; a row is claimed
 * (`FOR UPDATE SKIP LOCKED`, then `lease_until`) before it is sent, so two
 * instances never post the same alert at once, and a claim an instance died
 * holding runs out and the row is tried again.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../../server-kit/db/db';
import type { AlertWebhookConfig } from '../config/alert-config';
import type { FleetAlert } from './fleet-alerts';

export type AlertWebhook = AlertWebhookConfig;

/** The body's `version`: a receiver checks it before reading the rest. */
export const WEBHOOK_BODY_VERSION = 1;
export const WEBHOOK_TIMEOUT_MS = 10_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

/** The delay after the `attempts`-th failure: the exponential ceiling, half of it fixed and half jittered. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random(), 0), 1));
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}\n${body}`).digest('hex')}`;
}

interface DueRow {
  alert_id: number | string; attempts: number; kind: FleetAlert['kind']; kiosk_id: string;
  card_masked: string | null; detail: string; raised_at: Date | string;
}

export interface DeliveryOptions {
  /** Who holds the claims (an instance id); a fresh UUID per call unless told. */
  owner?: string;
  limit?: number;
  /** For the jitter (tests pass a fixed one). */
  random?: () => number;
}

/**
 * Claims the due rows no other instance holds, for long enough to send them
 * one after another with the per-attempt timeout each.
 */
async function claimDue(db: Db, now: Date, owner: string, limit: number): Promise<DueRow[]> {
  const leaseUntil = new Date(now.getTime() + WEBHOOK_TIMEOUT_MS * (limit + 1)).toISOString();
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<DueRow>(
      `WITH due AS (
         SELECT alert_id FROM alert_outbox
          WHERE delivered_at IS NULL AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
          ORDER BY next_attempt_at, alert_id LIMIT $2 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE alert_outbox o SET lease_until = $3, lease_owner = $4 FROM due WHERE o.alert_id = due.alert_id RETURNING o.alert_id, o.attempts
       )
       SELECT c.alert_id, c.attempts, a.kind, a.kiosk_id, a.card_masked, a.detail, a.raised_at
         FROM claimed c JOIN fleet_alerts a ON a.alert_id = c.alert_id ORDER BY c.alert_id`,
      [now.toISOString(), limit, leaseUntil, owner]);
    return rows;
  });
}

async function post(webhook: AlertWebhook, timestamp: string, body: string): Promise<string | null> {
  try {
    const response = await fetch(webhook.url, {
      method: 'POST', redirect: 'manual', body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      headers: { 'content-type': 'application/json', 'x-hq-timestamp': timestamp, 'x-hq-signature': signWebhook(webhook.secret, timestamp, body) },
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status >= 200 && response.status <= 299 ? null : `HTTP ${response.status}`;
  } catch (e) {
    // The error's name only (TimeoutError, TypeError for a refused connection): never a URL with credentials in it.
    return e instanceof Error ? e.name : 'error';
  }
}

/** Sends every due row this call could claim, once; returns how many were delivered. */
export async function deliverDueAlerts(db: Db, webhook: AlertWebhook, now: Date, options: DeliveryOptions = {}): Promise<number> {
  const owner = options.owner ?? randomUUID();
  const rows = await claimDue(db, now, owner, options.limit ?? 20);
  let delivered = 0;
  for (const r of rows) {
    const attempt = r.attempts + 1;
    const alert: FleetAlert = { id: Number(r.alert_id), kind: r.kind, kioskId: r.kiosk_id, cardMasked: r.card_masked, detail: r.detail, raisedAt: new Date(r.raised_at).toISOString() };
    const body = JSON.stringify({ version: WEBHOOK_BODY_VERSION, alert, attempt });
    const timestamp = now.toISOString();
    const error = await post(webhook, timestamp, body);
    if (error === null) {
      await db.query(
        'UPDATE alert_outbox SET attempts = $2, delivered_at = $3, last_attempt_at = $3, last_error = NULL, lease_until = NULL, lease_owner = NULL WHERE alert_id = $1 AND lease_owner = $4',
        [alert.id, attempt, timestamp, owner]);
      delivered++;
    } else {
      await db.query(
        'UPDATE alert_outbox SET attempts = $2, next_attempt_at = $3, last_attempt_at = $5, last_error = $4, lease_until = NULL, lease_owner = NULL WHERE alert_id = $1 AND lease_owner = $6',
        [alert.id, attempt, new Date(now.getTime() + retryDelayMs(attempt, options.random)).toISOString(), error, timestamp, owner]);
    }
  }
  return delivered;
}

/** Where an alert's delivery stands, for the console. */
export interface AlertDelivery {
  attempts: number;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  lastError: string | null;
}

export async function alertDeliveries(q: Queryable, alertIds: readonly number[]): Promise<Map<number, AlertDelivery>> {
  if (alertIds.length === 0) return new Map();
  const { rows } = await q.query<{ alert_id: number | string; attempts: number; delivered_at: Date | string | null; next_attempt_at: Date | string; last_error: string | null }>(
    'SELECT alert_id, attempts, delivered_at, next_attempt_at, last_error FROM alert_outbox WHERE alert_id = ANY ($1::bigint[])', [alertIds.map(String)]);
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  return new Map(rows.map((r) => [Number(r.alert_id), {
    attempts: Number(r.attempts), deliveredAt: iso(r.delivered_at), nextAttemptAt: r.delivered_at === null ? iso(r.next_attempt_at) : null, lastError: r.last_error,
  }]));
}

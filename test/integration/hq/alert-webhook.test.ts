/**
 * Alerts that reach someone (issue 17) on both stores: HQ's rules raise
 * alerts from scripted status reports, each queued in the outbox and
 * posted to a webhook receiver on loopback, signed with HMAC-SHA256,
 * retried with backoff and jitter after a failure, at most one open alert
 * per kiosk and kind, never posted twice by two instances' jobs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlertRules, SILENT_ALERT_MINUTES } from '../../../src/hq/fleet/alert-rules';
import { AlertJob } from '../../../src/hq/fleet/alert-job';
import { DEFAULT_ALERT_THRESHOLDS } from '../../../src/hq/config/alert-config';
import { alertDeliveries, deliverDueAlerts, retryDelayMs, WEBHOOK_BODY_VERSION } from '../../../src/hq/fleet/alert-webhook';
import { startHarness, STORES, WEDNESDAY_NOON_TOKYO, type HqHarness } from './hq-harness';

interface Received { headers: Record<string, string | string[] | undefined>; body: string }

/** What a receiver does (docs/hq.md): recompute the HMAC over timestamp and raw body, compare in constant time, refuse old timestamps. */
function verifyWebhook(secret: string, headers: Received['headers'], body: string, now: Date, toleranceMs = 5 * 60_000): boolean {
  const timestamp = String(headers['x-hq-timestamp'] ?? '');
  const signature = String(headers['x-hq-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}\n${body}`).digest('hex')}`;
  const fresh = Math.abs(now.getTime() - Date.parse(timestamp)) <= toleranceMs;
  return fresh && signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

describe.each(STORES)('alert webhook on %s', (kind) => {
  let hq: HqHarness;
  let server: Server;
  let url: string;
  const received: Received[] = [];
  let answer = 204;
  const secret = 'a-webhook-secret-of-at-least-32-characters';
  beforeAll(async () => {
    hq = await startHarness(kind);
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
      request.on('end', () => { received.push({ headers: request.headers, body }); response.writeHead(answer).end(); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await hq?.close();
  });

  it('raises a silent-kiosk alert once, delivers it signed, retries after a failure with backoff, and not again once delivered', async () => {
    hq.clock.now = WEDNESDAY_NOON_TOKYO;
    expect((await hq.client.reportStatus({ softwareVersion: '1.0.0', outOfService: false, outOfServiceReasons: [], devices: { cardReader: { state: 'online' } } })).ok).toBe(true);
    expect(await evaluateAlertRules(hq.db, hq.clock.now)).toEqual([]);

    const later = new Date(WEDNESDAY_NOON_TOKYO.getTime() + (SILENT_ALERT_MINUTES + 1) * 60_000);
    const raised = await evaluateAlertRules(hq.db, later);
    expect(raised).toHaveLength(1);
    expect(await evaluateAlertRules(hq.db, new Date(later.getTime() + 60_000))).toEqual([]);

    answer = 500;
    const noJitter = () => 1;
    expect(await deliverDueAlerts(hq.db, { url, secret }, later, { random: noJitter })).toBe(0);
    expect(received).toHaveLength(1);
    // The console shows the failure and the next attempt.
    expect((await alertDeliveries(hq.db, raised)).get(raised[0]!)).toMatchObject({ attempts: 1, deliveredAt: null, lastError: 'HTTP 500' });
    // Not due again before the backoff has passed.
    expect(await deliverDueAlerts(hq.db, { url, secret }, new Date(later.getTime() + retryDelayMs(1, noJitter) - 1000))).toBe(0);
    expect(received).toHaveLength(1);

    answer = 204;
    const retryAt = new Date(later.getTime() + retryDelayMs(1, noJitter));
    expect(await deliverDueAlerts(hq.db, { url, secret }, retryAt)).toBe(1);
    expect(received).toHaveLength(2);
    const last = received[1]!;
    const body = JSON.parse(last.body) as { version: number; alert: { id: number; kind: string; kioskId: string }; attempt: number };
    expect(body).toMatchObject({ version: WEBHOOK_BODY_VERSION, alert: { id: raised[0], kind: 'silentKiosk', kioskId: hq.kioskId }, attempt: 2 });
    expect(verifyWebhook(secret, last.headers, last.body, retryAt)).toBe(true);
    expect(verifyWebhook('another secret of at least thirty-two characters', last.headers, last.body, retryAt)).toBe(false);
    expect(verifyWebhook(secret, last.headers, last.body.replace('silentKiosk', 'deviceFault'), retryAt)).toBe(false);
    // A captured request replayed an hour later is refused by its timestamp.
    expect(verifyWebhook(secret, last.headers, last.body, new Date(retryAt.getTime() + 3_600_000))).toBe(false);
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers['x-hq-timestamp']).toBe(retryAt.toISOString());
    const expected = `sha256=${createHmac('sha256', secret).update(`${retryAt.toISOString()}\n${last.body}`).digest('hex')}`;
    expect(last.headers['x-hq-signature']).toBe(expected);
    expect(last.headers['x-hq-signature']).not.toBe(`sha256=${createHmac('sha256', 'another secret').update(`${retryAt.toISOString()}\n${last.body}`).digest('hex')}`);

    expect(await deliverDueAlerts(hq.db, { url, secret }, new Date(retryAt.getTime() + 24 * 3_600_000))).toBe(0);
    expect(received).toHaveLength(2);
    const { rows } = await hq.db.query<{ attempts: number; last_error: string | null }>('SELECT attempts, last_error FROM alert_outbox WHERE alert_id = $1', [raised[0]]);
    expect(rows).toEqual([{ attempts: 2, last_error: null }]);
    expect((await alertDeliveries(hq.db, raised)).get(raised[0]!)).toMatchObject({ attempts: 2, deliveredAt: retryAt.toISOString(), nextAttemptAt: null });
  });

  it('keeps an alert queued while the receiver is unreachable, backing off up to an hour', async () => {
    // Exponential ceilings 30 s, 1, 2 ... minutes, at most an hour; half of each fixed, half jittered.
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(3, () => 1)).toBe(120_000);
    expect(retryDelayMs(20, () => 1)).toBe(3_600_000);
    expect(retryDelayMs(20, () => 0)).toBe(1_800_000);
    for (let i = 0; i < 50; i++) expect(retryDelayMs(2)).toSatisfy((ms: number) => ms >= 30_000 && ms <= 60_000);
    await hq.db.query("UPDATE kiosks SET retain_bin_state = 'full' WHERE kiosk_id = $1", [hq.kioskId]);
    const at = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 3_600_000);
    const raised = await evaluateAlertRules(hq.db, at);
    const { rows: kinds } = await hq.db.query<{ kind: string }>('SELECT kind FROM fleet_alerts WHERE alert_id = ANY ($1)', [raised]);
    expect(kinds.map((k) => k.kind)).toEqual(['retainBinFull']);
    expect(await deliverDueAlerts(hq.db, { url: 'http://127.0.0.1:9/nothing-listens', secret }, at)).toBe(0);
    const { rows } = await hq.db.query<{ attempts: number; last_error: string; delivered_at: Date | null }>('SELECT attempts, last_error, delivered_at FROM alert_outbox WHERE alert_id = $1', [raised[0]]);
    expect(rows[0]).toMatchObject({ attempts: 1, delivered_at: null });
    expect(rows[0]!.last_error).toBeTruthy();
  });

  it('posts each alert once when two instances\' jobs tick together, each claiming what the other has not', async () => {
    await hq.db.query('UPDATE alert_outbox SET delivered_at = $1 WHERE delivered_at IS NULL', [WEDNESDAY_NOON_TOKYO]);
    const at = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 5 * 3_600_000);
    for (let i = 0; i < 6; i++) {
      const other = await hq.enrollKiosk(`HOOK-TWICE-${i}`);
      hq.clock.now = at;
      expect((await other.client.reportStatus({ softwareVersion: '1.0.0', outOfService: false, outOfServiceReasons: [], devices: {} })).ok).toBe(true);
    }
    received.length = 0;
    answer = 200;
    const later = new Date(at.getTime() + 20 * 60_000);
    const settings = { thresholds: DEFAULT_ALERT_THRESHOLDS, intervalMs: 60_000, webhook: { url, secret } };
    const first = new AlertJob(hq.db, settings, () => later);
    const second = new AlertJob(hq.db, settings, () => later);
    const results = await Promise.all([first.tick(later), second.tick(later), first.tick(later), second.tick(later)]);
    const ids = received.map((r) => (JSON.parse(r.body) as { alert: { id: number } }).alert.id);
    expect(new Set(ids).size).toBe(ids.length);
    const raised = results.flatMap((r) => r.raised);
    expect(raised.length).toBeGreaterThanOrEqual(6);
    // Every alert raised was delivered exactly once, whichever instance claimed it.
    expect(ids.sort((x, y) => x - y)).toEqual(raised.sort((x, y) => x - y));
    expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(raised.length);
  });
});

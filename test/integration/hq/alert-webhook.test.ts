/**
 * Alerts that reach someone (issue 17) on both stores: HQ's rules raise
 * alerts from scripted status reports, each queued in the outbox and
 * posted to a webhook receiver on loopback, signed with HMAC-SHA256,
 * retried with backoff after a failure, at most one open alert per kiosk
 * and kind.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlertRules, SILENT_ALERT_MINUTES } from '../../../src/hq/fleet/alert-rules';
import { deliverDueAlerts, retryDelayMs } from '../../../src/hq/fleet/alert-webhook';
import { startHarness, STORES, WEDNESDAY_NOON_TOKYO, type HqHarness } from './hq-harness';

interface Received { headers: Record<string, string | string[] | undefined>; body: string }

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

    answer = 503;
    expect(await deliverDueAlerts(hq.db, { url, secret }, later)).toBe(0);
    expect(received).toHaveLength(1);
    // Not due again before the backoff has passed.
    expect(await deliverDueAlerts(hq.db, { url, secret }, new Date(later.getTime() + retryDelayMs(1) - 1000))).toBe(0);
    expect(received).toHaveLength(1);

    answer = 204;
    const retryAt = new Date(later.getTime() + retryDelayMs(1));
    expect(await deliverDueAlerts(hq.db, { url, secret }, retryAt)).toBe(1);
    expect(received).toHaveLength(2);
    const last = received[1]!;
    const body = JSON.parse(last.body) as { alert: { id: number; kind: string; kioskId: string }; attempt: number };
    expect(body).toMatchObject({ alert: { id: raised[0], kind: 'silentKiosk', kioskId: hq.kioskId }, attempt: 2 });
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers['x-hq-timestamp']).toBe(retryAt.toISOString());
    const expected = `sha256=${createHmac('sha256', secret).update(`${retryAt.toISOString()}\n${last.body}`).digest('hex')}`;
    expect(last.headers['x-hq-signature']).toBe(expected);
    expect(last.headers['x-hq-signature']).not.toBe(`sha256=${createHmac('sha256', 'another secret').update(`${retryAt.toISOString()}\n${last.body}`).digest('hex')}`);

    expect(await deliverDueAlerts(hq.db, { url, secret }, new Date(retryAt.getTime() + 24 * 3_600_000))).toBe(0);
    expect(received).toHaveLength(2);
    const { rows } = await hq.db.query<{ attempts: number; last_error: string | null }>('SELECT attempts, last_error FROM alert_outbox WHERE alert_id = $1', [raised[0]]);
    expect(rows).toEqual([{ attempts: 2, last_error: null }]);
  });

  it('keeps an alert queued while the receiver is unreachable, backing off up to an hour', async () => {
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(3)).toBe(120_000);
    expect(retryDelayMs(20)).toBe(3_600_000);
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
});

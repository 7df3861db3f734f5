/**
 * The console's alert page and the acknowledgement of tamper alerts (issue
 * 17: "shown in the console until acknowledged by a named operator"; issue
 * 19: "tamper alerts can be acknowledged (route)"), on both stores: the list
 * filtered by kind with webhook delivery state, a viewer who may read but
 * not acknowledge, an operator's acknowledgement with its operation-log
 * row, and the admin route for machine clients, logged as the token's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseFleetAlert } from '../../../src/hq/fleet/fleet-alerts';
import { signInAs } from './console-client';
import { startHarness, STORES, type HqHarness } from './hq-harness';

describe.each(STORES)('console alerts on %s', (kind) => {
  let hq: HqHarness;
  beforeAll(async () => {
    hq = await startHarness(kind, { app: { alerts: { thresholds: { silentMinutes: 15, deviceFaultMinutes: 10, journalLagMinutes: 60 }, intervalMs: 3_600_000, webhook: { url: 'http://127.0.0.1:9/hook', secret: 'x'.repeat(32) } } } });
  });
  afterAll(async () => { await hq?.close(); });

  const tamperAlert = async () => (await hq.db.query<{ alert_id: string }>(
    "INSERT INTO journal_alerts (kiosk_id, kind, at_seq, detail, raised_at) VALUES ($1, 'badSignature', 3, 'the batch signature does not verify', $2) RETURNING alert_id",
    [hq.kioskId, hq.clock.now])).rows[0]!.alert_id;
  const isOpen = async (alertId: string) => (await hq.db.query('SELECT 1 FROM journal_alerts WHERE alert_id = $1 AND acknowledged_at IS NULL', [alertId])).rows.length === 1;
  const logRows = async (alertId: string) => (await hq.db.query<{ console_operator_id: string | null; outcome: string; kiosk_id: string; detail: Record<string, unknown> }>(
    "SELECT console_operator_id, outcome, kiosk_id, detail FROM operation_log WHERE operation = 'journalAlertAcknowledgement' AND (detail->>'alertId')::bigint = $1", [alertId])).rows;

  it('lists open alerts filtered by kind, with where each delivery stands, to a viewer without buttons', async () => {
    const silent = await raiseFleetAlert(hq.db, { kind: 'silentKiosk', kioskId: hq.kioskId, at: hq.clock.now, detail: 'no contact for more than 15 minutes' });
    const bin = await raiseFleetAlert(hq.db, { kind: 'retainBinFull', kioskId: hq.kioskId, at: hq.clock.now, detail: 'the card reader reported its retain bin full' });
    await hq.db.query("UPDATE alert_outbox SET attempts = 2, last_error = 'HTTP 500' WHERE alert_id = $1", [bin]);
    const tamper = await tamperAlert();
    const viewer = await signInAs(hq, 'viewer');

    const all = await (await viewer.get('/console/alerts')).text();
    expect(all).toContain(`data-alert="${silent}"`);
    expect(all).toContain(`data-alert="${bin}"`);
    expect(all).toContain(`data-tamper-alert="${tamper}"`);
    expect(all).toContain('data-delivery="queued"');
    expect(all).toMatch(/data-delivery="retrying"[^]*HTTP 500/);
    expect(all).not.toContain('/acknowledge');

    const onlyBin = await (await viewer.get('/console/alerts?kind=retainBinFull')).text();
    expect(onlyBin).toContain(`data-alert="${bin}"`);
    expect(onlyBin).not.toContain(`data-alert="${silent}"`);
    expect(onlyBin).not.toContain(`data-tamper-alert="${tamper}"`);
    const onlyTamper = await (await viewer.get('/console/alerts?kind=tamper')).text();
    expect(onlyTamper).toContain(`data-tamper-alert="${tamper}"`);
    expect(onlyTamper).not.toContain(`data-alert="${silent}"`);

    const unknown = await viewer.get('/console/alerts?kind=%3Cscript%3E');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).not.toContain('<script>');
  });

  it('refuses a viewer\'s acknowledgement of either kind of alert and keeps both open', async () => {
    const viewer = await signInAs(hq, 'viewer');
    const tamper = await tamperAlert();
    const fleet = await raiseFleetAlert(hq.db, { kind: 'deviceFault', kioskId: hq.kioskId, at: hq.clock.now, detail: 'test' });
    expect((await viewer.post(`/console/journal-alerts/${tamper}/acknowledge`)).status).toBe(403);
    expect((await viewer.post(`/console/alerts/${fleet}/acknowledge`)).status).toBe(403);
    expect(await isOpen(tamper)).toBe(true);
    expect((await hq.db.query('SELECT 1 FROM fleet_alerts WHERE alert_id = $1 AND acknowledged_at IS NULL', [fleet])).rows).toHaveLength(1);
    expect(await logRows(tamper)).toEqual([]);
  });

  it('lets an operator acknowledge a tamper alert, logged with the operator\'s id; without the CSRF token or twice, not', async () => {
    const operator = await signInAs(hq, 'operator');
    const tamper = await tamperAlert();
    const page = await (await operator.get('/console/alerts?kind=tamper')).text();
    expect(page).toContain(`action="/console/journal-alerts/${tamper}/acknowledge"`);

    expect((await operator.post(`/console/journal-alerts/${tamper}/acknowledge`, { _csrf: 'forged' })).status).toBe(403);
    expect(await isOpen(tamper)).toBe(true);

    const done = await operator.post(`/console/journal-alerts/${tamper}/acknowledge`);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/console/alerts?kind=tamper&acknowledged=${tamper}`);
    expect(await isOpen(tamper)).toBe(false);
    expect(await logRows(tamper)).toEqual([{ console_operator_id: expect.toSatisfy((v) => Number(v) === operator.operatorId), outcome: 'acknowledged', kiosk_id: hq.kioskId, detail: { alertId: Number(tamper), kind: 'badSignature' } }]);

    expect((await operator.post(`/console/journal-alerts/${tamper}/acknowledge`)).status).toBe(404);
    expect((await operator.post('/console/journal-alerts/not-a-number/acknowledge')).status).toBe(404);
    expect(await logRows(tamper)).toHaveLength(1);
  });

  it('acknowledges a tamper alert at the admin route with the admin token, logged as the token\'s; refuses without it', async () => {
    const tamper = await tamperAlert();
    const url = `${hq.url}/admin/journal-alerts/${tamper}/acknowledge`;
    expect((await fetch(url, { method: 'POST' })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect(await isOpen(tamper)).toBe(true);

    const listed = await fetch(`${hq.url}/admin/journal-alerts`, { headers: { authorization: `Bearer ${hq.adminToken}` } });
    expect(((await listed.json()) as { alerts: { id: number }[] }).alerts.map((a) => a.id)).toContain(Number(tamper));

    const done = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${hq.adminToken}` } });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ acknowledged: true });
    expect(await isOpen(tamper)).toBe(false);
    expect(await logRows(tamper)).toEqual([{ console_operator_id: null, outcome: 'acknowledged', kiosk_id: hq.kioskId, detail: { via: 'adminToken', alertId: Number(tamper), kind: 'badSignature' } }]);

    const again = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${hq.adminToken}` } });
    expect(again.status).toBe(404);
    expect((await fetch(`${hq.url}/admin/journal-alerts/0/acknowledge`, { method: 'POST', headers: { authorization: `Bearer ${hq.adminToken}` } })).status).toBe(400);
  });
});

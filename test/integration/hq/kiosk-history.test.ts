/**
 * A kiosk's history and remote diagnostics in the console (issue 17), over
 * real HTTP on both stores: status reports kept as bounded history rows and
 * pruned past the retention; the per-kiosk page with its charts; a bundle
 * requested by an operator, told to the kiosk in its status ack, uploaded
 * signed as the kiosk, the request closed, and the bundle read back escaped;
 * every refusal stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteBundleAuthor } from '../../../src/shared/diagnostics/diagnostics-bundle';
import type { KioskStatusReport } from '../../../src/shared/hq-api/kiosk-status';
import { GrowthHousekeeper } from '../../../src/hq/growth-housekeeping';
import { SAMPLE_UNCHANGED_MS } from '../../../src/hq/fleet/status-history';
import { signInAs, type ConsoleClient } from './console-client';
import { loggedInCustomer, startHarness, STORES, WEDNESDAY_NOON_TOKYO, type HqHarness } from './hq-harness';
import { bundle } from '../../support/diagnostics-bundle-fixture';

const MINUTE = 60_000;
const DAY = 86_400_000;

const report = (outOfService = false, reader: 'online' | 'hardwareError' = 'online'): KioskStatusReport => ({
  softwareVersion: '1.2.0', outOfService, outOfServiceReasons: outOfService ? ['cardReaderFault'] : [],
  devices: { cardReader: reader === 'online' ? { state: 'online' } : { state: 'hardwareError', detail: 'jam <b>' } },
});

describe.each(STORES)('a kiosk\'s history and remote diagnostics on %s', (kind) => {
  let hq: HqHarness;
  let viewer: ConsoleClient;
  let operator: ConsoleClient;
  beforeAll(async () => {
    hq = await startHarness(kind);
    hq.clock.now = WEDNESDAY_NOON_TOKYO;
    viewer = await signInAs(hq, 'viewer');
    operator = await signInAs(hq, 'operator');
  }, 60_000);
  afterAll(async () => { await hq?.close(); });

  const historyRows = async (kioskId: string) => (await hq.db.query<{ received_at: Date | string; report: KioskStatusReport }>(
    'SELECT received_at, report FROM kiosk_status_history WHERE kiosk_id = $1 ORDER BY received_at', [kioskId])).rows
    .map((r) => ({ at: new Date(r.received_at).toISOString(), outOfService: r.report.outOfService }));
  const at = (ms: number) => { hq.clock.now = new Date(WEDNESDAY_NOON_TOKYO.getTime() + ms); return hq.clock.now.toISOString(); };
  const sendReport = async (client: HqHarness['client'], r: KioskStatusReport) => {
    const ack = await client.reportStatus(r);
    if (!ack.ok) throw new Error(`status refused: ${JSON.stringify(ack.error)}`);
    return ack.value;
  };

  it('keeps status reports as history: a change at once (one row a minute), the same report only every 10 minutes', async () => {
    const { kioskId, client } = await hq.enrollKiosk();
    const t0 = at(0);
    await sendReport(client, report());
    at(30_000);
    await sendReport(client, report()); // same, 30 s on: skipped
    const t1 = at(70_000);
    await sendReport(client, report(true, 'hardwareError')); // changed, over a minute on: a row
    const t2 = at(90_000);
    await sendReport(client, report()); // changed within the minute: replaces that row
    at(90_000 + SAMPLE_UNCHANGED_MS - 1);
    await sendReport(client, report()); // same, not yet 10 minutes: skipped
    const t3 = at(90_000 + SAMPLE_UNCHANGED_MS);
    await sendReport(client, report()); // same, 10 minutes on: a sample
    expect(await historyRows(kioskId)).toEqual([
      { at: t0, outOfService: false },
      { at: t2, outOfService: false },
      { at: t3, outOfService: false },
    ]);
    expect(t1).not.toBe(t2);
    // The report is kept whole, fields HQ's own columns do not hold included.
    const stored = await hq.db.query<{ report: KioskStatusReport }>('SELECT report FROM kiosk_status_history WHERE kiosk_id = $1 ORDER BY received_at LIMIT 1', [kioskId]);
    expect(stored.rows[0]!.report).toEqual(report());
  });

  it('prunes history past 8 days, once an hour across instances, and keeps the rest', async () => {
    const { kioskId } = await hq.enrollKiosk();
    // Hours after the app's own pruner last ran (its requests above ran it at the harness's clock).
    const now = at(3 * 60 * MINUTE);
    const insert = (ms: number) => hq.db.query('INSERT INTO kiosk_status_history (kiosk_id, received_at, report) VALUES ($1, $2, $3)',
      [kioskId, new Date(Date.parse(now) - ms).toISOString(), JSON.stringify(report())]);
    await insert(9 * DAY);
    await insert(8 * DAY + MINUTE);
    await insert(8 * DAY - MINUTE);
    await insert(DAY);
    const pruner = new GrowthHousekeeper(hq.db);
    await pruner.prune(hq.clock.now);
    expect((await historyRows(kioskId)).map((r) => r.at)).toEqual([8 * DAY - MINUTE, DAY].map((ms) => new Date(Date.parse(now) - ms).toISOString()));
    expect(pruner.lastRetention?.statusHistory).toBeGreaterThanOrEqual(2);
    // Another instance within the hour finds the job done.
    await insert(9 * DAY);
    const other = new GrowthHousekeeper(hq.db);
    await other.prune(new Date(Date.parse(now) + 30 * MINUTE));
    expect(other.lastRetention).toBeNull();
    expect(await historyRows(kioskId)).toHaveLength(3);
    // An hour on it runs: by then the row that was 8 days less a minute old is past the retention too.
    await other.prune(new Date(Date.parse(now) + 61 * MINUTE));
    expect((await historyRows(kioskId)).map((r) => r.at)).toEqual([new Date(Date.parse(now) - DAY).toISOString()]);
  });

  it('draws the kiosk\'s last 7 days for a viewer: service timeline, lag and backlog, faults per day, customer sessions per hour', async () => {
    at(0);
    const kioskId = hq.kioskId;
    const ago = (ms: number) => new Date(hq.clock.now.getTime() - ms).toISOString();
    // Three days ago in service, then a fault for an hour (one onset), with issue 19's sync backlog in the report.
    for (const [ms, r] of [
      [3 * DAY, { ...report(), syncBacklog: { pending: 0, lagSeconds: null } }],
      [3 * DAY - 10 * MINUTE, { ...report(true, 'hardwareError'), syncBacklog: { pending: 240, lagSeconds: 1800 } }],
      [3 * DAY - 70 * MINUTE, { ...report(), syncBacklog: { pending: 3, lagSeconds: 12 } }],
    ] as const) {
      await hq.db.query('INSERT INTO kiosk_status_history (kiosk_id, received_at, report) VALUES ($1, $2, $3)', [kioskId, ago(ms), JSON.stringify(r)]);
    }
    at(-5 * MINUTE);
    await loggedInCustomer(hq);
    await loggedInCustomer(hq);
    at(0);
    const page = await viewer.get(`/console/kiosks/${kioskId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const body = await page.text();
    expect(body).not.toContain('<script');
    expect(body.match(/<svg class="chart" role="img"/g)).toHaveLength(5);
    for (const id of ['service', 'lag', 'backlog', 'faults', 'sessions']) expect(body).toContain(`data-chart="chart-${id}"`);
    expect(body).toMatch(/data-kind="outOfService"/);
    expect(body).toContain('最大 1800 秒');
    expect(body).toContain('Peak 240 events.');
    expect(body).toContain('7日間で 1 回');
    const sessionsChart = body.split('data-chart="chart-sessions"')[1]!.split('</svg>')[0]!;
    expect(sessionsChart.match(/data-value="(\d+)"/g)).toEqual(['data-value="2"']);
    const faultsChart = body.split('data-chart="chart-faults"')[1]!.split('</svg>')[0]!;
    expect(faultsChart.match(/data-value="(\d+)"/g)).toEqual(['data-value="1"']);
    expect(body).toContain('2 in 7 days, at most 2 in an hour.');
    // A viewer sees the bundles but no button to ask for one.
    expect(body).not.toContain('diagnostics-requests');
    expect((await viewer.get('/console/kiosks/NO-SUCH-KIOSK')).status).toBe(404);
  });

  it('requests a bundle: operator only, logged; the kiosk is told in its ack, uploads it as itself, the request is closed, and the bundle reads back escaped', async () => {
    const { kioskId, client } = await hq.enrollKiosk();
    at(0);
    expect((await sendReport(client, report())).diagnosticsRequested).toBeUndefined();

    // A viewer may not ask; a post without the CSRF token is refused; neither opens a request.
    expect((await viewer.post(`/console/kiosks/${kioskId}/diagnostics-requests`)).status).toBe(403);
    expect((await operator.post(`/console/kiosks/${kioskId}/diagnostics-requests`, { _csrf: 'forged' })).status).toBe(403);
    expect((await hq.db.query('SELECT 1 FROM diagnostics_requests WHERE kiosk_id = $1', [kioskId])).rows).toHaveLength(0);
    expect((await operator.post('/console/kiosks/NO-SUCH-KIOSK/diagnostics-requests')).status).toBe(404);

    const asked = await operator.post(`/console/kiosks/${kioskId}/diagnostics-requests`);
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe(`/console/kiosks/${kioskId}?requested=new`);
    // Asking again while it is open is the same request.
    expect((await operator.post(`/console/kiosks/${kioskId}/diagnostics-requests`)).headers.get('location')).toBe(`/console/kiosks/${kioskId}?requested=open`);
    const open = await hq.db.query<{ request_id: string; requested_by: string; told_at: Date | null }>('SELECT request_id::text AS request_id, requested_by::text AS requested_by, told_at FROM diagnostics_requests WHERE kiosk_id = $1', [kioskId]);
    expect(open.rows).toHaveLength(1);
    const requestId = open.rows[0]!.request_id;
    expect(Number(open.rows[0]!.requested_by)).toBe(operator.operatorId);
    expect(open.rows[0]!.told_at).toBeNull();
    const logged = await hq.db.query<{ console_operator_id: string; detail: { requestId: string } }>(
      "SELECT console_operator_id::text AS console_operator_id, detail FROM operation_log WHERE operation = 'diagnosticsRequest' AND kiosk_id = $1", [kioskId]);
    expect(logged.rows.map((r) => [Number(r.console_operator_id), r.detail.requestId])).toEqual([[operator.operatorId, requestId]]);
    expect(await (await operator.get(`/console/kiosks/${kioskId}`)).text()).toContain('端末の次の状態報告で伝えます。');

    // Another kiosk's ack says nothing, and its upload for this request is refused.
    expect((await sendReport(hq.client, report())).diagnosticsRequested).toBeUndefined();
    const foreign = await hq.client.uploadRequestedDiagnostics({ requestId, bundle: bundle(hq.kioskId, remoteBundleAuthor(requestId)) });
    expect(!foreign.ok && foreign.error.kind === 'http' && [foreign.error.status, foreign.error.code]).toEqual([409, 'noDiagnosticsRequest']);

    at(30_000);
    const ack = await sendReport(client, report());
    expect(ack.diagnosticsRequested).toBe(requestId);
    expect(await (await viewer.get(`/console/kiosks/${kioskId}`)).text()).toContain('アップロード待ちです。');

    // A bundle that names a technician, or another kiosk, is not this request's.
    const byTech = await client.uploadRequestedDiagnostics({ requestId, bundle: bundle(kioskId, 'TECH-WATANABE') });
    expect(!byTech.ok && byTech.error.kind === 'http' && byTech.error.status).toBe(400);
    const otherKiosk = await client.uploadRequestedDiagnostics({ requestId, bundle: bundle(hq.kioskId, remoteBundleAuthor(requestId)) });
    expect(!otherKiosk.ok && otherKiosk.error.kind === 'http' && otherKiosk.error.status).toBe(400);

    const stored = await client.uploadRequestedDiagnostics({ requestId, bundle: bundle(kioskId, remoteBundleAuthor(requestId), '<img src=x onerror=alert(1)>') });
    expect(stored.ok).toBe(true);
    const bundleId = stored.ok ? stored.value.bundleId : '';
    const closed = await hq.db.query<{ fulfilled_at: Date | null; bundle_id: string }>('SELECT fulfilled_at, bundle_id::text AS bundle_id FROM diagnostics_requests WHERE request_id = $1', [requestId]);
    expect(closed.rows[0]!.fulfilled_at).not.toBeNull();
    expect(closed.rows[0]!.bundle_id).toBe(bundleId);
    const row = await hq.db.query<{ staff_id: string | null; request_id: string }>('SELECT staff_id, request_id::text AS request_id FROM diagnostics_bundles WHERE bundle_id = $1', [bundleId]);
    expect(row.rows[0]).toEqual({ staff_id: null, request_id: requestId });
    const upload = await hq.db.query<{ detail: { requestedBy: number; bundleId: string } }>("SELECT detail FROM operation_log WHERE operation = 'diagnosticsUpload' AND outcome = 'stored' AND kiosk_id = $1", [kioskId]);
    expect(upload.rows[0]!.detail).toMatchObject({ requestedBy: operator.operatorId, bundleId });

    // Closed: the next ack names nothing, and a second upload for it is refused and stores nothing.
    expect((await sendReport(client, report(true, 'hardwareError'))).diagnosticsRequested).toBeUndefined();
    const again = await client.uploadRequestedDiagnostics({ requestId, bundle: bundle(kioskId, remoteBundleAuthor(requestId)) });
    expect(!again.ok && again.error.kind === 'http' && again.error.code).toBe('noDiagnosticsRequest');
    expect((await hq.db.query('SELECT 1 FROM diagnostics_bundles WHERE kiosk_id = $1', [kioskId])).rows).toHaveLength(1);

    // A viewer reads it: listed on the kiosk's page, rendered as escaped HTML, never raw.
    const page = await (await viewer.get(`/console/kiosks/${kioskId}`)).text();
    expect(page).toContain(`href="/console/kiosks/${kioskId}/bundles/${bundleId}"`);
    expect(page).toContain('遠隔依頼');
    const read = await viewer.get(`/console/kiosks/${kioskId}/bundles/${bundleId}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toContain('text/html');
    const html = await read.text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('02 00 02 43 30 03 **');
    expect(html).toContain('カードリーダー通信記録');
    // Another kiosk's path does not open it; a malformed id is not found.
    expect((await viewer.get(`/console/kiosks/${hq.kioskId}/bundles/${bundleId}`)).status).toBe(404);
    expect((await viewer.get(`/console/kiosks/${kioskId}/bundles/1;DROP`)).status).toBe(404);
  });

  it('refuses a kiosk\'s own upload when no request was made, and stores nothing', async () => {
    const { kioskId, client } = await hq.enrollKiosk();
    const r = await client.uploadRequestedDiagnostics({ requestId: '999999', bundle: bundle(kioskId, remoteBundleAuthor('999999')) });
    expect(!r.ok && r.error.kind === 'http' && [r.error.status, r.error.code]).toEqual([409, 'noDiagnosticsRequest']);
    expect((await hq.db.query('SELECT 1 FROM diagnostics_bundles WHERE kiosk_id = $1', [kioskId])).rows).toHaveLength(0);
    const refused = await hq.db.query("SELECT 1 FROM operation_log WHERE operation = 'diagnosticsUpload' AND outcome = 'refused' AND kiosk_id = $1", [kioskId]);
    expect(refused.rows).toHaveLength(1);
  });
});

/**
 * The kiosk's main paths through two HQ instances (issue 19, "A real
 * multi-instance test"): the real web host in Chromium, configured with
 * `hq.url` the test's own round-robin proxy on loopback and HQ's keys pinned,
 * in front of two real `hq` processes on one PostgreSQL (a throw-away
 * cluster started here), with the demo cast seeded there and the demo credit
 * bureau behind both. Log-in, wrong PIN to lock, lock clearing and a limit
 * increase, each request landing on whichever instance the proxy picks; then
 * the kiosk's journal reaches HQ as one unbroken chain.
 *
 * The demo kiosk is enrolled with a 24-hour calendar so that the store is
 * open and an increase is allowed whatever the hour the suite runs at (the
 * clocks cannot be moved here as the embedded HQ's are: the bureau checks
 * HQ's request timestamps against its own clock). Only the lender's fixed
 * maintenance windows (maintenance-windows.ts) still close it, as for every
 * spec.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { enrollKiosk } from '../../src/hq/accounts/account-admin';
import { hqKeysResponse } from '../../src/hq/keys/hq-keys';
import { loadSharedSecrets } from '../../src/hq/keys/shared-secrets';
import { startEmbeddedBureau, type EmbeddedBureau } from '../../src/main/embedded-hq/embedded-bureau';
import { loadOrCreateKioskKey } from '../../src/main/keys/kiosk-key';
import { silentLogger } from '../../src/main/logging/logger';
import { openPostgresDb } from '../../src/server-kit/db/postgres-db';
import { FleetResponse } from '../../src/shared/hq-api/kiosk-status';
import { startHqInstances, type HqInstances } from '../support/hq-instances';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { choose, declare, insert, login, requestIncrease, start, takeCardAndFinish } from './customer-steps';
import { expect, screen, startKioskHost, typePin, type KioskHost } from './kiosk-host';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KIOSK_ID = 'KIOSK-DEMO-01';

interface Rig {
  cluster: PostgresCluster;
  databaseUrl: string;
  bureau: EmbeddedBureau;
  hq: HqInstances;
  dir: string;
  kiosk: KioskHost;
  stopKiosk(): Promise<void>;
  request: APIRequestContext;
}
let rig: Rig | null = null;

test.describe.configure({ mode: 'serial' });

// One rig and one kiosk for the three walks (each ends back at the idle screen): starting them is the slow part.
test.beforeAll(async ({ playwright }) => {
  test.setTimeout(300_000);
  const template = process.env.KIOSK_E2E_HQ_TEMPLATE;
  if (!template) throw new Error('KIOSK_E2E_HQ_TEMPLATE is not set: the e2e global setup did not run');
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-multi-'));
  // The demo bureau's seeded store from the template; the lender key it enrols is made in this copy's keys/.
  cpSync(join(template, 'bureau'), join(dir, 'hq-keys-and-bureau', 'bureau'), { recursive: true });
  const kioskDir = join(dir, 'kiosk');
  const kioskKey = loadOrCreateKioskKey(join(kioskDir, 'kiosk-ed25519.pem'));
  const cluster = startPostgresCluster();
  const partial: Partial<Rig> = { cluster, dir };
  try {
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE multi');
    await admin.end();
    const databaseUrl = cluster.adminUrl.replace(/\/postgres$/, '/multi');
    partial.databaseUrl = databaseUrl;
    const bureau = await startEmbeddedBureau({ root: ROOT, hqDataDir: join(dir, 'hq-keys-and-bureau'), logger: silentLogger() });
    partial.bureau = bureau;
    partial.hq = await startHqInstances({
      databaseUrl,
      args: [
        '--enroll', `${KIOSK_ID}=${kioskKey.publicKeyPath}`,
        '--bureau-url', bureau.url, '--bureau-key-file', bureau.lenderKeyFile, '--bureau-lender-id', bureau.lenderId,
      ],
      // The demo cast (cards, customers) in the shared database, once, with the shared pepper; the kiosk open all day.
      beforeStart: async ({ secretsDir, run }) => {
        run(['seed', '--secrets', secretsDir]);
        const db = openPostgresDb(databaseUrl);
        try {
          const allDay = { open: '00:00', close: '24:00' };
          await enrollKiosk(db, { kioskId: KIOSK_ID, publicKeyPem: readFileSync(kioskKey.publicKeyPath, 'utf8'), calendar: { storeHours: { default: allDay, weekdays: {} } } });
          await db.query('UPDATE kiosks SET calendar = $2 WHERE kiosk_id = $1', [KIOSK_ID, JSON.stringify({ storeHours: { default: allDay, weekdays: {} }, closedDates: [] })]);
        } finally {
          await db.close();
        }
      },
    });
    const keys = hqKeysResponse(loadSharedSecrets({ dir: partial.hq.secretsDir, env: {} }).keys);
    partial.request = await playwright.request.newContext();
    // The kiosk as production runs it: hq.url the proxy, HQ's (shared) keys pinned.
    const { host, stop } = await startKioskHost(partial.request, { dataDir: kioskDir, hq: { url: partial.hq.url, keys } });
    Object.assign(partial, { kiosk: host, stopKiosk: stop });
    rig = partial as Rig;
  } catch (error) {
    await partial.request?.dispose();
    await partial.hq?.close();
    await partial.bureau?.stop();
    cluster.stop();
    throw error;
  }
});

test.afterAll(async () => {
  test.setTimeout(180_000);
  if (!rig) return;
  await rig.stopKiosk();
  await rig.request.dispose();
  await rig.hq.close();
  await rig.bureau.stop();
  rig.cluster.stop();
  rmSync(rig.dir, { recursive: true, force: true });
});

test.afterEach(async ({}, testInfo) => {
  if (!rig || testInfo.status === testInfo.expectedStatus) return;
  await testInfo.attach('kiosk.log', { body: rig.kiosk.logs(), contentType: 'text/plain' });
  for (const [i, instance] of rig.hq.instances.entries()) await testInfo.attach(`hq-${i}.log`, { body: instance.logs(), contentType: 'text/plain' });
});

test('log-in and a limit increase, through both instances', async ({ page }) => {
  const kiosk = rig!.kiosk;
  const from = rig!.hq.proxy.routed.length;
  await login(page, kiosk, '4000000001', '7391');
  await expect(page.locator('[data-figure="creditLimit"]')).toContainText('500,000');
  await requestIncrease(page, { large: 3 });
  await declare(page, '480', null);
  await expect(screen(page, 'certificateChoice')).toBeVisible();
  await page.locator('[data-certificate="withholdingSlip"], [data-kind="withholdingSlip"]').first().click();
  await expect(screen(page, 'documentScan')).toBeVisible();
  await kiosk.sim({ type: 'presentIncomeCertificate' });
  await expect(screen(page, 'documentSlip')).toBeVisible();
  await choose(page, 'continue');
  await expect(page.locator('[data-outcome="approved"]')).toBeVisible();
  await expect(page.locator('[data-figure="creditLimit"]').first()).toContainText('800,000');
  await choose(page, 'finish');
  await takeCardAndFinish(page, kiosk);
  // The kiosk's requests went to both instances (the proxy alternates), and every one was answered.
  const kioskRequests = rig!.hq.proxy.routed.slice(from).filter((r) => r.path.startsWith('/v1/'));
  expect(new Set(kioskRequests.map((r) => r.upstream))).toEqual(new Set([0, 1]));
  expect(kioskRequests.filter((r) => r.status >= 500)).toEqual([]);
});

test('wrong PIN until locked, the attempts split across the instances', async ({ page }) => {
  const kiosk = rig!.kiosk;
  const from = rig!.hq.proxy.routed.length;
  await start(page, kiosk);
  await insert(page, kiosk, '4000000002');
  let locked = false;
  for (let attempt = 1; attempt <= 5 && !locked; attempt++) {
    await typePin(page, '0000');
    const next = page.locator('[data-screen="pinEntry"] [role="alert"], [data-kind="accountLocked"]');
    await expect(next.first()).toBeVisible();
    locked = await page.locator('[data-kind="accountLocked"]').count() > 0;
  }
  expect(locked).toBe(true);
  const attempts = rig!.hq.proxy.routed.slice(from).filter((r) => r.path === '/v1/card/authenticate');
  expect(new Set(attempts.map((r) => r.upstream))).toEqual(new Set([0, 1]));
  await choose(page, 'finish');
  await takeCardAndFinish(page, kiosk);
});

test('a locked card cleared with the right document and a new PIN, which then works', async ({ page }) => {
  const kiosk = rig!.kiosk;
  await start(page, kiosk);
  await insert(page, kiosk, '4000000000000051');
  await typePin(page, '9046');
  await expect(page.locator('[data-kind="accountLocked"]')).toBeVisible();
  await choose(page, 'clearLock');
  await expect(screen(page, 'documentScan')).toBeVisible();
  await kiosk.sim({ type: 'presentDocument', documentId: 'takahashi-licence' });
  await expect(screen(page, 'pinEntry')).toBeVisible();
  await typePin(page, '4815');
  await typePin(page, '4815');
  await expect(page.locator('[data-kind="lockClearedAndPinChanged"]')).toBeVisible();
  await choose(page, 'finish');
  await takeCardAndFinish(page, kiosk);
  await insert(page, kiosk, '4000000000000051');
  await typePin(page, '4815');
  await expect(screen(page, 'menu')).toBeVisible();
  await choose(page, 'finish');
  await takeCardAndFinish(page, kiosk);

  // The journal of all of the above reaches HQ through both instances as one chain: HQ's position (admin API) is
  // the end of a contiguous run of rows from seq 1, with the walk's events in it and no tamper alert.
  const fleetEntry = async () => {
    const answer = await fetch(`${rig!.hq.url}/admin/fleet`, { headers: { authorization: `Bearer ${rig!.hq.adminToken}` } });
    expect(answer.status).toBe(200);
    return FleetResponse.parse(await answer.json()).kiosks.find((k) => k.kioskId === KIOSK_ID);
  };
  const db = new pg.Client({ connectionString: rig!.databaseUrl });
  await db.connect();
  try {
    const types = async () => (await db.query<{ type: string }>('SELECT DISTINCT type FROM journal_events WHERE kiosk_id = $1', [KIOSK_ID])).rows.map((r) => r.type);
    // The sync worker pushes every 30 s (important events at once): a hang guard, not a timing assertion.
    await expect.poll(types, { timeout: 90_000 }).toEqual(expect.arrayContaining(['lock.cleared', 'limit.reviewDecided']));
    const { rows } = await db.query<{ n: number; max: number }>('SELECT count(*)::int AS n, max(seq)::int AS max FROM journal_events WHERE kiosk_id = $1', [KIOSK_ID]);
    expect(rows[0]!.n).toBe(rows[0]!.max);
    const position = (await fleetEntry())?.journal;
    expect(position?.tamperAlerts).toBe(0);
    expect(position?.ackedThrough).toBeGreaterThanOrEqual(rows[0]!.max);
  } finally {
    await db.end();
  }
  const pushes = rig!.hq.proxy.routed.filter((r) => r.path === '/v1/journal/batches' && r.status === 200);
  expect(pushes.length).toBeGreaterThan(0);
});

/**
 * Alerts in the operator console in real Chromium (issue 17): an HQ
 * started by this spec (PGlite in memory) with its alert timer running; a
 * kiosk whose retain bin is full raises `retainBinFull` on that timer with
 * no request; an operator signs in by name, filters the fleet to the
 * kiosks with alerts, opens the alert list filtered by kind, and
 * acknowledges the fleet alert and a journal tamper alert; each
 * acknowledgement is an operation-log row with the operator's id.
 */
import { generateKeyPairSync } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { enrollKiosk } from '../../src/hq/accounts/account-admin';
import { DEFAULT_ALERT_THRESHOLDS } from '../../src/hq/config/alert-config';
import { startHqServer, type RunningHq } from '../../src/hq/server';

let hq: RunningHq;

test.beforeAll(async () => {
  hq = await startHqServer({ port: 0, seedWhenEmpty: false, logger: false, env: {}, alerts: { thresholds: DEFAULT_ALERT_THRESHOLDS, intervalMs: 500, webhook: null } });
  for (const kioskId of ['E2E-BIN-FULL', 'E2E-QUIET']) {
    const { publicKey } = generateKeyPairSync('ed25519');
    await enrollKiosk(hq.db, { kioskId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  }
  await hq.db.query("UPDATE kiosks SET enabled = true, last_contact_at = now(), software_version = '1.0.0' WHERE kiosk_id LIKE 'E2E-%'");
  await hq.db.query("UPDATE kiosks SET retain_bin_state = 'full' WHERE kiosk_id = 'E2E-BIN-FULL'");
  await hq.db.query("INSERT INTO journal_alerts (kiosk_id, kind, at_seq, detail) VALUES ('E2E-QUIET', 'brokenChain', 12, 'prevHash does not continue the chain')");
});
test.afterAll(async () => { await hq?.close(); });

test('an operator signs in, filters the fleet to the kiosks with alerts, and acknowledges a fleet alert and a tamper alert', async ({ browser }, testInfo) => {
  // A password sign-in (scrypt N = 2^17) and the PGlite HQ in this worker share a loaded 2-core machine.
  test.setTimeout(180_000);
  const created = await fetch(`${hq.url}/admin/operators`, {
    method: 'POST', headers: { authorization: `Bearer ${hq.secrets.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'e2e.alerts', displayName: '警告 花子', role: 'operator', password: 'e2e alerts passphrase' }),
  });
  expect(created.status).toBe(201);
  const { operatorId } = await created.json() as { operatorId: number };

  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  await page.goto(`${hq.url}/console`);
  await expect(page).toHaveURL(/\/console\/sign-in$/);
  await page.getByLabel(/ログイン名/).fill('e2e.alerts');
  await page.getByLabel(/パスワード/).fill('e2e alerts passphrase');
  await page.getByRole('button', { name: /サインイン/ }).click();
  // The password's scrypt (N = 2^17) takes seconds on a loaded machine.
  await expect(page.locator('.whoami')).toContainText('警告 花子', { timeout: 20_000 });

  // The timer raised the alert with no request from any kiosk.
  await expect.poll(async () => {
    await page.reload();
    return page.locator('ul.alerts li[data-alert-kind="retainBinFull"]').count();
  }, { timeout: 15_000 }).toBe(1);

  await page.getByLabel(/絞り込み/).selectOption('alerts');
  await page.getByRole('button', { name: /絞り込む/ }).click();
  await expect(page).toHaveURL(/filter=alerts/);
  await expect(page.locator('tr[data-kiosk="E2E-BIN-FULL"]')).toBeVisible();
  await expect(page.locator('tr[data-kiosk="E2E-QUIET"]')).toBeVisible();
  await page.getByLabel(/絞り込み/).selectOption('deviceFaults');
  await page.getByRole('button', { name: /絞り込む/ }).click();
  await expect(page.locator('tr[data-kiosk="E2E-BIN-FULL"]')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('console-fleet-filtered.png') });

  await page.getByRole('link', { name: /警告の一覧と送信状況/ }).click();
  await page.getByLabel(/種類/).selectOption('retainBinFull');
  await page.getByRole('button', { name: /絞り込む/ }).click();
  const binAlert = page.locator('li[data-alert-kind="retainBinFull"]');
  await expect(binAlert).toContainText('E2E-BIN-FULL');
  await expect(binAlert.locator('[data-delivery="off"]')).toBeVisible();
  await expect(page.locator('li[data-tamper-alert]')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('console-alerts-by-kind.png') });
  await binAlert.getByRole('button', { name: /確認済みにする/ }).click();
  await expect(page.getByRole('status')).toContainText('警告を確認済みにしました。');

  await page.goto(`${hq.url}/console/alerts?kind=tamper`);
  const tamper = page.locator('li[data-tamper-alert]');
  await expect(tamper).toContainText('ハッシュチェーンの断絶');
  await tamper.getByRole('button', { name: /確認済みにする/ }).click();
  await expect(page.getByRole('status')).toContainText('警告を確認済みにしました。');
  await expect(page.locator('li[data-tamper-alert]')).toHaveCount(0);
  expect(pageErrors).toEqual([]);

  const { rows } = await hq.db.query<{ operation: string; kiosk_id: string }>(
    "SELECT operation, kiosk_id FROM operation_log WHERE console_operator_id = $1 AND operation LIKE '%AlertAcknowledgement' ORDER BY operation", [operatorId]);
  expect(rows).toEqual([{ operation: 'fleetAlertAcknowledgement', kiosk_id: 'E2E-BIN-FULL' }, { operation: 'journalAlertAcknowledgement', kiosk_id: 'E2E-QUIET' }]);
  await context.close();
});

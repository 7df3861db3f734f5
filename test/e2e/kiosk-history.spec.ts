/**
 * A kiosk's history and remote diagnostics in real Chromium against the
 * kiosk's embedded HQ (issue 17): an operator opens the demo kiosk from the
 * fleet table, its five charts are drawn (a screenshot is attached to the
 * test), the operator requests a diagnostics bundle, the kiosk (the real web
 * host) uploads it at its next status report, and the operator reads it.
 */
import { expect, test } from './kiosk-host';

test('an operator opens a kiosk\'s history, requests a diagnostics bundle, and reads what the kiosk uploaded at its next report', async ({ page, kiosk, browser }, testInfo) => {
  // A slow password hash, two browser contexts and a kiosk round trip on a shared 2-core machine.
  test.setTimeout(150_000);
  await page.goto(kiosk.url);
  // Up and reporting: in service, or out of it in closed hours (the test may run at any time of day).
  await expect(page.locator('[data-screen="idle"], [data-screen="outOfService"]')).toBeVisible({ timeout: 30_000 });

  const { url: hqUrl, adminToken } = kiosk.embeddedHq();
  const created = await fetch(`${hqUrl}/admin/operators`, {
    method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'e2e.history', displayName: '履歴 花子', role: 'operator', password: 'e2e history passphrase' }),
  });
  expect(created.status).toBe(201);

  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 1400 } });
  const operator = await context.newPage();
  const pageErrors: string[] = [];
  operator.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  await operator.goto(`${hqUrl}/console/sign-in`);
  await operator.getByLabel(/ログイン名/).fill('e2e.history');
  await operator.getByLabel(/パスワード/).fill('e2e history passphrase');
  await operator.getByRole('button', { name: /サインイン/ }).click();
  // The password's scrypt (N = 2^17) takes seconds on a loaded machine.
  await expect(operator.locator('.whoami')).toContainText('履歴 花子', { timeout: 20_000 });

  await operator.locator('tr[data-kiosk="KIOSK-DEMO-01"]').getByRole('link', { name: 'KIOSK-DEMO-01' }).click();
  await expect(operator).toHaveURL(/\/console\/kiosks\/KIOSK-DEMO-01$/);
  await expect(operator.getByRole('heading', { level: 2, name: /過去7日間/ })).toBeVisible({ timeout: 20_000 });
  for (const name of [/サービス状態/, /同期の遅れ/, /ジャーナル未送信件数/, /機器異常の発生回数/, /お客さまの取引数/]) {
    await expect(operator.getByRole('img', { name })).toBeVisible();
  }
  // The kiosk reported at start: the timeline has a band (in service, or out of it in closed hours).
  await expect(operator.locator('[data-chart="chart-service"] rect[data-kind]').first()).toBeVisible();
  await testInfo.attach('kiosk-history', { body: await operator.screenshot({ fullPage: true }), contentType: 'image/png' });

  await operator.getByRole('button', { name: /診断データを依頼する/ }).click();
  await expect(operator.getByRole('status')).toContainText('診断データを依頼しました。');
  await expect(operator.locator('[data-request]')).toContainText('端末の次の状態報告で伝えます。');

  // The kiosk's next status report: a card reader that stops answering changes what it reports.
  await kiosk.sim({ type: 'cardReaderFault', fault: 'silent' });
  const bundleLink = operator.locator('tr[data-bundle] a');
  await expect.poll(async () => {
    await operator.reload();
    return bundleLink.count();
  }, { timeout: 30_000 }).toBe(1);
  await kiosk.sim({ type: 'cardReaderFault', fault: 'responsive' });
  await expect(operator.locator('[data-request]')).toHaveCount(0);
  await expect(operator.locator('tr[data-bundle]')).toContainText('遠隔依頼');
  await expect(operator.locator('tr[data-bundle]')).toContainText('履歴 花子');

  await bundleLink.click();
  await expect(operator.getByRole('heading', { level: 2, name: /診断データ #/ })).toBeVisible();
  await expect(operator.locator('dl.kiosk-summary')).toContainText('HQ-REQUEST-');
  await expect(operator.locator('[data-part="health"]')).toContainText('端末の状態');
  await expect(operator.locator('[data-part="devices"]')).toContainText('cardReader');
  await testInfo.attach('diagnostics-bundle', { body: await operator.screenshot(), contentType: 'image/png' });
  expect(pageErrors).toEqual([]);
  await context.close();
});

/**
 * HQ's operator console in real Chromium against the kiosk's embedded HQ:
 * an operator account made with the admin token (the bootstrap route), a
 * wrong password refused, the operator signs in by name, sees the demo kiosk in
 * service, announces a maintenance from the form, the kiosk stops with the
 * operator's words, and takes customers again when it is withdrawn.
 */
import { expect, screen, shot, test } from './kiosk-host';

test('an operator announces a maintenance from the console, the kiosk stops with that message, and resumes when it is withdrawn', async ({ page, kiosk, browser }, testInfo) => {
  await page.goto(kiosk.url);
  await expect(screen(page, 'idle')).toBeVisible();

  const { url: hqUrl, adminToken } = kiosk.embeddedHq();
  const created = await fetch(`${hqUrl}/admin/operators`, {
    method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'e2e.operator', displayName: '運用 太郎', role: 'operator', password: 'e2e operator passphrase' }),
  });
  expect([201, 400]).toContain(created.status);

  const operatorContext = await browser.newContext({ locale: 'ja-JP' });
  const operator = await operatorContext.newPage();
  await operator.goto(`${hqUrl}/console`);
  await expect(operator).toHaveURL(/\/console\/sign-in$/);
  await operator.getByLabel(/ログイン名/).fill('e2e.operator');
  await operator.getByLabel(/パスワード/).fill('not the password');
  await operator.getByRole('button', { name: /サインイン/ }).click();
  await expect(operator.getByRole('alert')).toContainText('ログイン名またはパスワードが違います。', { timeout: 20_000 });
  await operator.getByLabel(/パスワード/).fill('e2e operator passphrase');
  await operator.getByRole('button', { name: /サインイン/ }).click();
  // The password's scrypt (N = 2^17) takes seconds on a loaded machine.
  await expect(operator.locator('.whoami')).toContainText('運用 太郎', { timeout: 20_000 });
  // From here on no page error (the refused sign-in above answers 401, which Chromium reports as one).
  const pageErrors: string[] = [];
  operator.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  await expect(operator.getByRole('heading', { level: 1 })).toContainText('運用コンソール');
  const row = operator.locator('tr[data-kiosk="KIOSK-DEMO-01"]');
  await expect(row).toContainText('稼働中');
  await expect(row).toContainText('0.1.0');
  await expect(row).toContainText('cardReader: online');
  await shot(operator, testInfo, 'operator-console');

  await operator.getByRole('link', { name: /臨時メンテナンスを告知する/ }).click();
  // Start (now, Tokyo) and end (an hour on) are filled in already.
  await operator.getByLabel(/対象/).selectOption('KIOSK-DEMO-01');
  await operator.getByLabel(/お客さまへのお知らせ（日本語）/).fill('点検のため、ただいま停止しています。');
  await operator.getByLabel(/お客さまへのお知らせ（英語）/).fill('Stopped for an inspection.');
  await operator.getByRole('button', { name: /お知らせを登録/ }).click();
  await expect(operator.getByRole('status')).toContainText('お知らせを登録しました。');
  await expect(operator.locator('ul.announcements')).toContainText('点検のため、ただいま停止しています。');
  expect(pageErrors).toEqual([]);
  await shot(operator, testInfo, 'operator-console-announced');

  // The kiosk picks it up at its next calendar refresh (every 30 s; the simulator asks at once).
  await kiosk.sim({ type: 'setHqOnline', online: true });
  await expect(screen(page, 'outOfService')).toBeVisible();
  await expect(page.locator('[data-notice]')).toHaveText('点検のため、ただいま停止しています。');
  await expect.poll(async () => {
    await operator.reload();
    return row.textContent();
  }, { timeout: 15_000 }).toContain('停止中');
  await expect(row.locator('[data-reason="maintenance"]')).toContainText('メンテナンス');

  // Finished early: the operator withdraws it and the kiosk takes customers again.
  await operator.locator('ul.announcements').getByRole('button', { name: /取り消す/ }).click();
  await expect(operator.getByRole('status')).toContainText('お知らせを取り消しました。');
  await expect(operator.locator('ul.announcements')).toHaveCount(0);
  await kiosk.sim({ type: 'setHqOnline', online: true });
  await expect(screen(page, 'idle')).toBeVisible();
  expect(pageErrors).toEqual([]);
  await operatorContext.close();
});

/// <reference lib="dom" />
import { choose, declare, insert, login, requestIncrease, start, takeCardAndFinish } from './customer-steps';
import { E2E_TIMING, expect, screen, shot, test, typePin } from './kiosk-host';

/**
 * Every customer path of issue 7, in real Chromium, against the real web
 * host with the embedded HQ (PGlite), the simulated CRT-310 and ID scanner
 * behind their real drivers, and the real journal. Devices are driven
 * through the simulator panel's API, as a person at the panel would.
 */

test.describe('customer flows', () => {
  test('normal log-in shows the masked card and limits, and the card comes back', async ({ page, kiosk }, testInfo) => {
    await start(page, kiosk);
    await insert(page, kiosk, '4000000001');
    await shot(page, testInfo, 'pin-entry-ja');
    await typePin(page, '7391');
    await expect(screen(page, 'menu')).toBeVisible();
    await expect(page.getByText('******0001')).toBeVisible();
    await expect(page.locator('[data-figure="creditLimit"]')).toContainText('500,000');
    await shot(page, testInfo, 'menu-ja');
    await choose(page, 'finish');
    await takeCardAndFinish(page, kiosk);
  });

  test('normal log-in in English', async ({ page, kiosk }, testInfo) => {
    await start(page, kiosk);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByText('Please insert your card')).toBeVisible();
    await insert(page, kiosk, '4000000001');
    await typePin(page, '7391');
    await expect(screen(page, 'menu')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await shot(page, testInfo, 'menu-en');
    await choose(page, 'finish');
    await takeCardAndFinish(page, kiosk);
    // The next customer starts in Japanese.
    await expect(page.getByText('カードを挿入してください')).toBeVisible();
  });

  test('wrong PIN until locked, without any count of remaining tries', async ({ page, kiosk }, testInfo) => {
    await start(page, kiosk);
    await insert(page, kiosk, '4000000001');
    let locked = false;
    for (let attempt = 1; attempt <= 5 && !locked; attempt++) {
      await typePin(page, '0000');
      const next = page.locator('[data-screen="pinEntry"] [role="alert"], [data-screen="notice"][data-kind="accountLocked"], [data-kind="accountLocked"]');
      await expect(next.first()).toBeVisible();
      locked = await page.locator('[data-kind="accountLocked"]').count() > 0;
      const text = await page.locator('main').innerText();
      expect(text).not.toMatch(/残り|あと\s*\d|\d\s*回|remaining|tries left|attempts? left/i);
      expect(text).not.toContain('0000');
      if (attempt === 1) await shot(page, testInfo, 'wrong-pin-ja');
    }
    expect(locked).toBe(true);
    await shot(page, testInfo, 'locked-ja');
    await choose(page, 'finish');
    await takeCardAndFinish(page, kiosk);
  });

  test('a locked card: lock cleared with the right document and a new PIN, weak PIN refused first', async ({ page, kiosk }, testInfo) => {
    await start(page, kiosk);
    await insert(page, kiosk, '4000000000000051');
    await typePin(page, '9046');
    await expect(page.locator('[data-kind="accountLocked"]')).toBeVisible();
    await choose(page, 'clearLock');
    await expect(screen(page, 'documentScan')).toBeVisible();
    await shot(page, testInfo, 'document-scan-ja');
    await kiosk.sim({ type: 'presentDocument', documentId: 'takahashi-licence' });
    await expect(screen(page, 'pinEntry')).toBeVisible();
    await typePin(page, '1234');
    await typePin(page, '1234');
    await expect(page.getByText('連続した数字は使えません')).toBeVisible();
    await shot(page, testInfo, 'weak-pin-ja');
    await typePin(page, '4815');
    await typePin(page, '4815');
    await expect(page.locator('[data-kind="lockClearedAndPinChanged"]')).toBeVisible();
    await shot(page, testInfo, 'lock-cleared-ja');
    await choose(page, 'finish');
    await takeCardAndFinish(page, kiosk);
    // The new PIN works.
    await insert(page, kiosk, '4000000000000051');
    await typePin(page, '4815');
    await expect(screen(page, 'menu')).toBeVisible();
  });

  test('someone else\'s document is refused without saying which field failed', async ({ page, kiosk }) => {
    await start(page, kiosk);
    await insert(page, kiosk, '4000000000000051');
    await typePin(page, '9046');
    await choose(page, 'clearLock');
    await expect(screen(page, 'documentScan')).toBeVisible();
    await kiosk.sim({ type: 'presentDocument', documentId: 'kimura-licence' });
    await expect(page.locator('[data-kind="documentNotAccepted"]')).toBeVisible();
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/氏名|生年月日|番号が一致|name|date of birth/i);
  });

  test('an expired licence is refused', async ({ page, kiosk }) => {
    await start(page, kiosk);
    await insert(page, kiosk, '4000000001');
    await page.locator('[data-choice="forgotPin"]').click();
    await expect(screen(page, 'documentScan')).toBeVisible();
    await kiosk.sim({ type: 'presentDocument', documentId: 'yamada-licence-expired' });
    await expect(page.locator('[data-kind="documentExpired"]')).toBeVisible();
  });

  test('limit increase: certificate required, scanned, then approved', async ({ page, kiosk }, testInfo) => {
    await login(page, kiosk, '4000000001', '7391');
    await requestIncrease(page, { large: 3 });
    await declare(page, '480', null);
    await expect(screen(page, 'certificateChoice')).toBeVisible();
    await shot(page, testInfo, 'certificate-choice-ja');
    await page.locator('[data-certificate="withholdingSlip"], [data-kind="withholdingSlip"]').first().click();
    await expect(screen(page, 'documentScan')).toBeVisible();
    await kiosk.sim({ type: 'presentIncomeCertificate' });
    // Art. 17: the contract-change document first (contract-document.spec.ts reads it back).
    await expect(screen(page, 'documentSlip')).toBeVisible();
    await choose(page, 'continue');
    await expect(screen(page, 'limitResult')).toBeVisible();
    await expect(page.locator('[data-outcome="approved"]')).toBeVisible();
    await expect(page.locator('[data-figure="creditLimit"]').first()).toContainText('800,000');
    await shot(page, testInfo, 'limit-approved-ja');
  });

  test('limit increase: a partial approval is offered, declined, and the limit stays; offered again and accepted', async ({ page, kiosk }) => {
    await login(page, kiosk, '4000000001', '7391');
    await requestIncrease(page, { large: 15 });
    await declare(page, '480', null);
    await page.locator('[data-certificate="withholdingSlip"], [data-kind="withholdingSlip"]').first().click();
    await kiosk.sim({ type: 'presentIncomeCertificate' });
    await expect(page.locator('[data-outcome="partiallyApproved"]')).toBeVisible();
    await expect(page.locator('[data-figure="requestedLimit"]')).toContainText('2,000,000');
    await expect(page.locator('[data-figure="creditLimit"]').first()).toContainText('1,600,000');
    await choose(page, 'declineOffer');
    await expect(screen(page, 'menu')).toBeVisible();
    await expect(page.locator('[data-figure="creditLimit"]').first()).toContainText('500,000');

    await requestIncrease(page, { large: 15 });
    await declare(page, '480', null);
    await page.locator('[data-certificate="withholdingSlip"], [data-kind="withholdingSlip"]').first().click();
    await kiosk.sim({ type: 'presentIncomeCertificate' });
    await expect(page.locator('[data-outcome="partiallyApproved"]')).toBeVisible();
    await choose(page, 'acceptOffer');
    await expect(screen(page, 'documentSlip')).toBeVisible();
    await choose(page, 'continue');
    await expect(page.locator('[data-outcome="approved"]')).toBeVisible();
    await expect(page.locator('[data-figure="creditLimit"]').first()).toContainText('1,600,000');
  });

  test('limit increase: declined by the total-volume rule', async ({ page, kiosk }) => {
    await login(page, kiosk, '4000000002', '8264');
    await requestIncrease(page, { large: 1 });
    await declare(page, '300', '70');
    await expect(page.locator('[data-outcome="declined"]')).toBeVisible();
  });

  test('limit increase refused within one hour of closing, before an amount is chosen', async ({ page, kiosk }) => {
    await kiosk.sim({ type: 'setClock', at: '2026-11-24T21:30:00+09:00' });
    await login(page, kiosk, '4000000001', '7391');
    await choose(page, 'limitIncrease');
    await expect(page.locator('[data-kind="limitRefusedNearClosing"]')).toBeVisible();
    await expect(screen(page, 'amountEntry')).toHaveCount(0);
  });

  test('limit decrease after the warning about a new review', async ({ page, kiosk }, testInfo) => {
    await login(page, kiosk, '4000000001', '7391');
    await choose(page, 'limitDecrease');
    await expect(screen(page, 'amountEntry')).toBeVisible();
    await page.locator('[data-delta="-large"]').click();
    await page.locator('[data-delta="-large"]').click();
    await page.locator('[data-choice="confirm"]').click();
    await expect(screen(page, 'confirmDecrease')).toBeVisible();
    await shot(page, testInfo, 'confirm-decrease-ja');
    await choose(page, 'confirm');
    await expect(screen(page, 'documentSlip')).toBeVisible();
    await choose(page, 'continue');
    await expect(page.locator('[data-kind="limitDecreased"]')).toBeVisible();
    await choose(page, 'continue');
    await expect(page.locator('[data-figure="creditLimit"]')).toContainText('300,000');
  });

  test('a suspended account is refused without a reason and the card comes back', async ({ page, kiosk }) => {
    await start(page, kiosk);
    await insert(page, kiosk, '4000000003');
    await typePin(page, '5173');
    await expect(page.locator('[data-kind="accountSuspended"]')).toBeVisible();
    await expect(page.getByText('0120-24-0365')).toBeVisible();
    await choose(page, 'finish');
    await takeCardAndFinish(page, kiosk);
  });

  test('a card reported lost is captured and the customer is told to call', async ({ page, kiosk }, testInfo) => {
    await start(page, kiosk);
    await insert(page, kiosk, '4000000004');
    await typePin(page, '6620');
    await expect(page.locator('[data-kind="cardCaptured"]')).toBeVisible();
    await shot(page, testInfo, 'captured-ja');
    await expect.poll(async () => (await kiosk.simState()).cardReader?.retained).toBe(1);
    await expect(screen(page, 'idle')).toBeVisible({ timeout: 15_000 });
  });

  test('a card not taken in time is pulled back and captured', async ({ page, kiosk }) => {
    await login(page, kiosk, '4000000001', '7391');
    await choose(page, 'finish');
    await expect(screen(page, 'takeCard')).toBeVisible();
    await expect.poll(async () => (await kiosk.simState()).cardReader?.retained, { timeout: 15_000 }).toBe(1);
  });

  test('inactivity: a warning with a countdown, then the session ends and the card comes back', async ({ page, kiosk }, testInfo) => {
    await start(page, kiosk);
    await insert(page, kiosk, '4000000001');
    await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: E2E_TIMING.inactivityMs + 5000 });
    await shot(page, testInfo, 'inactivity-ja');
    await expect(page.locator('[data-kind="sessionTimedOut"]')).toBeVisible({ timeout: 10_000 });
    await expect(screen(page, 'takeCard')).toBeVisible({ timeout: 10_000 });
  });

  test('HQ down mid-session: a clear message and the card back, never a frozen screen', async ({ page, kiosk }) => {
    await start(page, kiosk);
    await insert(page, kiosk, '4000000001');
    await kiosk.sim({ type: 'setHqOnline', online: false });
    await typePin(page, '7391');
    await expect(page.locator('[data-kind="hqUnavailable"]')).toBeVisible({ timeout: 20_000 });
    await expect(screen(page, 'takeCard')).toBeVisible({ timeout: 10_000 });
  });

  test('maintenance window: out of service with the time service resumes and the call centre', async ({ page, kiosk }, testInfo) => {
    await start(page, kiosk);
    // Monday 03:00 Tokyo: weekly member-service maintenance until 07:00 (DOMAIN.md).
    await kiosk.sim({ type: 'setClock', at: '2026-11-23T03:00:00+09:00' });
    await expect(screen(page, 'outOfService')).toBeVisible();
    await expect(page.getByText('0120-24-0365')).toBeVisible();
    await expect(page.locator('main')).toContainText('7:00');
    await shot(page, testInfo, 'maintenance-ja');
    await kiosk.sim({ type: 'setClock', at: null });
    await expect(screen(page, 'idle')).toBeVisible();
  });

  test('maintenance announced by HQ: out of service with HQ\'s own words in either language', async ({ page, kiosk }, testInfo) => {
    await start(page, kiosk);
    // HQ's operator announces it through the admin route of the embedded HQ.
    const { url: hqUrl, adminToken } = kiosk.embeddedHq();
    // Two days either side of the real clock: the kiosk and its HQ may run on a simulated clock moved into store hours (kiosk-host.ts).
    const now = Date.now();
    const response = await fetch(`${hqUrl}/admin/announcements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kioskId: null, startsAt: new Date(now - 2 * 86_400_000).toISOString(), endsAt: new Date(now + 2 * 86_400_000).toISOString(),
        messageJa: '回線工事のため、ただいま停止しています。', messageEn: 'Stopped for line work.',
      }),
    });
    expect(response.status).toBe(201);
    // The kiosk picks it up at its next calendar refresh (every 30 s; the simulator asks at once).
    await kiosk.sim({ type: 'setHqOnline', online: true });
    await expect(screen(page, 'outOfService')).toBeVisible();
    await expect(page.locator('[data-notice]')).toHaveText('回線工事のため、ただいま停止しています。');
    await shot(page, testInfo, 'announced-maintenance-ja');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('[data-notice]')).toHaveText('Stopped for line work.');
    await shot(page, testInfo, 'announced-maintenance-en');
  });
});

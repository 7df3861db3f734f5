/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { declare } from './customer-steps';
import { expect, screen, shot, test, typePin, type KioskHost } from './kiosk-host';

/**
 * Income certificates with content (issue 14), in real Chromium against the
 * web host with the embedded HQ: the scanner reads the certificate's
 * content (JPID TYPE:INCOME), HQ checks the holder and the period, and the
 * kiosk explains a refusal. Certificates come from the simulator panel.
 */

/** Waits long enough for HQ's PIN hash and review on a loaded two-core machine; no speed is asserted. */
const SLOW = { timeout: 45_000 };

async function loginAndAskFor1000000(page: Page, kiosk: KioskHost): Promise<void> {
  await page.goto(kiosk.url);
  await expect(screen(page, 'idle')).toBeVisible();
  await kiosk.sim({ type: 'insertCard', cardNumber: '4000000001' });
  await expect(screen(page, 'pinEntry')).toBeVisible();
  await typePin(page, '7391');
  await expect(screen(page, 'menu')).toBeVisible(SLOW);
  await page.locator('[data-choice="limitIncrease"]').click();
  await expect(screen(page, 'amountEntry')).toBeVisible();
  await page.locator('[data-amount="1000000"]').click();
  await expect(screen(page, 'amountEntry').locator('[role="status"]')).toContainText('収入証明書');
  await page.locator('[data-choice="confirm"]').click();
  await declare(page, '480', null);
  await expect(screen(page, 'certificateChoice')).toBeVisible(SLOW);
  await expect(page.locator('[role="alert"][data-refusal]')).toHaveCount(0);
}

async function scan(page: Page, kiosk: KioskHost, certificateId: string): Promise<void> {
  await page.locator('[data-certificate="withholdingSlip"]').click();
  await expect(screen(page, 'documentScan')).toBeVisible();
  await kiosk.sim({ type: 'presentIncomeCertificate', certificateId });
}

test.describe('income certificates', () => {
  test.setTimeout(240_000);
  test('another person\'s certificate is refused with the reason shown; the customer\'s own is then accepted', async ({ page, kiosk }, testInfo) => {
    const offered = (await kiosk.simState()).certificates.map((c) => c.id);
    expect(offered).toEqual(expect.arrayContaining(['yamada-withholding', 'kimura-withholding', 'yamada-withholding-old', 'suzuki-tax-return', 'takahashi-payslips']));

    await loginAndAskFor1000000(page, kiosk);
    await scan(page, kiosk, 'kimura-withholding');
    await expect(screen(page, 'certificateChoice')).toBeVisible();
    const refusal = page.locator('[role="alert"][data-refusal="certificateNameMismatch"]');
    await expect(refusal).toBeVisible(SLOW);
    await expect(refusal).toContainText('ご本人のお名前のものではありませんでした');
    await shot(page, testInfo, 'certificate-name-mismatch-ja');
    await expect(page.locator('[data-figure="creditLimit"]')).toHaveCount(0);

    await scan(page, kiosk, 'yamada-withholding');
    await expect(page.locator('[data-outcome="approved"]')).toBeVisible(SLOW);
    await expect(page.locator('[data-figure="creditLimit"]').first()).toContainText('1,000,000');
  });

  test('a certificate older than the rules allow is refused as not the latest', async ({ page, kiosk }) => {
    await loginAndAskFor1000000(page, kiosk);
    await scan(page, kiosk, 'yamada-withholding-old');
    await expect(page.locator('[role="alert"][data-refusal="certificateTooOld"]')).toContainText('最新のものではありませんでした', SLOW);
  });
});

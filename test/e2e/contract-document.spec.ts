/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { declare, requestIncrease } from './customer-steps';
import { E2E_TIMING, expect, screen, startKioskHost, test as kioskTest, typePin, type KioskHost } from './kiosk-host';

/** A kiosk whose inactivity warning waits longer: this path has many screens, and a loaded machine clicks slowly. */
const test = kioskTest.extend<{ patientKiosk: KioskHost }>({
  patientKiosk: async ({ request }, use) => {
    const { host, stop } = await startKioskHost(request, { timing: { ...E2E_TIMING, inactivityMs: 120_000, inactivityWarningSeconds: 30 } });
    await use(host);
    await stop();
  },
});

/**
 * Issue 14, the contract-change document (極度額変更の書面, 貸金業法 art. 17)
 * in real Chromium: the web host with the embedded HQ and the simulated
 * ESC/POS printer behind the real driver. The printed text is read back
 * from the simulator through the simulator panel's API, as decoded from the
 * bytes the printer received (Shift_JIS kanji mode).
 */

async function login(page: Page, kiosk: KioskHost): Promise<void> {
  await page.goto(kiosk.url);
  await expect(screen(page, 'idle')).toBeVisible();
  await kiosk.sim({ type: 'insertCard', cardNumber: '4000000001' });
  await expect(screen(page, 'pinEntry')).toBeVisible();
  await typePin(page, '7391');
  // HQ's PIN check (scrypt) is slow on a loaded machine: a wait, not a timing assertion.
  await expect(screen(page, 'menu')).toBeVisible({ timeout: 30_000 });
}

/** 山田 (limit 500,000) asks for 2,000,000 with an income of 4,800,000: HQ offers 1,600,000 (one third of income). */
async function askForTwoMillion(page: Page): Promise<void> {
  await requestIncrease(page, { large: 15 });
  await declare(page, '480', null);
  await page.locator('[data-certificate="withholdingSlip"], [data-kind="withholdingSlip"]').first().click();
  await expect(screen(page, 'documentScan')).toBeVisible();
}

test.describe('the contract-change document at the machine', () => {
  test.setTimeout(180_000);
  test('paper out: the offer cannot be accepted here; paper back: accepted, and the printed document shows the new limit', async ({ page, patientKiosk: kiosk }) => {
    await login(page, kiosk);
    await askForTwoMillion(page);
    await kiosk.sim({ type: 'presentIncomeCertificate' });
    await expect(page.locator('[data-outcome="partiallyApproved"]')).toBeVisible();

    // The printer has no paper: accepting is refused before HQ hears of it.
    await kiosk.sim({ type: 'printer', setting: 'paperOut' });
    await page.locator('[data-choice="acceptOffer"]').click();
    await expect(page.locator('[data-kind="printerUnavailable"]')).toBeVisible();
    await expect(page.getByText('0120-24-0365')).toBeVisible();
    await page.locator('[data-choice="continue"]').click();
    await expect(page.locator('[data-figure="creditLimit"]').first()).toContainText('500,000');

    // Paper loaded: the same request, accepted, printed.
    await kiosk.sim({ type: 'printer', setting: 'paperFull' });
    await askForTwoMillion(page);
    await kiosk.sim({ type: 'presentIncomeCertificate' });
    await expect(page.locator('[data-outcome="partiallyApproved"]')).toBeVisible();
    await page.locator('[data-choice="acceptOffer"]').click();
    await expect(screen(page, 'documentSlip')).toBeVisible();
    await expect(page.locator('[data-delivered="true"]')).toBeVisible();

    const printed = (await kiosk.simState()).printer?.printed ?? [];
    const slip = printed.at(-1);
    expect(slip?.cut).toBe(true);
    expect(slip?.text).toContain('極度額変更のお知らせ');
    expect(slip?.text).toContain('山田 太郎　様');
    expect(slip?.text).toContain('変更前の極度額　500,000円');
    expect(slip?.text).toContain('変更後の極度額　1,600,000円');
    expect(slip?.text).not.toContain('4000000001');

    // The keypad's Enter goes on to the result.
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-outcome="approved"]')).toBeVisible();
    await expect(page.locator('[data-figure="creditLimit"]').first()).toContainText('1,600,000');
  });
});

/// <reference lib="dom" />
/**
 * Issue 16 over the real web host in Chromium: a kiosk that cannot start
 * shows its out-of-service page (ja/en, error class, the technician's next
 * step; no path, no stack), never a blank page.
 *
 * Renderer crashes are Electron's to count (render-process-gone): over the web
 * host Chromium closes the bridge with 1001 both on a reload and on a crash
 * (CDP Page.crash, measured), so the host cannot tell them apart.
 */
import { test as base } from '@playwright/test';
import { expect, screen, startKioskHost } from './kiosk-host';

base.describe('a kiosk started with a broken config', () => {
  base('shows the out-of-service page, not a blank page', async ({ page, request }, testInfo) => {
    const { host, stop } = await startKioskHost(request, { kioskId: 'not a kiosk id' });
    try {
      const response = await page.goto(host.url);
      expect(response?.status()).toBe(503);
      const failure = screen(page, 'startupFailure');
      await expect(failure).toBeVisible();
      await expect(failure).toHaveAttribute('data-error-class', 'config');
      await expect(page.getByRole('heading', { name: 'ただいまご利用いただけません' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Out of service' })).toBeVisible();
      await expect(page.locator('[data-error-code]')).toHaveText('E-START-CONFIG');
      await expect(page.getByText('/etc/contract-kiosk/kiosk.json を直して')).toBeVisible();
      await expect(page.getByText('correct /etc/contract-kiosk/kiosk.json')).toBeVisible();
      // The page names the class, never the error's text, the config's path or a stack.
      const text = await page.locator('body').innerText();
      expect(text).not.toContain('not a kiosk id');
      expect(text).not.toContain(host.dataDir);
      expect(text).not.toMatch(/\bat .*\.ts:\d+/);
      // Its stylesheet loads under the renderer's CSP (no inline style).
      expect(await page.locator('h1').first().evaluate((h) => getComputedStyle(h).fontSize)).toBe('44px');
      // Every path answers with the page, and the bridge is closed.
      await page.goto(`${host.origin}/anything`);
      await expect(screen(page, 'startupFailure')).toBeVisible();
      expect(host.logs()).toMatch(/"event":"startupFailed","errorClass":"config","errorCode":"E-START-CONFIG"/);
      await page.screenshot({ path: testInfo.outputPath('startup-failure.png') });
    } finally {
      await stop();
    }
  });
});

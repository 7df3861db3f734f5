/// <reference lib="dom" />
import { test, expect } from './kiosk-host';

test.describe('idle screen over the web host', () => {
  test('shows "insert your card" in Japanese by default and English one tap away', async ({ page, kiosk }, testInfo) => {
    await page.goto(kiosk.url);
    await expect(page.locator('[data-screen="idle"]')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'いらっしゃいませ' })).toBeVisible();
    await expect(page.getByText('カードを挿入してください')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: testInfo.outputPath('idle-ja.png') });

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
    await expect(page.getByText('Please insert your card')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.screenshot({ path: testInfo.outputPath('idle-en.png') });

    await page.getByRole('button', { name: '日本語に切り替える' }).click();
    await expect(page.getByRole('heading', { name: 'いらっしゃいませ' })).toBeVisible();
  });

  test('keeps the chosen language across a renderer reload', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
    await page.getByRole('button', { name: '日本語に切り替える' }).click();
    await expect(page.getByRole('heading', { name: 'いらっしゃいませ' })).toBeVisible();
  });

  test('every control has an accessible name and a large touch target', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await expect(page.locator('[data-screen="idle"]')).toBeVisible();
    const buttons = page.getByRole('button');
    const count = await buttons.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const button = buttons.nth(i);
      const name = (await button.getAttribute('aria-label')) ?? (await button.textContent());
      expect(name?.trim().length ?? 0).toBeGreaterThan(0);
      const box = await button.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(64);
    }
  });

  test('a page without the token gets no bridge and says so', async ({ page, kiosk }) => {
    await page.goto(kiosk.origin + '/');
    await expect(page.getByRole('alert')).toContainText('係員');
  });

  test('refuses a WebSocket without the token or from another origin', async ({ page, kiosk }) => {
    await page.goto(kiosk.origin + '/');
    const outcome = await page.evaluate(async ({ token }) => {
      const attempt = (protocols: string[]) => new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/bridge`, protocols);
        ws.onopen = () => { ws.close(); resolve('open'); };
        ws.onerror = () => resolve('refused');
      });
      return {
        noToken: await attempt(['kiosk.v1']),
        wrongToken: await attempt(['kiosk.v1', 'token.' + '0'.repeat(64)]),
        rightToken: await attempt(['kiosk.v1', 'token.' + token]),
      };
    }, { token: kiosk.token });
    expect(outcome).toEqual({ noToken: 'refused', wrongToken: 'refused', rightToken: 'open' });
  });
});

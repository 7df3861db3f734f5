/**
 * HQ's keys pinned in the kiosk's config (`hq.keys`, docs/hq.md "Keys"):
 * pinned to the embedded HQ's own keys the kiosk works; pinned to other keys
 * (HQ replaced by an impostor, or a config gone wrong) no PIN block HQ can
 * read ever leaves it, and the customer is told the service is unavailable.
 * The real web host and embedded HQ, as `npm start` runs them.
 */
import { test as base, type Page } from '@playwright/test';
import { generateHqKeys, hqKeysResponse, loadOrCreateSecrets, secretsDir } from '../../src/hq/keys/hq-keys';
import { expect, startKioskHost, typePin } from './kiosk-host';

const test = base;

function templateKeys() {
  const template = process.env.KIOSK_E2E_HQ_TEMPLATE;
  if (!template) throw new Error('KIOSK_E2E_HQ_TEMPLATE is not set: the e2e global setup did not run');
  return hqKeysResponse(loadOrCreateSecrets(secretsDir(template)).keys);
}

async function logIn(page: Page, url: string, sim: (c: { type: 'insertCard'; cardNumber: string }) => Promise<void>) {
  await page.goto(url);
  await expect(page.locator('[data-screen="idle"]')).toBeVisible();
  await sim({ type: 'insertCard', cardNumber: '4000000001' });
  await expect(page.locator('[data-screen="pinEntry"]')).toBeVisible();
  await typePin(page, '7391');
}

test('a kiosk pinned to HQ\'s own keys logs the customer in', async ({ page, request }) => {
  const { host, stop } = await startKioskHost(request, { hq: { keys: templateKeys() } });
  try {
    await logIn(page, host.url, (c) => host.sim(c));
    await expect(page.locator('[data-screen="menu"]')).toBeVisible();
  } finally {
    await stop();
  }
});

test('a kiosk pinned to other keys sends HQ nothing it can read and says the service is unavailable', async ({ page, request }) => {
  const { host, stop } = await startKioskHost(request, { hq: { keys: hqKeysResponse(generateHqKeys()) } });
  try {
    await logIn(page, host.url, (c) => host.sim(c));
    await expect(page.locator('[data-kind="hqUnavailable"]')).toBeVisible();
    await expect(page.locator('[data-screen="menu"]')).toHaveCount(0);
    // HQ refused the PIN block for a key it does not hold.
    expect(host.logs()).toMatch(/"path":"\/v1\/card\/authenticate","error":"http","status":\d+,"code":"pinBlockUnknownKey"/);
  } finally {
    await stop();
  }
});

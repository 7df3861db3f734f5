/**
 * HQ's keys pinned in the kiosk's config (`hq.keys`, docs/hq.md "Keys"):
 * pinned to the embedded HQ's own keys the kiosk works; pinned to other keys
 * (HQ replaced by an impostor, or a config gone wrong) the kiosk trusts no
 * answer (each is signed with a key it does not pin, issue 15), so it is
 * out of service as if HQ were unreachable before any card goes in: no PIN
 * block leaves it, and its log says why.
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

test('a kiosk pinned to other keys trusts no answer: out of service before any card, and says why in its log', async ({ page, request }) => {
  const { host, stop } = await startKioskHost(request, { hq: { keys: hqKeysResponse(generateHqKeys()) } });
  try {
    await page.goto(host.url);
    await expect(page.locator('[data-screen="outOfService"]')).toBeVisible();
    await expect(page.locator('main')).toContainText('センターと通信できません。');
    await expect(page.locator('[data-screen="idle"]')).toHaveCount(0);
    // HQ answered, but under its own receipt key, which this kiosk does not pin.
    expect(host.logs()).toMatch(/"path":"\/v1\/kiosk\/status","error":"badAnswerSignature","status":200,"signature":"unknownKey"/);
    expect(host.logs()).not.toMatch(/"path":"\/v1\/card\/authenticate"/);
  } finally {
    await stop();
  }
});

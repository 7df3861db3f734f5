/**
 * Issue 16, "fleet install": a kiosk HQ does not accept (here: disabled at
 * HQ, which HQ answers exactly as it answers an unknown or revoked kiosk,
 * 401 `authenticationFailed`) goes out of service showing its own id and
 * key fingerprint, for the technician at the machine to read to HQ's
 * administrator; once the administrator enables (or enrols) it, the kiosk
 * returns to service by itself. The real web host and its embedded HQ; the
 * administrator's steps through HQ's admin routes (the console's
 * /console/kiosks does the same, kiosk-provisioning-routes.ts).
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kioskKeyFingerprint } from '../../src/main/keys/kiosk-key';
import { expect, screen, shot, test, type KioskHost } from './kiosk-host';

const KIOSK_ID = 'KIOSK-DEMO-01';

async function admin(kiosk: KioskHost, method: 'GET' | 'POST', path: string): Promise<unknown> {
  const { url, adminToken } = kiosk.embeddedHq();
  const response = await fetch(`${url}/admin/kiosks${path}`, {
    method, headers: { authorization: `Bearer ${adminToken}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  expect(response.status, `${method} /admin/kiosks${path}`).toBe(200);
  return response.json();
}

test('a kiosk HQ refuses shows its id and key fingerprint to the technician, and returns to service once HQ takes it', async ({ page, kiosk }, testInfo) => {
  await page.goto(kiosk.url);
  await expect(screen(page, 'idle')).toBeVisible();

  // What HQ's console lists for this kiosk, and what the kiosk's own public key gives (key-fingerprint.ts): the same digits.
  const listed = (await admin(kiosk, 'GET', '') as { kiosks: Array<{ kioskId: string; fingerprint: string }> }).kiosks.find((k) => k.kioskId === KIOSK_ID);
  const computed = await kioskKeyFingerprint(createPublicKey(readFileSync(join(kiosk.dataDir, 'kiosk', 'kiosk-ed25519.pub.pem'))));
  expect(listed?.fingerprint).toBe(computed);

  await admin(kiosk, 'POST', `/${KIOSK_ID}/disable`);
  // The next status exchange (the simulator's network toggle runs one now instead of waiting out the 30 s interval).
  await kiosk.sim({ type: 'setHqOnline', online: true });
  await expect(screen(page, 'outOfService')).toBeVisible();
  await expect(page.locator('.lead')).toHaveText('本部がこの端末を認識していません。');
  const block = page.locator('[data-enrolment]');
  await expect(block).toBeVisible();
  await expect(block.locator('[data-kiosk-id]')).toHaveText(KIOSK_ID);
  await expect(block.locator('[data-fingerprint]')).toHaveText(computed);
  await expect(block).toContainText('本部の管理者に読み上げて伝え');
  await shot(page, testInfo, 'not-enrolled-ja');
  // Nothing else of the machine: the block holds its id, the fingerprint and the words around them.
  expect((await block.locator('dd').allTextContents()).length).toBe(2);

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('.lead')).toHaveText('HQ does not recognise this machine.');
  await expect(block).toContainText('Read the kiosk ID and key fingerprint below to HQ\'s administrator');
  await expect(block.locator('[data-fingerprint]')).toHaveText(computed);

  // The administrator enables it at HQ: the next exchange is taken and the kiosk serves again by itself.
  await admin(kiosk, 'POST', `/${KIOSK_ID}/enable`);
  await kiosk.sim({ type: 'setHqOnline', online: true });
  await expect(screen(page, 'idle')).toBeVisible();
  await expect(page.locator('[data-enrolment]')).toHaveCount(0);
});

test('the interval\'s own exchange finds the refusal, and HQ being away is told apart from it', async ({ page, kiosk }) => {
  // One 30-second interval waited out in full.
  test.setTimeout(120_000);
  await page.goto(kiosk.url);
  await expect(screen(page, 'idle')).toBeVisible();
  await admin(kiosk, 'POST', `/${KIOSK_ID}/disable`);
  // No nudge: the availability loop's 30-second exchange (compose-kiosk.ts, hqProbeSeconds) finds it.
  await expect(page.locator('[data-enrolment]')).toBeVisible({ timeout: 45_000 });
  // HQ away: nothing is known of enrolment, so the screen says HQ cannot be reached and shows nothing of the machine.
  await kiosk.sim({ type: 'setHqOnline', online: false });
  await expect(page.locator('.lead')).toHaveText('センターと通信できません。');
  await expect(page.locator('[data-enrolment]')).toHaveCount(0);
  await kiosk.sim({ type: 'setHqOnline', online: true });
  await expect(page.locator('[data-enrolment]')).toBeVisible();
  await admin(kiosk, 'POST', `/${KIOSK_ID}/enable`);
  await kiosk.sim({ type: 'setHqOnline', online: true });
  await expect(screen(page, 'idle')).toBeVisible();
});

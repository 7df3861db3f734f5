/**
 * HQ's fleet view hears from the kiosk itself (issue 5: "software version,
 * device health reported by the kiosk"): the real web host and its embedded
 * HQ, the simulated card reader made silent from the simulator API.
 */
import { FleetResponse } from '../../src/shared/hq-api/kiosk-status';
import { expect, test, type KioskHost } from './kiosk-host';

async function fleetEntry(kiosk: KioskHost) {
  const { url, adminToken } = kiosk.embeddedHq();
  const response = await fetch(`${url}/admin/fleet`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(response.status).toBe(200);
  return FleetResponse.parse(await response.json()).kiosks.find((k) => k.kioskId === 'KIOSK-DEMO-01');
}

test('the kiosk reports its software and device health to HQ, and a card reader that stops answering', async ({ page, kiosk }) => {
  await page.goto(kiosk.url);
  await expect(page.locator('[data-screen="idle"]')).toBeVisible();
  await expect.poll(async () => (await fleetEntry(kiosk))?.deviceHealth).toEqual({ cardReader: { state: 'online' }, idScanner: { state: 'online' }, printer: { state: 'online' } });
  expect(await fleetEntry(kiosk)).toMatchObject({ softwareVersion: '0.1.0', outOfService: false, outOfServiceReasons: [], lastContactAt: expect.any(String) });

  await kiosk.sim({ type: 'cardReaderFault', fault: 'silent' });
  await expect(page.locator('[data-screen="outOfService"]')).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await fleetEntry(kiosk))?.outOfService, { timeout: 15_000 }).toBe(true);
  expect((await fleetEntry(kiosk))?.deviceHealth?.cardReader).toMatchObject({ state: 'offline', detail: expect.stringContaining('card reader') });
  expect((await fleetEntry(kiosk))?.outOfServiceReasons).toEqual(['cardReaderFault']);

  await kiosk.sim({ type: 'cardReaderFault', fault: 'responsive' });
  await expect(page.locator('[data-screen="idle"]')).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await fleetEntry(kiosk))?.deviceHealth?.cardReader, { timeout: 15_000 }).toEqual({ state: 'online' });
});

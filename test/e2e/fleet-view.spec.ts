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
  // Within store hours whatever the hour the suite runs at.
  await kiosk.sim({ type: 'setClock', at: '2026-12-02T12:00:00+09:00' });
  await page.goto(kiosk.url);
  await expect(page.locator('[data-screen="idle"]')).toBeVisible();
  await expect.poll(async () => (await fleetEntry(kiosk))?.deviceHealth).toEqual({ cardReader: { state: 'online' }, idScanner: { state: 'online' }, printer: { state: 'online' } });
  expect(await fleetEntry(kiosk)).toMatchObject({ softwareVersion: '0.1.0', outOfService: false, outOfServiceReasons: [], lastContactAt: expect.any(String) });

  await kiosk.sim({ type: 'cardReaderFault', fault: 'silent' });
  await expect(page.locator('[data-screen="outOfService"]')).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await fleetEntry(kiosk))?.outOfService, { timeout: 15_000 }).toBe(true);
  expect((await fleetEntry(kiosk))?.deviceHealth?.cardReader).toMatchObject({ state: 'offline', detail: expect.stringContaining('card reader') });
  expect((await fleetEntry(kiosk))?.outOfServiceReasons).toEqual(['cardReaderFault']);
  // Its vitals (issue 19), each from its real source; the skew from the first ack rides with this later report.
  expect((await fleetEntry(kiosk))?.vitals).toMatchObject({
    diskFreeBytes: expect.any(Number), retainBin: { count: expect.any(Number), state: 'ok' }, syncBacklog: { pending: expect.any(Number) },
    clockSkewMs: expect.any(Number), hqKeysPinned: false, configHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    crashes: { processCrashes: 0, rendererFailures: 0 },
  });

  await kiosk.sim({ type: 'cardReaderFault', fault: 'responsive' });
  await expect(page.locator('[data-screen="idle"]')).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await fleetEntry(kiosk))?.deviceHealth?.cardReader, { timeout: 15_000 }).toEqual({ state: 'online' });
});

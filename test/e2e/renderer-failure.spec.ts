/**
 * A kiosk page that fails in the web host is journaled and reloaded (issue
 * 16, "Crash accounting": "renderer crash journaled (web host: the page
 * reloads and the journal shows it)"). Chromium cannot be made to crash a
 * tab from a page, and a crashed tab closes the bridge exactly as a reload
 * does, so the page reports its own fatal error (page-fatal.ts): here a real
 * uncaught exception thrown inside the running page, outside every handler;
 * and a page whose main thread is stuck in a loop, so its heartbeat stops.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { insert } from './customer-steps';
import { expect, screen, startKioskHost, test, type KioskHost } from './kiosk-host';

function rendererFailures(kiosk: KioskHost): unknown[] {
  const db = new Database(join(kiosk.dataDir, 'kiosk', 'journal.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT payload FROM events WHERE type = 'app.rendererFailed' ORDER BY seq").all() as { payload: string }[]).map((r) => JSON.parse(r.payload));
  } finally {
    db.close();
  }
}

test('an uncaught exception in the page is journaled as a renderer failure, and the page reloads to the idle screen', async ({ page, kiosk }) => {
  // Within store hours whatever the hour the suite runs at.
  await kiosk.sim({ type: 'setClock', at: '2026-12-02T12:00:00+09:00' });
  await page.goto(kiosk.url);
  await expect(screen(page, 'idle')).toBeVisible();
  expect(rendererFailures(kiosk)).toEqual([]);
  // A marker on the window: a reload is a new window without it.
  await page.evaluate(() => { (window as unknown as { beforeFault: boolean }).beforeFault = true; });

  const reloaded = page.waitForEvent('load');
  await page.evaluate(() => { setTimeout(() => { throw new Error('renderer fault injected by the test'); }, 0); });
  await reloaded;
  expect(await page.evaluate(() => (window as unknown as { beforeFault?: boolean }).beforeFault ?? false)).toBe(false);
  await expect(screen(page, 'idle')).toBeVisible();
  await expect.poll(() => rendererFailures(kiosk)).toEqual([{ kind: 'gone', reason: 'crashed' }]);
  expect(kiosk.logs()).toMatch(/"event":"rendererGone".*"msg":"kiosk page failed; it reloads"/);

  // The reloaded page talks to the kiosk again: a card goes in, the PIN screen follows.
  await insert(page, kiosk, '4000000001');
});

test('a page whose main thread hangs is journaled as unresponsive, and reloads when it runs again', async ({ page, request }) => {
  test.setTimeout(240_000);
  // A short hang limit for this kiosk only (the default is 30 s); spawn copies the environment at once.
  process.env.KIOSK_PAGE_HANG_MS = '10000';
  const started = startKioskHost(request);
  delete process.env.KIOSK_PAGE_HANG_MS;
  const { host, stop } = await started;
  try {
    await host.sim({ type: 'setClock', at: '2026-12-02T12:00:00+09:00' });
    await page.goto(host.url);
    await expect(screen(page, 'idle')).toBeVisible();
    const reloaded = page.waitForEvent('load');
    // 25 s of a busy main thread: no heartbeat, no event handled (the host closes the socket meanwhile).
    await page.evaluate(() => { const end = Date.now() + 25_000; while (Date.now() < end) { /* hung */ } });
    await reloaded;
    await expect(screen(page, 'idle')).toBeVisible();
    await expect.poll(() => rendererFailures(host)).toEqual([{ kind: 'unresponsive', reason: 'unresponsive' }]);
  } finally {
    await stop();
  }
});

/**
 * A kiosk page that fails in the web host is journaled and reloaded (issue
 * 16, "Crash accounting": "renderer crash journaled (web host: the page
 * reloads and the journal shows it)"). Chromium cannot be made to crash a
 * tab from a page, and a crashed tab closes the bridge exactly as a reload
 * does, so the page reports its own fatal error (page-fatal.ts): here a real
 * uncaught exception thrown inside the running page, outside every handler.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { insert } from './customer-steps';
import { expect, screen, test, type KioskHost } from './kiosk-host';

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

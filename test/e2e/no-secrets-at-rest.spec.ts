/// <reference lib="dom" />
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, typePin } from './kiosk-host';

/**
 * Issue 7: after real sessions, no file written by the kiosk, HQ or the test
 * (logs, journal, HQ's store, screenshots, page text) contains a demo PIN or
 * a full demo card number (PCI DSS 3.2 and 3.4; DOMAIN.md, "What the
 * machine prints, shows and keeps").
 *
 * Full card numbers are searched for byte for byte in every file. A 4-digit
 * PIN is too short for that in binary files (SHA-256 hex and PostgreSQL's
 * catalogs hold such runs by chance), so PINs are searched for as whole
 * numbers in every text (logs, page text, the journal's decoded payloads and
 * actors), and HQ is checked to keep only slow hashes.
 */
const CARDS = ['4000000001', '4000000002', '4000000003', '4000000004', '4000000000000051', '9000000001', '9000000002'];
const PINS = ['7391', '8264', '5173', '6620', '9046', '1357', '2468', '4815'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : statSync(path).isFile() ? [path] : [];
  });
}

const asWholeNumber = (pin: string) => new RegExp(`(?<![0-9A-Za-z])${pin}(?![0-9A-Za-z])`);

test('no PIN or full card number at rest after sessions that log in, fail, clear a lock and set a new PIN', async ({ page, kiosk }, testInfo) => {
  const pageTexts: string[] = [];

  await page.goto(kiosk.url);
  await expect(page.locator('[data-screen="idle"]')).toBeVisible();
  // A good log-in, a wrong PIN first.
  await kiosk.sim({ type: 'insertCard', cardNumber: '4000000001' });
  await typePin(page, '8264');
  await expect(page.locator('[data-screen="pinEntry"] [role="alert"]')).toBeVisible();
  pageTexts.push(await page.content());
  await typePin(page, '7391');
  await expect(page.locator('[data-screen="menu"]')).toBeVisible();
  pageTexts.push(await page.content());
  await page.screenshot({ path: testInfo.outputPath('menu.png') });
  await page.locator('[data-choice="finish"]').click();
  await expect(page.locator('[data-screen="takeCard"]')).toBeVisible();
  await kiosk.sim({ type: 'removeCard' });
  await expect(page.locator('[data-screen="idle"]')).toBeVisible();
  // A lock cleared with a document and a new PIN.
  await kiosk.sim({ type: 'insertCard', cardNumber: '4000000000000051' });
  await typePin(page, '9046');
  await page.locator('[data-choice="clearLock"]').click();
  // The scanner reads what is placed once the screen asks for it.
  await expect(page.locator('[data-screen="documentScan"]')).toBeVisible();
  await kiosk.sim({ type: 'presentDocument', documentId: 'takahashi-licence' });
  await typePin(page, '4815');
  await typePin(page, '4815');
  await expect(page.locator('[data-kind="lockClearedAndPinChanged"]')).toBeVisible();
  pageTexts.push(await page.content());
  await page.locator('[data-choice="finish"]').click();
  await expect(page.locator('[data-screen="takeCard"]')).toBeVisible();
  await kiosk.sim({ type: 'removeCard' });
  await expect(page.locator('[data-screen="idle"]')).toBeVisible();
  // A captured card and a suspended one.
  await kiosk.sim({ type: 'insertCard', cardNumber: '4000000004' });
  await typePin(page, '6620');
  await expect(page.locator('[data-kind="cardCaptured"]')).toBeVisible();
  await expect(page.locator('[data-screen="idle"]')).toBeVisible({ timeout: 15_000 });

  // Let the sync worker push the journal to HQ, so HQ's copy is on disk too.
  await expect.poll(() => {
    const db = new Database(join(kiosk.dataDir, 'kiosk', 'journal.db'), { readonly: true, fileMustExist: true });
    try {
      const { head } = db.prepare('SELECT max(seq) AS head FROM events').get() as { head: number };
      const { acked } = db.prepare('SELECT acked_seq AS acked FROM sync_cursor WHERE id = 1').get() as { acked: number };
      return head > 0 && acked >= head - 2;
    } catch {
      return false;
    } finally {
      db.close();
    }
  }, { timeout: 30_000 }).toBe(true);

  // 1. Full card numbers: byte for byte in every file the kiosk, HQ and this test wrote.
  const files = [...filesUnder(kiosk.dataDir), ...filesUnder(testInfo.outputDir)];
  expect(files.length).toBeGreaterThan(5);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const card of CARDS) expect(bytes.includes(Buffer.from(card)), `${card} in ${file}`).toBe(false);
  }

  // 2. PINs and card numbers in every text: the host's logs (kiosk and HQ) and the pages shown.
  const texts = [kiosk.logs(), ...pageTexts];
  for (const text of texts) {
    for (const card of CARDS) expect(text).not.toContain(card);
    for (const pin of PINS) expect(text).not.toMatch(asWholeNumber(pin));
  }

  // 3. The journal's decoded rows: payloads and actors hold no PIN and only masked cards.
  const journal = new Database(join(kiosk.dataDir, 'kiosk', 'journal.db'), { readonly: true });
  const rows = journal.prepare('SELECT * FROM events').all() as Array<Record<string, unknown>>;
  journal.close();
  expect(rows.length).toBeGreaterThan(10);
  for (const row of rows) {
    const { hash: _hash, prev_hash: _prev, ...rest } = row;
    const text = JSON.stringify(rest);
    for (const pin of PINS) expect(text).not.toMatch(asWholeNumber(pin));
    for (const card of CARDS) expect(text).not.toContain(card);
  }
});

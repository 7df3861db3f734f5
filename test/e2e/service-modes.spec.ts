/// <reference lib="dom" />
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_PEOPLE } from '../../src/shared/demo/demo-people';
import { secretsScanText } from '../support/secrets-scan';
import { expect, screen, shot, test, typePin, type KioskHost } from './kiosk-host';

/**
 * Staff and technician service modes (issue 8), in real Chromium against the
 * real web host with the embedded HQ (PGlite, demo cast), the simulated
 * CRT-310 and ID scanner behind their real drivers, and the real journal.
 * Devices are driven through the simulator panel's API.
 */

const servicePage = (page: Page, name: string) => page.locator(`[data-screen="service"] [data-page="${name}"]`);
const action = (page: Page, name: string) => page.locator(`[data-action="${name}"]`);
const banner = (page: Page, name: string) => page.locator(`[data-banner="${name}"]`);

/** An operator card in, its PIN, and the service screen for the role. */
async function operatorLogin(page: Page, kiosk: KioskHost, cardNumber: string, pin: string, menu: 'staffMenu' | 'technicianMenu'): Promise<void> {
  await page.goto(kiosk.url);
  await expect(screen(page, 'idle')).toBeVisible();
  await kiosk.sim({ type: 'insertCard', cardNumber });
  await expect(screen(page, 'pinEntry')).toBeVisible();
  await typePin(page, pin);
  await expect(servicePage(page, menu)).toBeVisible();
}

async function logoutAndTakeCard(page: Page, kiosk: KioskHost, menu: 'staffMenu' | 'technicianMenu'): Promise<void> {
  await expect(servicePage(page, menu)).toBeVisible();
  await action(page, 'logout').click();
  await expect(screen(page, 'takeCard')).toBeVisible();
  await kiosk.sim({ type: 'removeCard' });
}

function journalRows(kiosk: KioskHost): { type: string; actor: string; payload: string }[] {
  const db = new Database(join(kiosk.dataDir, 'kiosk', 'journal.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT type, actor, payload FROM events ORDER BY seq').all() as { type: string; actor: string; payload: string }[];
  } finally {
    db.close();
  }
}

test.describe('service modes', () => {
  test('staff unlock of the locked demo customer, end to end: card lookup, per-field check, confirmation, the customer\'s own new PIN', async ({ page, kiosk }, testInfo) => {
    await operatorLogin(page, kiosk, '9000000001', '1357', 'staffMenu');
    await expect(page.locator('[data-screen="service"]')).toContainText('伊藤 誠');
    await shot(page, testInfo, 'staff-menu-ja');

    // The staff card is taken without logging out; the customer's card goes in.
    await action(page, 'lookupByCard').click();
    await expect(page.locator('[data-swap-stage][data-stage="takeOwnCard"]')).toBeVisible();
    await kiosk.sim({ type: 'removeCard' });
    await expect(page.locator('[data-swap-stage][data-stage="insertCard"]')).toBeVisible();
    await kiosk.sim({ type: 'insertCard', cardNumber: '4000000000000051' });
    await expect(servicePage(page, 'customer')).toBeVisible();
    await expect(page.locator('[data-field="nameKanji"]')).toHaveText('高橋 美咲');
    await expect(page.locator('[data-field="card"]')).toContainText('400000******0051');
    await expect(page.locator('[data-state="lock"]')).toHaveText('ロック中');

    // Someone else's document: staff see which fields failed.
    await action(page, 'scanIdentity').click();
    await expect(page.getByText('本人確認書類を読取部に置いてください')).toBeVisible();
    await kiosk.sim({ type: 'presentDocument', documentId: 'kimura-licence' });
    await expect(page.locator('[data-identity-decision][data-decision="mismatch"]')).toBeVisible();
    await expect(page.locator('[data-field-result="dateOfBirth"]')).toHaveAttribute('data-result', 'mismatch');
    await expect(page.locator('[data-field-result="name"]')).toHaveAttribute('data-result', 'mismatch');
    await expect(action(page, 'confirmIdentity')).toHaveCount(0);
    await shot(page, testInfo, 'staff-identity-mismatch-ja');

    await action(page, 'scanIdentity').click();
    await expect(page.getByText('本人確認書類を読取部に置いてください')).toBeVisible();
    await kiosk.sim({ type: 'presentDocument', documentId: 'takahashi-mynumber' });
    await expect(page.locator('[data-identity-decision][data-decision="verified"]')).toBeVisible();
    await action(page, 'confirmIdentity').click();
    await expect(banner(page, 'identityConfirmed')).toBeVisible();
    await action(page, 'unlockAndSetPin').click();
    await expect(servicePage(page, 'stepAway')).toBeVisible();
    await shot(page, testInfo, 'staff-step-away-ja');
    await action(page, 'customerReady').click();

    // The customer's own PIN entry, twice, on the ordinary PIN screen.
    await expect(screen(page, 'pinEntry')).toBeVisible();
    await expect(page.locator('[data-screen="service"]')).toHaveCount(0);
    await typePin(page, '4815');
    await typePin(page, '4815');
    await expect(banner(page, 'pinChanged')).toBeVisible();
    await expect(page.locator('[data-state="lock"]')).toHaveText('ロックなし');
    await shot(page, testInfo, 'staff-pin-changed-ja');

    await action(page, 'finishCustomer').click();
    await logoutAndTakeCard(page, kiosk, 'staffMenu');
    await expect(screen(page, 'idle')).toBeVisible();

    // The customer's new PIN works at the machine.
    await kiosk.sim({ type: 'insertCard', cardNumber: '4000000000000051' });
    await typePin(page, '4815');
    await expect(screen(page, 'menu')).toBeVisible();

    const rows = journalRows(kiosk);
    const staffActions = rows.filter((r) => r.type === 'staff.action').map((r) => ({ actor: JSON.parse(r.actor), payload: JSON.parse(r.payload) }));
    expect(staffActions.map((a) => a.payload.action)).toEqual(expect.arrayContaining(['customerLookedUp', 'identityRefused', 'identityChecked', 'identityConfirmed', 'lockCleared', 'pinReset']));
    expect(staffActions.every((a) => a.actor.staffId === 'STAFF-ITO')).toBe(true);
    expect(staffActions.filter((a) => a.payload.targetMaskedCard === '400000******0051').length).toBeGreaterThanOrEqual(5);
    expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(['staff.loggedIn', 'staff.loggedOut', 'lock.cleared', 'pin.reset']));
    const text = secretsScanText(rows.map((r) => ({ actor: JSON.parse(r.actor) as unknown, payload: JSON.parse(r.payload) as unknown })));
    for (const secret of ['4000000000000051', '9000000001', '4815', '1357']) expect(text).not.toContain(secret);
  });

  test('staff see a captured card with its reason and record the bin emptied, and the simulated bin empties too', async ({ page, kiosk }, testInfo) => {
    // A card reported lost is captured at the machine.
    await page.goto(kiosk.url);
    await expect(screen(page, 'idle')).toBeVisible();
    await kiosk.sim({ type: 'insertCard', cardNumber: '4000000004' });
    await typePin(page, '6620');
    await expect(page.locator('[data-kind="cardCaptured"]')).toBeVisible();
    await expect.poll(async () => (await kiosk.simState()).cardReader?.retained).toBe(1);
    await expect(screen(page, 'idle')).toBeVisible({ timeout: 15_000 });

    await operatorLogin(page, kiosk, '9000000001', '1357', 'staffMenu');
    await action(page, 'viewCapturedCards').click();
    await expect(servicePage(page, 'capturedCards')).toBeVisible();
    await expect(page.locator('[data-retained]')).toContainText('回収箱のカード 1 枚');
    const capture = page.locator('[data-capture][data-reason="lostOrStolen"]');
    await expect(capture).toContainText('紛失・盗難の届出');
    await expect(capture).toContainText('0004');
    await expect(capture).not.toContainText('lostOrStolen');
    await shot(page, testInfo, 'staff-captured-cards-ja');

    await action(page, 'recordBinEmptied').click();
    await expect(banner(page, 'binEmptied')).toBeVisible();
    await expect(page.locator('[data-retained]')).toContainText('回収箱のカード 0 枚');
    await expect.poll(async () => (await kiosk.simState()).cardReader?.retained).toBe(0);
    await action(page, 'back').click();
    await logoutAndTakeCard(page, kiosk, 'staffMenu');

    const emptied = journalRows(kiosk).filter((r) => r.type === 'retainBin.emptied').map((r) => JSON.parse(r.payload));
    expect(emptied).toEqual([{ cardsRemoved: 1 }]);
  });

  test('staff are refused for the suspended customer and told why', async ({ page, kiosk }, testInfo) => {
    await operatorLogin(page, kiosk, '9000000001', '1357', 'staffMenu');
    await action(page, 'lookupByMemberNumber').click();
    await expect(servicePage(page, 'memberNumber')).toBeVisible();
    const pad = page.getByRole('group', { name: '会員番号の入力キー' });
    for (const digit of '100000003') await pad.getByRole('button', { name: digit, exact: true }).click();
    await expect(page.locator('[data-member-number]')).toContainText('100000003');
    await action(page, 'search').click();
    await expect(servicePage(page, 'customer')).toBeVisible();
    await expect(page.locator('[data-field="nameKanji"]')).toHaveText('鈴木 一郎');
    await expect(page.locator('[data-state="suspension"]')).toHaveText('利用停止中');
    await action(page, 'scanIdentity').click();
    await expect(page.getByText('本人確認書類を読取部に置いてください')).toBeVisible();
    await kiosk.sim({ type: 'presentDocument', documentId: 'suzuki-licence' });
    await expect(page.locator('[data-identity-decision][data-decision="verified"]')).toBeVisible();
    await action(page, 'confirmIdentity').click();
    await action(page, 'unlockAndSetPin').click();
    await expect(banner(page, 'accountSuspended')).toBeVisible();
    await expect(banner(page, 'accountSuspended')).toContainText('利用停止中の口座です');
    await expect(servicePage(page, 'customer')).toBeVisible();
    await shot(page, testInfo, 'staff-suspended-ja');
    const actions = journalRows(kiosk).filter((r) => r.type === 'staff.action').map((r) => JSON.parse(r.payload));
    expect(actions).toContainEqual(expect.objectContaining({ action: 'unlockRefused', note: 'accountSuspended' }));
  });

  test('a customer card cannot open service mode', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await kiosk.sim({ type: 'insertCard', cardNumber: '4000000001' });
    await typePin(page, '7391');
    await expect(screen(page, 'menu')).toBeVisible();
    await expect(page.locator('[data-screen="service"]')).toHaveCount(0);
    expect(journalRows(kiosk).map((r) => r.type)).not.toContain('staff.loggedIn');
  });

  test('technician self-tests against the simulators, with an injected jam, and the live raw traffic', async ({ page, kiosk }, testInfo) => {
    await operatorLogin(page, kiosk, '9000000002', '2468', 'technicianMenu');
    await action(page, 'viewDevices').click();
    await expect(servicePage(page, 'devices')).toBeVisible();
    await expect(page.locator('[data-device="cardReader"]')).toContainText('CRT-310');
    await expect(page.locator('[data-held-card]')).toHaveText('ご自分のカード');

    const result = (test: string) => page.locator(`[data-test="${test}"]`).first();
    await action(page, 'testReaderReset').click();
    await expect(result('readerReset')).toHaveAttribute('data-ok', 'true');
    await expect(result('readerReset')).toContainText('カードリーダー リセット');
    await expect(result('readerReset')).toContainText('firmware');
    await action(page, 'testReaderStatus').click();
    await expect(result('readerStatus')).toHaveAttribute('data-ok', 'true');
    await action(page, 'testReaderLed').click();
    await expect(result('readerLed')).toHaveAttribute('data-ok', 'true');
    await action(page, 'testReadCard').click();
    await expect(result('readCard')).toHaveAttribute('data-ok', 'true');
    await expect(result('readCard')).toContainText('******0002');

    // A jam injected through the simulator: the eject test fails with the XFS error, a reset recovers.
    await kiosk.sim({ type: 'cardReaderFault', fault: 'jam' });
    await action(page, 'testEject').click();
    await expect(result('eject')).toHaveAttribute('data-ok', 'false');
    await expect(result('eject')).toContainText('mediaJam');
    await expect(banner(page, 'testFailed')).toBeVisible();
    await shot(page, testInfo, 'technician-fault-ja');
    await kiosk.sim({ type: 'cardReaderFault', fault: 'clearJam' });
    await action(page, 'resetCardReader').click();
    await expect(result('resetCardReader')).toHaveAttribute('data-ok', 'true');
    await action(page, 'testEject').click();
    await expect(result('eject')).toHaveAttribute('data-ok', 'true');

    await action(page, 'testScan').click();
    await expect(page.getByText('テストしています')).toBeVisible();
    await kiosk.sim({ type: 'presentDocument', documentId: 'yamada-licence' });
    await expect(result('scan')).toHaveAttribute('data-ok', 'true');
    await expect(result('scan')).toContainText('driversLicence');
    await expect(servicePage(page, 'devices')).not.toContainText('山田');

    await action(page, 'back').click();
    await action(page, 'viewTraffic').click();
    await expect(servicePage(page, 'traffic')).toBeVisible();
    await expect(page.locator('tr[data-direction="rx"]').first()).toBeVisible();
    const traffic = await servicePage(page, 'traffic').innerText();
    expect(traffic).toContain('**');
    // The card number in ASCII hex ('9000000002') never appears: the driver masks track data.
    expect(traffic).not.toContain('39 30 30 30 30 30 30 30 30 32');
    await shot(page, testInfo, 'technician-traffic-ja');
    await action(page, 'back').click();

    await action(page, 'viewHealth').click();
    await expect(servicePage(page, 'health')).toBeVisible();
    await action(page, 'verifyJournal').click();
    await expect(banner(page, 'journalVerified')).toBeVisible();
    await expect(page.locator('[data-health="integrity"]')).toContainText('OK');
    await expect(page.locator('[data-health="hq"]')).toContainText('応答時間');
    await expect(page.locator('[data-health="hq-keys"]')).toContainText('本部から取得');
    // A fresh kiosk has crashed neither its app nor its screen (issue 16, crash accounting).
    await expect(page.locator('[data-health="crash-counts"]')).toHaveText('アプリ 0 回 · 画面 0 回');
    await action(page, 'back').click();

    const actions = journalRows(kiosk).filter((r) => r.type === 'technician.action').map((r) => JSON.parse(r.payload));
    expect(actions).toContainEqual({ action: 'selfTest', device: 'cardReader', test: 'eject', passed: false });
    expect(actions).toContainEqual({ action: 'deviceReset', device: 'cardReader', test: 'resetCardReader', passed: true });
    await logoutAndTakeCard(page, kiosk, 'technicianMenu');
    await expect(screen(page, 'idle')).toBeVisible();
  });

  test('diagnostics bundle: written and uploaded with no PIN, full card number or customer name; out of service and back; exit stops the host', async ({ page, kiosk }, testInfo) => {
    // A customer session first, so the journal and the reader's trace hold a customer's traffic.
    await page.goto(kiosk.url);
    await kiosk.sim({ type: 'insertCard', cardNumber: '4000000001' });
    await typePin(page, '7391');
    await expect(screen(page, 'menu')).toBeVisible();
    await page.locator('[data-choice="finish"]').click();
    await expect(screen(page, 'takeCard')).toBeVisible();
    await kiosk.sim({ type: 'removeCard' });
    await expect(screen(page, 'idle')).toBeVisible();

    await operatorLogin(page, kiosk, '9000000002', '2468', 'technicianMenu');
    await action(page, 'viewDevices').click();
    await action(page, 'testReadCard').click();
    await expect(page.locator('[data-test="readCard"]').first()).toHaveAttribute('data-ok', 'true');
    await action(page, 'back').click();

    await action(page, 'exportDiagnostics').click();
    // The kiosk's own folder is always offered first; a USB drive would follow it.
    await expect(servicePage(page, 'exportTarget')).toBeVisible();
    await expect(page.locator('[data-export-target="0"]')).toHaveAttribute('data-kind', 'kiosk');
    await expect(page.locator('[data-export-target="0"]')).toContainText('端末内のフォルダ');
    await shot(page, testInfo, 'technician-export-target-ja');
    await page.locator('[data-export-target="0"]').click();
    await expect(banner(page, 'exported')).toBeVisible();
    const dir = join(kiosk.dataDir, 'kiosk', 'diagnostics');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const bundleText = readFileSync(join(dir, files[0]!), 'utf8');
    const bundle = JSON.parse(bundleText) as { format: string; createdBy: string; cardReaderTraffic: unknown[]; journalEventCounts: Record<string, number> };
    expect(bundle).toMatchObject({ format: 'kiosk-diagnostics/1', createdBy: 'TECH-WATANABE' });
    expect(bundle.cardReaderTraffic.length).toBeGreaterThan(0);
    expect(bundle.journalEventCounts['card.inserted']).toBeGreaterThanOrEqual(2);
    // Every demo card number, and every customer's name (the technician's own staff id is not customer data).
    const secrets = [
      ...DEMO_PEOPLE.map((p) => p.cardNumber).filter((s): s is string => Boolean(s)),
      ...DEMO_PEOPLE.filter((p) => p.role === 'customer' || p.role === 'none').flatMap((p) => [p.nameKanji, p.nameKana, p.nameLatin.surname]),
      '7391', '2468', '1357', '9046',
    ];
    const scanned = secretsScanText(JSON.parse(bundleText));
    for (const secret of secrets) expect(scanned, secret).not.toContain(secret);
    // The ASCII-hex form of a card number is masked as well.
    const asHex = (digits: string) => [...digits].map((d) => d.charCodeAt(0).toString(16).toUpperCase()).join(' ');
    expect(bundleText).not.toContain(asHex('4000000001'));
    expect(bundleText).not.toContain(asHex('9000000002'));

    await action(page, 'uploadDiagnostics').click();
    await expect(banner(page, 'uploaded')).toBeVisible();

    // Out of service and back: the technician's condition of the service monitor.
    await action(page, 'takeOutOfService').click();
    await expect(page.locator('[data-service-state]')).toHaveAttribute('data-out-of-service', 'true');
    await logoutAndTakeCard(page, kiosk, 'technicianMenu');
    await expect(screen(page, 'outOfService')).toBeVisible();
    await kiosk.sim({ type: 'insertCard', cardNumber: '9000000002' });
    await expect(screen(page, 'pinEntry')).toBeVisible();
    await typePin(page, '2468');
    await expect(servicePage(page, 'technicianMenu')).toBeVisible();
    await action(page, 'returnToService').click();
    await expect(page.locator('[data-service-state]')).toHaveAttribute('data-out-of-service', 'false');

    // Exit: confirmed, then the web host stops cleanly.
    await action(page, 'exitApp').click();
    await expect(servicePage(page, 'confirm')).toBeVisible();
    await action(page, 'confirm').click();
    expect(await kiosk.exited).toBe(0);
    const types = journalRows(kiosk).map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['technician.action', 'outOfService.entered', 'outOfService.left', 'app.stopped']));
  });
});

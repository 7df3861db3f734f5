import type { Page } from '@playwright/test';
import { expect, screen, type KioskHost } from './kiosk-host';
import {
  expectAxeClean, expectNoHorizontalOverflow, expectNothingSecretSpoken, insert, keys, listener, spoken, start, test, type SpokenLanguage,
} from './accessibility-support';

/**
 * Issue 18: the two customer paths the first accessibility spec left out,
 * clearing a lock with an identity document and declining a partial
 * approval, walked in real Chromium with key presses only (the keys a USB
 * keypad sends, through main's keypad table), in Japanese and in English,
 * at 1x and at 2x text (chosen with the keypad on the first screen). On
 * every screen: voice guidance speaks it, in the customer's language (the
 * speech synthesis stubbed in the page), and axe finds no serious or
 * critical violation; at the end, nothing spoken held the PIN or the card
 * number. Screens reached: PIN entry (login, new, again), the locked and
 * unlocked notices, the identity and certificate scans, menu, amount
 * entry, declarations, certificate choice, the partial offer, take card.
 */

test.describe.configure({ timeout: 300_000 });

interface Variant { lang: SpokenLanguage; largeText: boolean }
const VARIANTS: Variant[] = [
  { lang: 'ja-JP', largeText: false }, { lang: 'ja-JP', largeText: true },
  { lang: 'en-GB', largeText: false }, { lang: 'en-GB', largeText: true },
];

/** The words each screen must say, per language (the screen's own heading and its keys). */
const SAYS = {
  'ja-JP': {
    pin: '暗証番号を入力してください', locked: 'セキュリティロック中です', clearLockKey: '1番、ロックを解除する',
    idScan: '運転免許証、マイナンバーカード、パスポート、在留カードのどれかを', newPin: '新しい暗証番号を入力してください',
    confirmPin: '確認のため、もう一度入力してください', unlocked: 'ロックを解除しました', finishKey: '1番、終了する',
    takeCard: 'カードをお取りください', menuIncreaseKey: '2番、ご利用限度額の増額', amount: 'ご希望のご利用限度額を選んでください（増額）',
    twoMillion: '二百万円', declarations: 'お客さまの状況を教えてください', certificate: 'お持ちの収入証明書を選んでください',
    slipKey: '1番、源泉徴収票', certScan: '源泉徴収票を読取部に置いてください', offer: '次の金額まで増額できます',
    offered: '百六十万円', declineKey: '2番、変更しない', fiveHundredThousand: '五十万円',
  },
  'en-GB': {
    pin: 'Please enter your PIN', locked: 'Your account is locked for security', clearLockKey: 'Press one: Unlock my account',
    idScan: 'Place your driving licence, My Number card, passport or residence card', newPin: 'Please enter a new PIN',
    confirmPin: 'Please enter the new PIN again to confirm', unlocked: 'Your account is unlocked', finishKey: 'Press one: Finish',
    takeCard: 'Please take your card', menuIncreaseKey: 'Press two: Raise credit limit', amount: 'Choose the credit limit you would like (increase)',
    twoMillion: 'two million yen', declarations: 'Please tell us about your situation', certificate: 'Which income certificate do you have?',
    slipKey: 'Press one: Withholding tax slip', certScan: 'Please place on the scanner: Withholding tax slip', offer: 'We can raise your limit to this amount',
    offered: 'one million six hundred thousand yen', declineKey: 'Press two: Keep my current limit', fiveHundredThousand: 'five hundred thousand yen',
  },
} as const;

/** On the first screen, with keys only: language (4), larger text (2), then guidance (the voice key). */
async function chooseAssistance(page: Page, kiosk: KioskHost, variant: Variant): Promise<void> {
  await start(page, kiosk);
  if (variant.lang === 'en-GB') {
    await keys(page, '4');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  if (variant.largeText) {
    await keys(page, '2');
    await expect(page.locator('.kiosk.large-text')).toBeVisible();
  }
  await keys(page, '*');
}

/** The screen as it is now: no serious or critical axe violation; at 2x, nothing wider than the window. */
async function axeHere(page: Page, variant: Variant, name: string): Promise<void> {
  await expectAxeClean(page, `${name} ${variant.lang}${variant.largeText ? ' 2x' : ''}`);
  if (variant.largeText) await expectNoHorizontalOverflow(page);
}

const label = (v: Variant) => `${v.lang}${v.largeText ? ', text 2x' : ''}`;

for (const variant of VARIANTS) {
  test(`clear a lock with an identity document, keys only (${label(variant)})`, async ({ page, slowKiosk }) => {
    const says = SAYS[variant.lang];
    const guide = listener(page, variant.lang);
    await chooseAssistance(page, slowKiosk, variant);
    await insert(page, slowKiosk, '4000000000000051');
    await guide.says(says.pin);
    await axeHere(page, variant, 'pinEntry login');
    await keys(page, ...'9046', 'Enter');
    await expect(page.locator('[data-kind="accountLocked"]')).toBeVisible();
    await guide.says(says.locked, says.clearLockKey);
    await axeHere(page, variant, 'notice accountLocked');
    await keys(page, '1');
    await expect(screen(page, 'documentScan')).toBeVisible();
    await guide.says(says.idScan);
    await axeHere(page, variant, 'documentScan identity');
    await slowKiosk.sim({ type: 'presentDocument', documentId: 'takahashi-licence' });
    await expect(screen(page, 'pinEntry')).toBeVisible();
    await guide.says(says.newPin);
    await axeHere(page, variant, 'pinEntry newPin');
    await keys(page, ...'4815', 'Enter');
    await guide.says(says.confirmPin);
    await axeHere(page, variant, 'pinEntry confirmNewPin');
    await keys(page, ...'4815', 'Enter');
    await expect(page.locator('[data-kind="lockClearedAndPinChanged"]')).toBeVisible();
    await guide.says(says.unlocked, says.finishKey);
    await axeHere(page, variant, 'notice lockClearedAndPinChanged');
    await keys(page, '1');
    await expect(screen(page, 'takeCard')).toBeVisible();
    await guide.says(says.takeCard);
    await axeHere(page, variant, 'takeCard');
    await slowKiosk.sim({ type: 'removeCard' });
    await expect(screen(page, 'idle')).toBeVisible();
    expectNothingSecretSpoken(await spoken(page), ['9046', '4815', '4000000000000051', '0051']);
  });

  test(`partial approval offered and declined, keys only (${label(variant)})`, async ({ page, slowKiosk }) => {
    const says = SAYS[variant.lang];
    const guide = listener(page, variant.lang);
    await chooseAssistance(page, slowKiosk, variant);
    await insert(page, slowKiosk, '4000000001');
    await guide.says(says.pin);
    await keys(page, ...'7391', 'Enter');
    await expect(screen(page, 'menu')).toBeVisible();
    await guide.says(says.menuIncreaseKey);
    await axeHere(page, variant, 'menu');
    await keys(page, '2');
    await expect(screen(page, 'amountEntry')).toBeVisible();
    await guide.says(says.amount);
    // 9: ten steps up (100,000 yen each), fifteen times: 500,000 to 2,000,000.
    await keys(page, ...Array<string>(15).fill('9'));
    await expect(page.locator('[data-figure="selected"]')).toContainText('2,000,000');
    await guide.says(says.twoMillion);
    await axeHere(page, variant, 'amountEntry');
    await keys(page, 'Enter');
    await expect(screen(page, 'declarations')).toBeVisible();
    await guide.says(says.declarations);
    await axeHere(page, variant, 'declarations');
    await keys(page, '4', '8', '0', 'Enter');
    await expect(page.locator('[data-step="employment"]')).toBeVisible();
    await keys(page, '1', 'Enter');
    await expect(page.locator('[data-step="otherBorrowing"]')).toBeVisible();
    await keys(page, '0', 'Enter');
    await expect(page.locator('[data-step="review"]')).toBeVisible();
    await keys(page, 'Enter');
    await expect(screen(page, 'certificateChoice')).toBeVisible();
    await guide.says(says.certificate, says.slipKey);
    await axeHere(page, variant, 'certificateChoice');
    await keys(page, '1');
    await expect(screen(page, 'documentScan')).toBeVisible();
    await guide.says(says.certScan);
    await axeHere(page, variant, 'documentScan incomeCertificate');
    await slowKiosk.sim({ type: 'presentIncomeCertificate' });
    await expect(page.locator('[data-outcome="partiallyApproved"]')).toBeVisible();
    await guide.says(says.offer, says.offered, says.declineKey);
    await axeHere(page, variant, 'limitResult partiallyApproved');
    await keys(page, '2');
    await expect(screen(page, 'menu')).toBeVisible();
    await expect(page.locator('[data-figure="creditLimit"]').first()).toContainText('500,000');
    await guide.says(says.fiveHundredThousand);
    await keys(page, '4');
    await expect(screen(page, 'takeCard')).toBeVisible();
    await guide.says(says.takeCard);
    await slowKiosk.sim({ type: 'removeCard' });
    await expect(screen(page, 'idle')).toBeVisible();
    expectNothingSecretSpoken(await spoken(page), ['7391', '4000000001', '0001']);
  });
}

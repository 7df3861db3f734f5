/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test as base, E2E_TIMING, expect, screen, startKioskHost, type KioskHost } from './kiosk-host';

/**
 * What the accessibility specs share (issue 18): a kiosk with timers slow
 * enough for axe runs, the speech synthesis stubbed in the page to capture
 * what voice guidance says, key presses as on the accessible keypad, and the
 * axe and overflow checks.
 */

/** Timers long enough that no inactivity warning interrupts an axe run; take-card short for the timeout path. */
export const SLOW = { ...E2E_TIMING, inactivityMs: 120_000, inactivityWarningSeconds: 20, noticeMs: 60_000, goodbyeMs: 800, takeCardSeconds: 60 };
export const test = base.extend<{ timing: Record<string, number>; slowKiosk: KioskHost }>({
  timing: [SLOW, { option: true }],
  slowKiosk: async ({ request, timing }, use) => {
    const { host, stop } = await startKioskHost(request, { timing });
    await use(host);
    await stop();
  },
});

/** Web Speech stubbed: what the guide would say, with its language, in `window.__spoken`. */
export const SPEECH_STUB = () => {
  const spoken: Array<{ text: string; lang: string }> = [];
  (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
  class StubUtterance { text: string; lang = ''; volume = 1; rate = 1; constructor(text: string) { this.text = text; } }
  const synth = { speak: (u: StubUtterance) => spoken.push({ text: u.text, lang: u.lang }), cancel: () => undefined, getVoices: () => [] };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: StubUtterance, configurable: true });
};

export const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: Array<{ text: string; lang: string }> }).__spoken.slice());

/** The host starts inside store hours whatever the hour of the run (kiosk-host.ts, storeHoursClockStart). */
export async function start(page: Page, kiosk: KioskHost): Promise<void> {
  await page.addInitScript(SPEECH_STUB);
  await page.goto(kiosk.url);
  await expect(screen(page, 'idle')).toBeVisible();
}

/** Presses keys one by one, as on the keypad. */
export async function keys(page: Page, ...names: string[]): Promise<void> {
  for (const name of names) await page.keyboard.press(name);
}

export async function insert(page: Page, kiosk: KioskHost, cardNumber: string): Promise<void> {
  await kiosk.sim({ type: 'insertCard', cardNumber });
  await expect(screen(page, 'pinEntry')).toBeVisible();
}

export async function login(page: Page, kiosk: KioskHost, cardNumber = '4000000001', pin = '7391'): Promise<void> {
  await insert(page, kiosk, cardNumber);
  await keys(page, ...pin, 'Enter');
  await expect(screen(page, 'menu')).toBeVisible();
}

/** Zero serious or critical violations, in the screen's current state. */
export async function expectAxeClean(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
}

/** Nothing wider than the window: clipped or overlapping content shows up as horizontal overflow. */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const wide: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) wide.push('document');
    for (const el of Array.from(document.querySelectorAll('main *'))) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > window.innerWidth + 1) wide.push(`${el.tagName.toLowerCase()}.${(el as HTMLElement).className}`);
    }
    return wide.slice(0, 5);
  });
  expect(overflow).toEqual([]);
}

/** Axe in Japanese, English, and English at 2x text (header toggles), on the screen as it is. */
export async function axeEveryWay(page: Page, name: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expectAxeClean(page, `${name} ja`);
  await page.locator('.header-controls button[lang]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAxeClean(page, `${name} en`);
  await page.locator('.header-controls button[aria-pressed]').click();
  await expect(page.locator('.kiosk.large-text')).toBeVisible();
  await expectAxeClean(page, `${name} en 2x`);
  await expectNoHorizontalOverflow(page);
  await page.locator('.header-controls button[lang]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expectAxeClean(page, `${name} ja 2x`);
  await expectNoHorizontalOverflow(page);
}

/** Nothing spoken may hold a PIN, a card number or any run of four figures. */
export function expectNothingSecretSpoken(lines: Array<{ text: string }>, secrets: string[]): void {
  for (const { text } of lines) {
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/[0-9](?:[\s,.:-]*[0-9]){3,}/);
  }
}

export type SpokenLanguage = 'ja-JP' | 'en-GB';

/**
 * Follows what voice guidance says screen by screen: `says(...fragments)`
 * waits until the lines spoken since the last call hold every fragment (a
 * screen's words and its keys come in one script), and checks each such
 * line is in the customer's language.
 */
export function listener(page: Page, lang: SpokenLanguage): { says(...fragments: string[]): Promise<void> } {
  let seen = 0;
  return {
    async says(...fragments: string[]): Promise<void> {
      const heard = async () => (await spoken(page)).slice(seen).map((l) => l.text).join('\n');
      await expect.poll(async () => { const text = await heard(); return fragments.filter((f) => !text.includes(f)); }, { message: `guidance says ${fragments.join(' / ')}` }).toEqual([]);
      const lines = (await spoken(page)).slice(seen);
      expect(lines.filter((l) => l.lang !== lang), `spoken in ${lang}`).toEqual([]);
      seen += lines.length;
    },
  };
}

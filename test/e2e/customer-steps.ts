import type { Page } from '@playwright/test';
import { expect, screen, typePin, type KioskHost } from './kiosk-host';

/**
 * A customer's steps at the kiosk, in real Chromium, shared by the specs that
 * walk the customer paths (customer-flows, bureau-down, income-certificate, contract-document):
 * devices are driven through the simulator panel's API, the screens by their
 * data-* hooks.
 */

export async function start(page: Page, kiosk: KioskHost): Promise<void> {
  await page.goto(kiosk.url);
  await expect(screen(page, 'idle')).toBeVisible();
}

export async function insert(page: Page, kiosk: KioskHost, cardNumber: string): Promise<void> {
  await kiosk.sim({ type: 'insertCard', cardNumber });
  await expect(screen(page, 'pinEntry')).toBeVisible();
}

export async function choose(page: Page, choice: string): Promise<void> {
  await page.locator(`[data-choice="${choice}"]`).click();
}

export async function takeCardAndFinish(page: Page, kiosk: KioskHost): Promise<void> {
  await expect(screen(page, 'takeCard')).toBeVisible();
  await kiosk.sim({ type: 'removeCard' });
  await expect(screen(page, 'idle')).toBeVisible();
}

export async function login(page: Page, kiosk: KioskHost, cardNumber: string, pin: string): Promise<void> {
  await start(page, kiosk);
  await insert(page, kiosk, cardNumber);
  await typePin(page, pin);
  await expect(screen(page, 'menu')).toBeVisible();
}

async function typeMan(page: Page, man: string): Promise<void> {
  const pad = page.getByRole('group', { name: /金額の入力キー|Amount keypad/ });
  for (const digit of man) await pad.getByRole('button', { name: digit, exact: true }).click();
}

export async function declare(page: Page, incomeMan: string, otherMan: string | null): Promise<void> {
  await expect(screen(page, 'declarations')).toBeVisible();
  await typeMan(page, incomeMan);
  await page.locator('[data-action="next"]').click();
  await page.locator('[data-employment="employee"]').click();
  await page.locator('[data-action="next"]').click();
  if (otherMan === null) await page.locator('[data-action="none"]').click();
  else await typeMan(page, otherMan);
  await page.locator('[data-action="next"]').click();
  await page.locator('[data-action="send"]').click();
}

export async function requestIncrease(page: Page, steps: { large?: number; small?: number }): Promise<void> {
  await choose(page, 'limitIncrease');
  await expect(screen(page, 'amountEntry')).toBeVisible();
  for (let i = 0; i < (steps.large ?? 0); i++) await page.locator('[data-delta="+large"]').click();
  for (let i = 0; i < (steps.small ?? 0); i++) await page.locator('[data-delta="+small"]').click();
  await page.locator('[data-choice="confirm"]').click();
}

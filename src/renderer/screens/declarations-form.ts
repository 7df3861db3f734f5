/**
 * The declarations form's draft (presentation state only: nothing reaches
 * main until the customer sends it). Amounts are typed in 万円 (10,000
 * yen), the unit Japanese customers give incomes in, so a typical income is
 * three digits instead of seven.
 */
import { MAN_YEN } from '../format/money';

/** 9,999万円 keeps the total under the intent's 100,000,000-yen ceiling (src/shared/bridge/intents.ts). */
export const MAX_MAN_DIGITS = 4;

export const DECLARATION_STEPS = ['income', 'employment', 'otherBorrowing', 'review'] as const;
export type DeclarationStep = (typeof DECLARATION_STEPS)[number];

/** One more digit on the right; ignored once the amount has its maximum length. */
export function appendDigit(amountMan: number | null, digit: number): number | null {
  const next = (amountMan ?? 0) * 10 + digit;
  return String(next).length > MAX_MAN_DIGITS ? amountMan : next;
}

export function dropDigit(amountMan: number | null): number | null {
  if (amountMan === null || amountMan < 10) return null;
  return Math.floor(amountMan / 10);
}

export const manToYen = (amountMan: number): number => amountMan * MAN_YEN;

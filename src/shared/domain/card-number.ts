/**
 * Card numbers (DOMAIN.md, "Credentials and their formats"): half-width
 * digits, 10 digits or 15 to 16 digits, no hyphens. What can be normalised
 * safely is (full-width digits, hyphens, spaces); the rest gets a reason.
 *
 * PCI DSS 3.4: a card number is shown or stored only masked. Our masking
 * keeps at most the first 6 and last 4 digits; a 10-digit number keeps only
 * the last 4, since 6 + 4 would reveal it whole.
 */
import { toHalfWidth } from './half-width';

export type CardNumberProblem = 'empty' | 'notDigits' | 'wrongLength';

export type CardNumberCheck =
  | { ok: true; cardNumber: string }
  | { ok: false; problem: CardNumberProblem };

export function normaliseCardNumber(input: string): CardNumberCheck {
  const compact = toHalfWidth(input).replace(/[\s\-‐‑‒–—―ー]/g, '');
  if (compact.length === 0) return { ok: false, problem: 'empty' };
  if (!/^\d+$/.test(compact)) return { ok: false, problem: 'notDigits' };
  if (!isCardNumberLength(compact.length)) return { ok: false, problem: 'wrongLength' };
  return { ok: true, cardNumber: compact };
}

export function isCardNumberLength(length: number): boolean {
  return length === 10 || length === 15 || length === 16;
}

export function isValidCardNumber(value: string): boolean {
  return /^\d+$/.test(value) && isCardNumberLength(value.length);
}

/** Masked form for screens, logs and the journal: `400000******0051`, `******0001`. */
export function maskCardNumber(cardNumber: string): string {
  const last4 = cardNumber.slice(-4);
  if (cardNumber.length <= 10) return '*'.repeat(Math.max(cardNumber.length - 4, 0)) + last4;
  return cardNumber.slice(0, 6) + '*'.repeat(cardNumber.length - 10) + last4;
}

/**
 * A masked card number as the journal and HQ logs accept it: digits only where
 * the masking rule allows them, so an unmasked number cannot pass.
 */
export const MASKED_CARD_PATTERN = /^(\*{6}\d{4}|\d{6}\*{5,6}\d{4})$/;

export function isMaskedCardNumber(value: string): boolean {
  return MASKED_CARD_PATTERN.test(value);
}

/** Luhn (ISO/IEC 7812-1 annex B); applied only when the card plan says so (DEVICES.md). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

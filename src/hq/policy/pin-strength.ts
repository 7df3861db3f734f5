/**
 * Refuses guessable PINs when a new PIN is set (PIN re-set after a lock or a
 * forgotten PIN). DOMAIN.md, "PIN choice": numbers that others can guess
 * (birthday, repeated or sequential digits, name-plus-birthday patterns) are
 * to be refused. Our rules, checked in this order (the first that matches is
 * the reason given):
 *
 *   notFourDigits   not exactly four half-width ASCII digits (DOMAIN.md:
 *                   "4 half-width digits"; the kiosk normalises full-width
 *                   input before it encrypts the PIN, so HQ sees ASCII).
 *   repeatedDigits  at most two different digits: 1111, and the low-variety
 *                   shapes 1122, 1212, 1221, 1112, 2020 ... (640 of the
 *                   10,000 PINs). One rule a customer can understand: "use at
 *                   least three different digits".
 *   sequential      each digit one more, or each one less, than the one before,
 *                   counting round from 9 to 0 as the keypad row and the dial
 *                   do: 0123 ... 6789, 7890, 8901, 9012 and the descending
 *                   ones 3210 ... 9876, 0987, 1098, 2109 (20 PINs).
 *   birthDate       any four-digit form of the person's date of birth:
 *                   MMDD, DDMM, YYYY, YYMM, MMYY, YYDD, DDYY, and the
 *                   Japanese era year (和暦, Shōwa/Heisei/Reiwa) with the
 *                   month: EEMM, MMEE (e.g. 1985-04-12 is Shōwa 60: 6004).
 *                   Names cannot be typed on a PIN pad, so the
 *                   "name-plus-birthday" pattern reduces to the birthday.
 *   denyListed      a short list of common choices (pin-deny-list.ts).
 *
 * The PIN never leaves this function: no result, error or thrown message
 * contains it (issue 5, common rules: never put a PIN into a log or message).
 */
import { z } from 'zod';
import { PIN_DENY_LIST } from './pin-deny-list';

export const WeakPinReasonSchema = z.enum(['notFourDigits', 'repeatedDigits', 'sequential', 'birthDate', 'denyListed']);
export type WeakPinReason = z.infer<typeof WeakPinReasonSchema>;

export const PinCheckResultSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), reason: WeakPinReasonSchema }),
]);
export type PinCheckResult = { ok: true } | { ok: false; reason: WeakPinReason };

export interface PinOwner {
  /** YYYY-MM-DD */
  dateOfBirth: string;
}

export function checkNewPin(pin: string, person: PinOwner): PinCheckResult {
  if (typeof pin !== 'string' || !/^[0-9]{4}$/.test(pin)) return { ok: false, reason: 'notFourDigits' };
  if (hasAtMostTwoDistinctDigits(pin)) return { ok: false, reason: 'repeatedDigits' };
  if (isSequential(pin)) return { ok: false, reason: 'sequential' };
  if (birthDatePins(person.dateOfBirth).has(pin)) return { ok: false, reason: 'birthDate' };
  if (PIN_DENY_LIST.has(pin)) return { ok: false, reason: 'denyListed' };
  return { ok: true };
}

export function hasAtMostTwoDistinctDigits(pin: string): boolean {
  return new Set(pin).size <= 2;
}

/** Steps of +1 or of -1 throughout, modulo 10 (so 8901 and 1098 count). */
export function isSequential(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10);
  return steps.every((s) => s === 1) || steps.every((s) => s === 9);
}

// Japanese eras that a living customer's birth year can fall in: first day of
// each era (Cabinet Office: Shōwa from 1926-12-25, Heisei from 1989-01-08,
// Reiwa from 2019-05-01). The era year is the Gregorian year minus the base.
const ERAS = [
  { from: '2019-05-01', base: 2018 },
  { from: '1989-01-08', base: 1988 },
  { from: '1926-12-25', base: 1925 },
] as const;

/** Every PIN derived from a date of birth (see the file comment). */
export function birthDatePins(dateOfBirth: string): Set<string> {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!match) {
    // HQ's own record is malformed: fail loudly so the PIN is not accepted
    // unchecked. The message names the field, never the PIN.
    throw new RangeError('person.dateOfBirth must be YYYY-MM-DD');
  }
  const [, yyyy, mm, dd] = match as unknown as [string, string, string, string];
  const yy = yyyy.slice(2);
  const pins = new Set([mm + dd, dd + mm, yyyy, yy + mm, mm + yy, yy + dd, dd + yy]);
  const era = ERAS.find((e) => dateOfBirth >= e.from);
  if (era) {
    const eraYear = Number(yyyy) - era.base;
    if (eraYear >= 1 && eraYear <= 99) {
      const ee = String(eraYear).padStart(2, '0');
      pins.add(ee + mm);
      pins.add(mm + ee);
    }
  }
  return pins;
}

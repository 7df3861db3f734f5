/**
 * Japanese driver's licence number (DEVICES.md, "Identity-document
 * scanner"): 12 digits; 1-2 issuing prefectural public-safety commission,
 * 3-4 last two digits of the year first licensed, 5-10 serial, 11 check
 * digit, 12 re-issue count. The check-digit rule is community-derived, not
 * published by the police: a mismatch is a warning for staff, never proof
 * of forgery.
 */
const WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

export const LICENCE_NUMBER = /^[0-9]{12}$/;

/** `(11 - (5a+4b+3c+2d+7e+6f+5g+4h+3i+2j) mod 11) mod 10` over the first ten digits. */
export function licenceCheckDigit(firstTenDigits: string): number {
  if (!/^[0-9]{10}$/.test(firstTenDigits)) throw new RangeError('licence check digit needs ten digits');
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(firstTenDigits[i]) * WEIGHTS[i]!;
  return (11 - (sum % 11)) % 10;
}

/** True when digit 11 agrees with the community-derived rule. */
export function licenceCheckDigitConsistent(number: string): boolean {
  return LICENCE_NUMBER.test(number) && licenceCheckDigit(number.slice(0, 10)) === Number(number[10]);
}

/**
 * ICAO Doc 9303 Part 3, section 4.9: check digits. Weights 7, 3, 1 repeating;
 * digits count as themselves, A..Z as 10..35, the filler `<` as 0; the check
 * digit is the weighted sum modulo 10.
 */
const WEIGHTS = [7, 3, 1] as const;

/** Value of one MRZ character, or undefined for a character the MRZ may not hold. */
export function mrzCharacterValue(ch: string): number | undefined {
  if (ch === '<') return 0;
  const code = ch.charCodeAt(0);
  if (ch.length !== 1) return undefined;
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41 + 10;
  return undefined;
}

/** The check digit (0..9) over `field`, or undefined when the field holds a character outside A-Z, 0-9, `<`. */
export function mrzCheckDigit(field: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const value = mrzCharacterValue(field[i]!);
    if (value === undefined) return undefined;
    sum += value * WEIGHTS[i % 3]!;
  }
  return sum % 10;
}

export type CheckDigitResult = 'valid' | 'invalid';

/**
 * Compares a printed check digit with the computed one. `allowFillerWhenEmpty`:
 * 9303 Part 4 lets the optional-data check digit be `<` when that field is all filler.
 */
export function verifyCheckDigit(field: string, printed: string, allowFillerWhenEmpty = false): CheckDigitResult {
  if (allowFillerWhenEmpty && printed === '<' && /^<*$/.test(field)) return 'valid';
  const computed = mrzCheckDigit(field);
  if (computed === undefined || !/^[0-9]$/.test(printed)) return 'invalid';
  return computed === Number(printed) ? 'valid' : 'invalid';
}

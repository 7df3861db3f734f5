import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMaskedCardNumber, luhnValid, maskCardNumber, normaliseCardNumber } from '../../../src/shared/domain/card-number';

describe('card numbers (DOMAIN.md credentials)', () => {
  it('normalises full-width digits, hyphens and spaces', () => {
    expect(normaliseCardNumber('４０００-０００ ００１')).toEqual({ ok: true, cardNumber: '4000000001' });
    expect(normaliseCardNumber('4000 0000 0000 0051')).toEqual({ ok: true, cardNumber: '4000000000000051' });
  });

  it('says what is wrong with the rest', () => {
    expect(normaliseCardNumber('')).toEqual({ ok: false, problem: 'empty' });
    expect(normaliseCardNumber('40000000O1')).toEqual({ ok: false, problem: 'notDigits' });
    expect(normaliseCardNumber('400000001')).toEqual({ ok: false, problem: 'wrongLength' });
    expect(normaliseCardNumber('4000000000001')).toEqual({ ok: false, problem: 'wrongLength' });
  });

  it('masks to at most first 6 and last 4, and only the last 4 of a 10-digit number', () => {
    expect(maskCardNumber('4000000001')).toBe('******0001');
    expect(maskCardNumber('4000000000000051')).toBe('400000******0051');
    expect(maskCardNumber('400000000000051')).toBe('400000*****0051');
  });

  it('accepts exactly the masked forms as masked, never a full number', () => {
    fc.assert(fc.property(fc.constantFrom(10, 15, 16), fc.integer({ min: 0, max: 2 ** 31 }), (length, seed) => {
      const digits = String(seed).padStart(length, '7').slice(0, length);
      expect(isMaskedCardNumber(maskCardNumber(digits))).toBe(true);
      expect(isMaskedCardNumber(digits)).toBe(false);
    }));
    expect(isMaskedCardNumber('4000000001******')).toBe(false);
  });

  it('computes Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

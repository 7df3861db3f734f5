import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../../src/shared/demo/demo-people';
import { PIN_DENY_LIST } from '../../../src/hq/policy/pin-deny-list';
import { birthDatePins, checkNewPin, hasAtMostTwoDistinctDigits, isSequential, type WeakPinReason } from '../../../src/hq/policy/pin-strength';

// 山田 太郎 of the demo cast: born 1985-04-12 (昭和60年).
const yamada = { dateOfBirth: '1985-04-12' };
// Someone whose birthday-derived PINs collide with none of the examples below.
const nobody = { dateOfBirth: '1960-06-30' };
const allPins = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(4, '0'));

function reasonOf(pin: string, person = yamada): WeakPinReason | 'ok' {
  const result = checkNewPin(pin, person);
  return result.ok ? 'ok' : result.reason;
}

describe('checkNewPin', () => {
  it.each([
    ['', 'notFourDigits'],
    ['123', 'notFourDigits'],
    ['12345', 'notFourDigits'],
    ['12a4', 'notFourDigits'],
    ['１２３４', 'notFourDigits'], // full-width: the kiosk normalises before encrypting; HQ sees ASCII only
    [' 739', 'notFourDigits'],
    ['7391\n', 'notFourDigits'],
    ['٧٣٩١', 'notFourDigits'], // Arabic-Indic digits are not half-width digits
  ])('refuses %j as not four digits', (pin, reason) => {
    expect(reasonOf(pin)).toBe(reason);
  });

  it('refuses a non-string without throwing', () => {
    expect(checkNewPin(1234 as unknown as string, yamada)).toEqual({ ok: false, reason: 'notFourDigits' });
    expect(checkNewPin(undefined as unknown as string, yamada)).toEqual({ ok: false, reason: 'notFourDigits' });
  });

  it.each(['0000', '1111', '9999', '1122', '1212', '1221', '1112', '2111', '2020', '0900', '6969'])('refuses %s as repeated digits', (pin) => {
    expect(reasonOf(pin, nobody)).toBe('repeatedDigits');
  });

  it.each(['0123', '1234', '6789', '7890', '8901', '9012', '3210', '9876', '0987', '1098', '2109'])('refuses %s as sequential', (pin) => {
    expect(reasonOf(pin, nobody)).toBe('sequential');
  });

  it.each([
    ['MMDD', '0412'],
    ['DDMM', '1204'],
    ['YYYY', '1985'],
    ['YYMM', '8504'],
    ['MMYY', '0485'],
    ['YYDD', '8512'],
    ['DDYY', '1285'],
    ['era year + month (昭和60年4月)', '6004'],
    ['month + era year', '0460'],
  ])('refuses the birthday as %s', (_form, pin) => {
    expect(reasonOf(pin)).toBe('birthDate');
  });

  it('derives era years at the era boundaries (Heisei from 1989-01-08, Reiwa from 2019-05-01)', () => {
    expect(birthDatePins('1989-01-07')).toContain('6401'); // 昭和64年1月
    expect(birthDatePins('1989-01-08')).toContain('0101'); // 平成1年1月
    expect(birthDatePins('2019-04-30')).toContain('3104'); // 平成31年4月
    expect(birthDatePins('2019-05-01')).toContain('0105'); // 令和1年5月
    expect(birthDatePins('1926-12-24')).toEqual(new Set(['1224', '2412', '1926', '2612', '1226', '2624', '2426'])); // 大正: no era form
  });

  it.each(['1004', '2001', '2580', '0852', '1379', '2468', '1357', '4649', '3776'])('refuses %s from the deny list', (pin) => {
    expect(reasonOf(pin, nobody)).toBe('denyListed');
  });

  it.each(['7391', '8264', '5173', '9046', '4817', '3905'])('accepts %s', (pin) => {
    expect(checkNewPin(pin, yamada)).toEqual({ ok: true });
  });

  it('accepts a birthday-shaped PIN for someone with another birthday', () => {
    expect(reasonOf('0412', nobody)).toBe('ok');
  });

  it('refuses 640 PINs as repeated and 20 as sequential, as documented', () => {
    expect(allPins.filter(hasAtMostTwoDistinctDigits)).toHaveLength(640);
    expect(allPins.filter(isSequential)).toHaveLength(20);
  });

  it('leaves most PINs available (fewer than 8% refused for any demo person)', () => {
    for (const person of DEMO_PEOPLE) {
      const refused = allPins.filter((pin) => !checkNewPin(pin, person).ok).length;
      expect(refused).toBeLessThan(800);
      expect(refused).toBeGreaterThan(660);
    }
  });

  it('keeps the deny list to entries no pattern rule already catches', () => {
    for (const pin of PIN_DENY_LIST) {
      expect(pin).toMatch(/^\d{4}$/);
      expect(hasAtMostTwoDistinctDigits(pin)).toBe(false);
      expect(isSequential(pin)).toBe(false);
    }
  });
});

describe('the PIN never leaks', () => {
  it('no result contains the PIN', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPins), fc.date({ min: new Date('1930-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }), (pin, dob) => {
        const result = checkNewPin(pin, { dateOfBirth: dob.toISOString().slice(0, 10) });
        expect(JSON.stringify(result)).not.toContain(pin);
      }),
      { numRuns: 2000 },
    );
  });

  it('a malformed date of birth throws an error that names the field, not the PIN', () => {
    let thrown: unknown;
    try {
      checkNewPin('4817', { dateOfBirth: '12/04/1985' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    const text = `${String(thrown)} ${(thrown as Error).stack ?? ''}`;
    expect(text).toContain('dateOfBirth');
    expect(text).not.toContain('4817');
  });
});

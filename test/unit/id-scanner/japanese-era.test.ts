import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoToEraDate, parseCardDate } from '../../../src/devices/id-scanner/ocr-record/japanese-era';

describe('Japanese era dates', () => {
  it.each([
    ['昭和60年4月12日', '1985-04-12'],
    ['昭和60年04月12日', '1985-04-12'],
    ['昭和60年 4月12日生', '1985-04-12'],
    ['令和11年05月12日まで有効', '2029-05-12'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和1年5月1日', '2019-05-01'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和64年1月7日', '1989-01-07'],
    ['平成31年4月30日', '2019-04-30'],
    ['大正元年7月30日', '1912-07-30'],
    ['大正15年12月24日', '1926-12-24'],
    ['昭和元年12月25日', '1926-12-25'],
    ['明治45年7月29日', '1912-07-29'],
    ['明治6年1月1日', '1873-01-01'],
    ['S60.04.12', '1985-04-12'],
    ['H1.1.8', '1989-01-08'],
    ['R6.4.20', '2024-04-20'],
    ['1985年4月12日', '1985-04-12'],
    ['1985-04-12', '1985-04-12'],
    ['1985/4/12', '1985-04-12'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseCardDate(text)).toEqual({ ok: true, iso });
  });

  it('reads 平成 years past the era end, as printed on cards issued before 令和 was announced', () => {
    expect(parseCardDate('平成33年06月10日')).toEqual({ ok: true, iso: '2021-06-10' });
    expect(parseCardDate('平成31年5月1日')).toEqual({ ok: true, iso: '2019-05-01' });
  });

  it.each([
    ['昭和64年1月8日', 'outsideEra'],   // that day is 平成元年1月8日
    ['令和元年4月30日', 'outsideEra'],  // still 平成
    ['大正15年12月25日', 'outsideEra'], // already 昭和
    ['昭和元年12月24日', 'outsideEra'],
    ['明治5年12月2日', 'outsideEra'],   // lunisolar calendar: no arithmetic conversion
    ['昭和60年2月30日', 'notADate'],
    ['昭和0年1月1日', 'notADate'],
    ['慶応3年1月1日', 'notADate'],
    ['60年4月12日', 'notADate'],
    ['', 'notADate'],
  ])('refuses %s (%s)', (text, reason) => {
    expect(parseCardDate(text)).toEqual({ ok: false, reason });
  });

  it('prints 元年 for the first year of an era', () => {
    expect(isoToEraDate('2019-05-01')).toBe('令和元年05月01日');
    expect(isoToEraDate('2019-04-30')).toBe('平成31年04月30日');
    expect(isoToEraDate('1989-01-07')).toBe('昭和64年01月07日');
  });

  it('round-trips every day from 1873 to 2099 through the era form', () => {
    const start = Date.UTC(1873, 0, 1);
    const end = Date.UTC(2099, 11, 31);
    fc.assert(fc.property(fc.integer({ min: 0, max: Math.floor((end - start) / 86_400_000) }), (days) => {
      const iso = new Date(start + days * 86_400_000).toISOString().slice(0, 10);
      expect(parseCardDate(isoToEraDate(iso))).toEqual({ ok: true, iso });
    }), { numRuns: 2000 });
  });
});

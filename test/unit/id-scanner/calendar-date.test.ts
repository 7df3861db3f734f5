import { describe, expect, it } from 'vitest';
import { inferBirthDate, inferExpiryDate, isoDate, tokyoIsoDate } from '../../../src/devices/id-scanner/calendar-date';

describe('calendar dates', () => {
  it('takes today in Asia/Tokyo whatever the machine zone', () => {
    expect(tokyoIsoDate(new Date('2026-03-31T14:59:59Z'))).toBe('2026-03-31');
    expect(tokyoIsoDate(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
  });

  it('refuses days that do not exist', () => {
    expect(isoDate(2024, 2, 29)).toBe('2024-02-29');
    expect(isoDate(2023, 2, 29)).toBeUndefined();
    expect(isoDate(2023, 13, 1)).toBeUndefined();
    expect(isoDate(2023, 4, 31)).toBeUndefined();
  });

  it('puts a birth date in the past', () => {
    expect(inferBirthDate('740812', '2026-01-15')).toBe('1974-08-12');
    expect(inferBirthDate('251231', '2026-01-15')).toBe('2025-12-31');
    expect(inferBirthDate('260115', '2026-01-15')).toBe('2026-01-15');
    expect(inferBirthDate('260116', '2026-01-15')).toBe('1926-01-16');
    expect(inferBirthDate('000229', '2026-01-15')).toBe('2000-02-29');
    expect(inferBirthDate('741312', '2026-01-15')).toBeUndefined();
    expect(inferBirthDate('74<812', '2026-01-15')).toBeUndefined();
  });

  it('reads an expiry date within fifty years either side, so an expired document stays expired', () => {
    expect(inferExpiryDate('120415', '2026-01-15')).toBe('2012-04-15');
    expect(inferExpiryDate('360415', '2026-01-15')).toBe('2036-04-15');
    expect(inferExpiryDate('760101', '2026-01-15')).toBe('2076-01-01');
    expect(inferExpiryDate('770101', '2026-01-15')).toBe('1977-01-01');
    expect(inferExpiryDate('050101', '2099-06-01')).toBe('2105-01-01');
  });
});

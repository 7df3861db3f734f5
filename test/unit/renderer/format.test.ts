import { describe, expect, it } from 'vitest';
import { formatYen } from '../../../src/renderer/format/money';
import { formatDeadline, formatTokyoDateTime, formatTokyoTime, operatorHoursRange } from '../../../src/renderer/format/tokyo-time';

describe('money', () => {
  it('shows yen the Japanese way in Japanese and with the yen sign in English', () => {
    expect(formatYen(500_000, 'ja')).toBe('500,000円');
    expect(formatYen(500_000, 'en')).toBe('¥500,000');
    expect(formatYen(0, 'ja')).toBe('0円');
    expect(formatYen(5_000_000, 'en')).toBe('¥5,000,000');
  });
});

describe('Tokyo times', () => {
  // 2025-04-06 12:30 UTC is 21:30 in Tokyo, whatever zone the test machine is in.
  const instant = new Date('2025-04-06T12:30:00Z');

  it('shows a time of day in Tokyo time', () => {
    expect(formatTokyoTime(instant, 'ja')).toBe('21:30');
    expect(formatTokyoTime(instant, 'en')).toBe('21:30');
  });

  it('shows a day and time in Tokyo time, crossing midnight correctly', () => {
    const lateUtc = new Date('2025-04-06T22:00:00Z'); // 07:00 on Monday 7 April in Tokyo
    expect(formatTokyoDateTime(lateUtc, 'ja')).toBe('4/7(月) 07:00');
    expect(formatTokyoDateTime(lateUtc, 'en')).toContain('07:00');
    expect(formatTokyoDateTime(lateUtc, 'en')).toContain('Mon');
  });

  it('reads a deadline given as a clock time or as an instant, and refuses anything else', () => {
    expect(formatDeadline('21:00', 'ja')).toBe('21:00');
    expect(formatDeadline('9:05', 'en')).toBe('09:05');
    expect(formatDeadline('2025-04-06T12:00:00Z', 'ja')).toBe('21:00');
    expect(formatDeadline('soon', 'ja')).toBeNull();
    expect(formatDeadline('25:00', 'ja')).toBeNull();
  });

  it('takes only the times from the operator-hours setting', () => {
    expect(operatorHoursRange('weekdays 09:00-18:00')).toEqual({ open: '9:00', close: '18:00' });
    expect(operatorHoursRange('平日 9:00〜18:00')).toEqual({ open: '9:00', close: '18:00' });
    expect(operatorHoursRange('call us')).toBeNull();
  });
});

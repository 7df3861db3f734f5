/**
 * Times shown to customers are Tokyo times, whatever zone the machine's
 * clock is set to (DOMAIN.md, "Hours and maintenance").
 */
import type { Locale } from '../../shared/bridge';

const TOKYO = 'Asia/Tokyo';
const localeTag = (locale: Locale) => (locale === 'ja' ? 'ja-JP' : 'en-GB');

/** `4/1(火) 07:00` / `Tue 1/4, 07:00`: a day and a time. */
export function formatTokyoDateTime(instant: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(localeTag(locale), {
    timeZone: TOKYO, month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit',
  }).format(instant);
}

/** `21:00`: a time of day, 24-hour clock. */
export function formatTokyoTime(instant: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(localeTag(locale), {
    timeZone: TOKYO, hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(instant);
}

const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/**
 * A deadline from main: either a Tokyo wall-clock time (`21:00`) or an ISO
 * instant. Returns null when it is neither, so a malformed value is not shown.
 */
export function formatDeadline(deadline: string, locale: Locale): string | null {
  const clock = CLOCK_TIME.exec(deadline);
  if (clock) return `${clock[1]!.padStart(2, '0')}:${clock[2]}`;
  const instant = new Date(deadline);
  return Number.isNaN(instant.getTime()) ? null : formatTokyoTime(instant, locale);
}

/**
 * Operator hours from the call-centre config (`weekdays 09:00-18:00`): only
 * the two times are taken, the sentence around them is the customer's
 * language. Null when the string holds no time range.
 */
export function operatorHoursRange(text: string): { open: string; close: string } | null {
  const match = /(\d{1,2}:\d{2})\s*[-–〜~]\s*(\d{1,2}:\d{2})/.exec(text);
  if (!match) return null;
  const trim = (t: string) => t.replace(/^0(\d):/, '$1:');
  return { open: trim(match[1]!), close: trim(match[2]!) };
}

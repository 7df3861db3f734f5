/**
 * Wall-clock arithmetic in Asia/Tokyo without the host's time zone.
 *
 * DOMAIN.md ("Hours and maintenance"): every hour and window is Asia/Tokyo
 * time, whatever the machine's clock zone. Japan has observed no daylight
 * saving time since 1951 (the IANA tz database's "Asia/Tokyo" is a constant
 * +09:00 from then on), so a fixed +09:00 offset is exact for every instant
 * this software will meet. We shift the instant by nine hours and read the
 * UTC fields: no `getHours()`/`getDay()` or other local-time getter is used
 * anywhere in this folder, so `TZ=America/Los_Angeles` cannot change a result
 * (test/unit/calendar/tokyo-time.test.ts checks this against Intl and with a
 * foreign TZ).
 *
 * Pure: no Node imports (this runs in the renderer too).
 */

export const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** 0 = Sunday ... 6 = Saturday, the same numbering as `Date#getUTCDay`. */
export type WeekdayNumber = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A calendar day in Tokyo, counted in days since 1970-01-01 (Tokyo). */
export type TokyoDay = number;

export interface TokyoDate {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  weekday: WeekdayNumber;
}

/** The Tokyo calendar day an instant falls on. */
export function tokyoDayOf(instantMs: number): TokyoDay {
  return Math.floor((instantMs + TOKYO_OFFSET_MS) / DAY_MS);
}

/** The instant a Tokyo calendar day starts (00:00 JST). */
export function tokyoDayStart(day: TokyoDay): number {
  return day * DAY_MS - TOKYO_OFFSET_MS;
}

/** The instant `minutes` after 00:00 JST of `day` (1440 is the next midnight). */
export function tokyoInstant(day: TokyoDay, minutes: number): number {
  return tokyoDayStart(day) + minutes * MINUTE_MS;
}

export function tokyoDate(day: TokyoDay): TokyoDate {
  const wall = new Date(day * DAY_MS);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    weekday: wall.getUTCDay() as WeekdayNumber,
  };
}

/** `YYYY-MM-DD` of a Tokyo day. */
export function tokyoDateString(day: TokyoDay): string {
  const d = tokyoDate(day);
  return `${String(d.year).padStart(4, '0')}-${pad2(d.month)}-${pad2(d.day)}`;
}

/** Minutes since 00:00 JST of the instant's Tokyo day (0..1439, fractional below a minute). */
export function tokyoMinuteOfDay(instantMs: number): number {
  return (instantMs - tokyoDayStart(tokyoDayOf(instantMs))) / MINUTE_MS;
}

/** `HH:MM` to minutes after midnight; `24:00` is 1440. The schema has already checked the shape. */
export function parseClockTime(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** `YYYY-MM-DDTHH:MM` in Tokyo: the value of an HTML `datetime-local` input showing this instant. */
export function tokyoLocalDateTime(instantMs: number): string {
  const minutes = Math.floor(tokyoMinuteOfDay(instantMs));
  return `${tokyoDateString(tokyoDayOf(instantMs))}T${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant of a Tokyo wall-clock `YYYY-MM-DDTHH:MM` (a `datetime-local`
 * value entered by someone in Japan), or null when it is not one: a wrong
 * shape or a date that does not exist (2026-02-30).
 */
export function parseTokyoLocalDateTime(text: string): number | null {
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hours, minutes] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || hours > 23 || minutes > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hours, minutes);
  if (new Date(wall).getUTCDate() !== day) return null;
  return wall - TOKYO_OFFSET_MS;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

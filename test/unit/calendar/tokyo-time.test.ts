import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_KIOSK_CALENDAR, closingTimeOn, serviceStatusAt, upcomingWindows } from '../../../src/shared/domain/calendar';
import { parseTokyoLocalDateTime, tokyoDate, tokyoDayOf, tokyoLocalDateTime, tokyoMinuteOfDay } from '../../../src/shared/domain/calendar/tokyo-time';

// Japan last observed DST in 1951; from 1952 Asia/Tokyo is a constant +09:00.
const from1952 = new Date('1952-01-01T00:00:00+09:00').getTime();
const to2100 = new Date('2100-01-01T00:00:00+09:00').getTime();

const intlTokyo = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tokyo',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
  hour: 'numeric',
  minute: 'numeric',
});
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function viaIntl(ms: number) {
  const parts = Object.fromEntries(intlTokyo.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(parts.weekday!),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

describe('fixed +09:00 offset', () => {
  it('agrees with Intl Asia/Tokyo for any instant from 1952 to 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: from1952, max: to2100 }), (ms) => {
        const d = tokyoDate(tokyoDayOf(ms));
        expect({ year: d.year, month: d.month, day: d.day, weekday: d.weekday, minute: Math.floor(tokyoMinuteOfDay(ms)) }).toEqual(viaIntl(ms));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('datetime-local values in Tokyo time', () => {
  it('reads a wall-clock value as +09:00', () => {
    expect(parseTokyoLocalDateTime('2026-12-01T02:30')).toBe(Date.parse('2026-11-30T17:30:00Z'));
    expect(tokyoLocalDateTime(Date.parse('2026-11-30T17:30:59Z'))).toBe('2026-12-01T02:30');
  });

  it('refuses shapes and dates that do not exist', () => {
    for (const bad of ['', '2026-12-01', '2026-12-01 02:30', '2026-12-01T2:30', '2026-02-30T10:00', '2026-13-01T10:00', '2026-12-01T24:00', '2026-12-01T10:60', '2026-12-01T10:00:00']) {
      expect(parseTokyoLocalDateTime(bad), bad).toBeNull();
    }
  });

  it('round-trips every minute from 1952 to 2100 and agrees with Intl', () => {
    fc.assert(fc.property(fc.integer({ min: from1952 / 60_000, max: to2100 / 60_000 }), (minute) => {
      const ms = minute * 60_000;
      const local = tokyoLocalDateTime(ms);
      expect(parseTokyoLocalDateTime(local)).toBe(ms);
      const intl = viaIntl(ms);
      const two = (n: number) => String(n).padStart(2, '0');
      expect(local).toBe(`${intl.year}-${two(intl.month)}-${two(intl.day)}T${two(Math.floor(intl.minute / 60))}:${two(intl.minute % 60)}`);
    }));
  });
});

describe('the host time zone does not matter', () => {
  const originalTz = process.env.TZ;
  afterAll(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  const instants = ['2025-06-14T23:30:00+09:00', '2023-12-31T23:00:00+09:00', '2025-06-11T08:30:00+09:00', '2025-03-09T01:59:00-08:00'].map(
    (iso) => new Date(iso),
  );
  const snapshot = () =>
    JSON.stringify([
      instants.map((at) => serviceStatusAt(DEFAULT_KIOSK_CALENDAR, at)),
      instants.map((at) => closingTimeOn(DEFAULT_KIOSK_CALENDAR, at)),
      upcomingWindows(DEFAULT_KIOSK_CALENDAR, instants[0]!, 10),
    ]);

  it('gives the same answers under TZ=UTC, America/Los_Angeles and Pacific/Kiritimati', () => {
    process.env.TZ = 'UTC';
    expect(new Date(2025, 0, 1).getTimezoneOffset()).toBe(0); // the switch really took effect
    const inUtc = snapshot();
    process.env.TZ = 'America/Los_Angeles';
    expect(new Date(2025, 0, 1).getTimezoneOffset()).toBe(480);
    expect(snapshot()).toBe(inUtc);
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: a different calendar day from Tokyo for part of every day
    expect(new Date(2025, 0, 1).getTimezoneOffset()).toBe(-840);
    expect(snapshot()).toBe(inUtc);
  });

  it('the calendar code uses no local-time Date API at all', () => {
    const folder = join(import.meta.dirname, '../../../src/shared/domain/calendar');
    const localApi = /\.(getFullYear|getMonth|getDate|getDay|getHours|getMinutes|getTimezoneOffset|setFullYear|setMonth|setDate|setHours|setMinutes|toLocale\w*String)\(|new Date\(\s*\d+\s*,/;
    for (const file of readdirSync(folder)) {
      expect(readFileSync(join(folder, file), 'utf8'), file).not.toMatch(localApi);
    }
  });
});

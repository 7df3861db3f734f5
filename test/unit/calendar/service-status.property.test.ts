/**
 * Properties of serviceStatusAt over random calendars and instants, and an
 * independent oracle: the maintenance rules of DOMAIN.md written out naively
 * over Intl's Asia/Tokyo wall clock, compared with the state we compute.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KioskCalendarSchema, serviceStatusAt, upcomingWindows, WEEKDAY_KEYS, type KioskCalendar, type ServiceStatus } from '../../../src/shared/domain/calendar';

const HOUR = 3_600_000;
const rangeStart = new Date('2023-01-01T00:00:00+09:00').getTime();
const rangeEnd = new Date('2027-12-31T00:00:00+09:00').getTime();

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const hours = fc
  .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
  .map(([open, length]) => ({ open: hhmm(open), close: hhmm(Math.min(1440, open + length)) }));
const weekdayHours = fc.oneof(hours, fc.constant({ closed: true as const }));

const calendarArb: fc.Arbitrary<KioskCalendar> = fc
  .record({
    default: fc.oneof(fc.constant({ open: '09:00', close: '22:00' }), fc.constant({ open: '00:00', close: '24:00' }), hours),
    weekdays: fc.array(fc.tuple(fc.constantFrom(...WEEKDAY_KEYS), weekdayHours), { maxLength: 4 }),
    closedDays: fc.array(fc.integer({ min: 0, max: 1825 }), { maxLength: 5 }),
    announcements: fc.array(fc.tuple(fc.integer({ min: rangeStart, max: rangeEnd }), fc.integer({ min: 60_000, max: 4 * 24 * HOUR })), { maxLength: 4 }),
  })
  .map((r) =>
    KioskCalendarSchema.parse({
      storeHours: { default: r.default, weekdays: Object.fromEntries(r.weekdays) },
      closedDates: r.closedDays.map((d) => new Date(rangeStart + 9 * HOUR + d * 24 * HOUR).toISOString().slice(0, 10)),
      announcements: r.announcements.map(([start, length], i) => ({
        id: `a${i}`,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + length).toISOString(),
        messageJa: 'メンテナンス',
        messageEn: 'Maintenance',
      })),
    }),
  );

// Instants: anywhere, or right at a minute boundary, within the range.
const instantArb = fc.oneof(
  fc.integer({ min: rangeStart, max: rangeEnd }),
  fc.integer({ min: rangeStart / 60_000, max: rangeEnd / 60_000 }).map((m) => m * 60_000),
);

/** Same state, reason and end: the status a kiosk would show is unchanged. */
function same(expected: ServiceStatus, actual: ServiceStatus) {
  const view = (s: ServiceStatus) => ({ state: s.state, reason: s.reason, until: s.until.getTime() });
  expect(view(actual)).toEqual(view(expected));
}

describe('serviceStatusAt properties', () => {
  it('until is always after the instant, and the status holds unchanged until then', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.double({ min: 0, max: 1, noNaN: true }), (cal, t, fraction) => {
        const status = serviceStatusAt(cal, new Date(t));
        const until = status.until.getTime();
        expect(until).toBeGreaterThan(t);
        const inside = t + Math.floor((until - 1 - t) * fraction);
        same(status, serviceStatusAt(cal, new Date(inside)));
        same(status, serviceStatusAt(cal, new Date(until - 1)));
      }),
      { numRuns: 400 },
    );
  });

  it('the state changes at until (windows are merged, so nothing "ends" into more of the same)', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (cal, t) => {
        const status = serviceStatusAt(cal, new Date(t));
        const next = serviceStatusAt(cal, status.until);
        expect(next.state).not.toBe(status.state);
      }),
      { numRuns: 400 },
    );
  });

  it('nextOpenAt, when given, is the first open instant', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (cal, t) => {
        const status = serviceStatusAt(cal, new Date(t));
        if (status.state === 'open') {
          expect(status.closesAt).toEqual(status.until);
          expect(status.nextOpenAt).toBeUndefined();
          return;
        }
        if (!status.nextOpenAt) return;
        const open = status.nextOpenAt.getTime();
        expect(open).toBeGreaterThanOrEqual(status.until.getTime());
        expect(serviceStatusAt(cal, status.nextOpenAt).state).toBe('open');
        expect(serviceStatusAt(cal, new Date(open - 1)).state).not.toBe('open');
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with a naive reading of DOMAIN.md over Intl Asia/Tokyo', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (cal, t) => {
        expect(serviceStatusAt(cal, new Date(t)).state).toBe(oracleState(cal, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('upcomingWindows tiles the non-open time exactly', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (cal, t) => {
        const windows = upcomingWindows(cal, new Date(t), 3);
        for (const w of windows) {
          expect(w.endsAt.getTime()).toBeGreaterThan(w.startsAt.getTime());
          expect(serviceStatusAt(cal, w.startsAt).state).toBe(w.state);
          expect(serviceStatusAt(cal, new Date(w.endsAt.getTime() - 1)).state).toBe(w.state);
        }
        for (let i = 1; i < windows.length; i++) expect(windows[i]!.startsAt.getTime()).toBeGreaterThanOrEqual(windows[i - 1]!.endsAt.getTime());
      }),
      { numRuns: 100 },
    );
  });
});

const intlTokyo = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tokyo',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

function oracleState(cal: KioskCalendar, t: number): ServiceStatus['state'] {
  const p = Object.fromEntries(intlTokyo.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const weekday = p.weekday!;
  const day = Number(p.day);
  const hour = Number(p.hour);
  const minute = hour * 60 + Number(p.minute);
  const maintenance =
    (weekday === 'Mon' && hour < 7) ||
    (p.month === '01' && day === 1) ||
    (weekday === 'Sun' && hour >= 23) ||
    (weekday === 'Sun' && day >= 15 && day <= 21 && hour < 6) ||
    (weekday === 'Sat' && day >= 14 && day <= 20 && hour >= 23) ||
    cal.announcements.some((a) => Date.parse(a.startsAt) <= t && t < Date.parse(a.endsAt));
  if (maintenance) return 'maintenance';
  if (cal.closedDates.includes(`${p.year}-${p.month}-${p.day}`)) return 'closed';
  const key = weekday.toLowerCase() as (typeof WEEKDAY_KEYS)[number];
  const h = cal.storeHours.weekdays[key] ?? cal.storeHours.default;
  if ('closed' in h) return 'closed';
  const toMinutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  return minute >= toMinutes(h.open) && minute < toMinutes(h.close) ? 'open' : 'closed';
}

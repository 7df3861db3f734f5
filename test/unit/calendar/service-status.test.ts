import { describe, expect, it } from 'vitest';
import {
  closingTimeOn,
  DEFAULT_KIOSK_CALENDAR,
  KioskCalendarSchema,
  serviceStatusAt,
  upcomingWindows,
  type KioskCalendarInput,
  type ServiceStatus,
} from '../../../src/shared/domain/calendar';

const jst = (local: string) => new Date(`${local}+09:00`);
const calendar = (input: KioskCalendarInput) => KioskCalendarSchema.parse(input);

type Expected = { state: ServiceStatus['state']; reason?: ServiceStatus['reason']; until: string; nextOpenAt?: string };

function expectStatus(status: ServiceStatus, expected: Expected) {
  expect({
    state: status.state,
    reason: status.reason,
    until: status.until.toISOString(),
    nextOpenAt: status.nextOpenAt?.toISOString(),
  }).toEqual({
    state: expected.state,
    reason: expected.reason,
    until: jst(expected.until).toISOString(),
    nextOpenAt: expected.nextOpenAt === undefined ? undefined : jst(expected.nextOpenAt).toISOString(),
  });
  if (status.state === 'open') expect(status.closesAt).toEqual(status.until);
  else expect(status.closesAt).toBeUndefined();
}

// June 2025: the 1st is a Sunday, so the third Sunday is the 15th and the
// Saturday before it the 14th. Default hours 09:00-22:00.
describe('default calendar, June 2025 (1st is a Sunday)', () => {
  it.each<[string, Expected]>([
    // A plain Wednesday, minute edges of store hours.
    ['2025-06-11T08:59:59.999', { state: 'closed', reason: 'storeHours', until: '2025-06-11T09:00', nextOpenAt: '2025-06-11T09:00' }],
    ['2025-06-11T09:00', { state: 'open', until: '2025-06-11T22:00' }],
    ['2025-06-11T21:59:59.999', { state: 'open', until: '2025-06-11T22:00' }],
    ['2025-06-11T22:00', { state: 'closed', reason: 'storeHours', until: '2025-06-12T09:00', nextOpenAt: '2025-06-12T09:00' }],
    // The first Saturday night: no third-Sunday window.
    ['2025-06-07T23:30', { state: 'closed', reason: 'storeHours', until: '2025-06-08T09:00', nextOpenAt: '2025-06-08T09:00' }],
    ['2025-06-08T03:00', { state: 'closed', reason: 'storeHours', until: '2025-06-08T09:00', nextOpenAt: '2025-06-08T09:00' }],
    // Saturday before the third Sunday: 23:00-24:00 joined to Sunday 0:00-6:00.
    ['2025-06-14T22:59:59.999', { state: 'closed', reason: 'storeHours', until: '2025-06-14T23:00', nextOpenAt: '2025-06-15T09:00' }],
    ['2025-06-14T23:00', { state: 'maintenance', reason: 'thirdSundayMaintenance', until: '2025-06-15T06:00', nextOpenAt: '2025-06-15T09:00' }],
    ['2025-06-15T00:00', { state: 'maintenance', reason: 'thirdSundayMaintenance', until: '2025-06-15T06:00', nextOpenAt: '2025-06-15T09:00' }],
    ['2025-06-15T05:59:59.999', { state: 'maintenance', reason: 'thirdSundayMaintenance', until: '2025-06-15T06:00', nextOpenAt: '2025-06-15T09:00' }],
    ['2025-06-15T06:00', { state: 'closed', reason: 'storeHours', until: '2025-06-15T09:00', nextOpenAt: '2025-06-15T09:00' }],
    // Sunday 23:00 to Monday 7:00 is one window (with Monday 0:00-7:00 inside it).
    ['2025-06-15T22:00', { state: 'closed', reason: 'storeHours', until: '2025-06-15T23:00', nextOpenAt: '2025-06-16T09:00' }],
    ['2025-06-15T23:00', { state: 'maintenance', reason: 'repaymentSystemMaintenance', until: '2025-06-16T07:00', nextOpenAt: '2025-06-16T09:00' }],
    ['2025-06-16T00:00', { state: 'maintenance', reason: 'repaymentSystemMaintenance', until: '2025-06-16T07:00', nextOpenAt: '2025-06-16T09:00' }],
    ['2025-06-16T06:59:59.999', { state: 'maintenance', reason: 'repaymentSystemMaintenance', until: '2025-06-16T07:00', nextOpenAt: '2025-06-16T09:00' }],
    ['2025-06-16T07:00', { state: 'closed', reason: 'storeHours', until: '2025-06-16T09:00', nextOpenAt: '2025-06-16T09:00' }],
    // Fourth Saturday night: nothing.
    ['2025-06-21T23:30', { state: 'closed', reason: 'storeHours', until: '2025-06-22T09:00', nextOpenAt: '2025-06-22T09:00' }],
  ])('at %s', (local, expected) => {
    expectStatus(serviceStatusAt(DEFAULT_KIOSK_CALENDAR, jst(local)), expected);
  });
});

describe('third Sunday detection', () => {
  it.each([
    // [Saturday, third Sunday]
    ['2025-09-20', '2025-09-21'], // 1st is a Monday: the latest possible third Sunday
    ['2026-02-14', '2026-02-15'], // 1st is a Sunday
    ['2025-03-15', '2025-03-16'], // 1st is a Saturday
    ['2024-12-14', '2024-12-15'], // 1st is a Sunday, the month before a New Year
  ])('Saturday %s 23:00 starts the window of third Sunday %s', (saturday, sunday) => {
    expectStatus(serviceStatusAt(DEFAULT_KIOSK_CALENDAR, jst(`${saturday}T23:00`)), {
      state: 'maintenance',
      reason: 'thirdSundayMaintenance',
      until: `${sunday}T06:00`,
      nextOpenAt: `${sunday}T09:00`,
    });
  });

  it.each(['2025-09-14T03:00', '2025-09-28T03:00', '2026-02-08T03:00', '2026-02-22T03:00', '2025-03-09T03:00', '2025-03-23T03:00'])(
    'other Sundays have no early-morning window (%s)',
    (local) => {
      expect(serviceStatusAt(DEFAULT_KIOSK_CALENDAR, jst(local)).reason).toBe('storeHours');
    },
  );
});

describe('New Year', () => {
  it('joins Sunday 23:00 to a Monday 1 January and lasts until 2 January 00:00 (2024)', () => {
    const expected: Expected = { state: 'maintenance', reason: 'newYear', until: '2024-01-02T00:00', nextOpenAt: '2024-01-02T09:00' };
    expectStatus(serviceStatusAt(DEFAULT_KIOSK_CALENDAR, jst('2023-12-31T23:00')), expected);
    expectStatus(serviceStatusAt(DEFAULT_KIOSK_CALENDAR, jst('2024-01-01T07:00')), expected);
    expectStatus(serviceStatusAt(DEFAULT_KIOSK_CALENDAR, jst('2024-01-01T23:59:59.999')), expected);
    expectStatus(serviceStatusAt(DEFAULT_KIOSK_CALENDAR, jst('2023-12-31T22:59')), {
      state: 'closed',
      reason: 'storeHours',
      until: '2023-12-31T23:00',
      nextOpenAt: '2024-01-02T09:00',
    });
  });

  it('runs on into Monday 7:00 when 1 January is a Sunday (2023)', () => {
    expectStatus(serviceStatusAt(DEFAULT_KIOSK_CALENDAR, jst('2023-01-01T00:00')), {
      state: 'maintenance',
      reason: 'newYear',
      until: '2023-01-02T07:00',
      nextOpenAt: '2023-01-02T09:00',
    });
    expectStatus(serviceStatusAt(DEFAULT_KIOSK_CALENDAR, jst('2022-12-31T23:59:59.999')), {
      state: 'closed',
      reason: 'storeHours',
      until: '2023-01-01T00:00',
      nextOpenAt: '2023-01-02T09:00',
    });
  });

  it('is a window of its own on a Wednesday (2025)', () => {
    expectStatus(serviceStatusAt(DEFAULT_KIOSK_CALENDAR, jst('2025-01-01T12:00')), {
      state: 'maintenance',
      reason: 'newYear',
      until: '2025-01-02T00:00',
      nextOpenAt: '2025-01-02T09:00',
    });
  });
});

describe('store hours', () => {
  it('follows a weekday override and a closed weekday', () => {
    const cal = calendar({ storeHours: { weekdays: { wed: { open: '10:00', close: '20:00' }, thu: { closed: true } } } });
    expectStatus(serviceStatusAt(cal, jst('2025-06-11T09:30')), { state: 'closed', reason: 'storeHours', until: '2025-06-11T10:00', nextOpenAt: '2025-06-11T10:00' });
    expectStatus(serviceStatusAt(cal, jst('2025-06-11T19:59')), { state: 'open', until: '2025-06-11T20:00' });
    expectStatus(serviceStatusAt(cal, jst('2025-06-11T20:00')), { state: 'closed', reason: 'storeHours', until: '2025-06-13T09:00', nextOpenAt: '2025-06-13T09:00' });
  });

  it('follows a closed date', () => {
    const cal = calendar({ closedDates: ['2025-06-12'] });
    expectStatus(serviceStatusAt(cal, jst('2025-06-12T12:00')), { state: 'closed', reason: 'storeHours', until: '2025-06-13T09:00', nextOpenAt: '2025-06-13T09:00' });
  });

  it('lets maintenance cut short a store open until midnight on Sunday', () => {
    const cal = calendar({ storeHours: { weekdays: { sun: { open: '09:00', close: '24:00' } } } });
    expectStatus(serviceStatusAt(cal, jst('2025-06-22T22:30')), { state: 'open', until: '2025-06-22T23:00' });
  });

  it('treats a 24-hour store as one service period up to the next maintenance', () => {
    const cal = calendar({ storeHours: { default: { open: '00:00', close: '24:00' } } });
    // Wednesday 11th: open until the Saturday 14th 23:00 (the third-Sunday window).
    expectStatus(serviceStatusAt(cal, jst('2025-06-11T23:30')), { state: 'open', until: '2025-06-14T23:00' });
    expectStatus(serviceStatusAt(cal, jst('2025-06-16T06:00')), {
      state: 'maintenance',
      reason: 'repaymentSystemMaintenance',
      until: '2025-06-16T07:00',
      nextOpenAt: '2025-06-16T07:00',
    });
  });

  it('gives no nextOpenAt for a store closed on every weekday, but still a finite until', () => {
    const closed = { closed: true } as const;
    const cal = calendar({ storeHours: { weekdays: { sun: closed, mon: closed, tue: closed, wed: closed, thu: closed, fri: closed, sat: closed } } });
    const status = serviceStatusAt(cal, jst('2025-06-11T12:00'));
    expect(status.state).toBe('closed');
    expect(status.nextOpenAt).toBeUndefined();
    expect(status.until).toEqual(jst('2025-06-14T23:00'));
  });
});

describe('announcements', () => {
  const announcement = {
    id: 'srv-42',
    startsAt: '2025-06-11T04:00:00Z', // 13:00 JST
    endsAt: '2025-06-11T14:00:00+09:00',
    messageJa: 'サーバーメンテナンス中です',
    messageEn: 'Server maintenance',
  };

  it('puts the machine into maintenance with the announcement attached', () => {
    const cal = calendar({ announcements: [announcement] });
    const status = serviceStatusAt(cal, jst('2025-06-11T13:30'));
    expectStatus(status, { state: 'maintenance', reason: 'announcement', until: '2025-06-11T14:00', nextOpenAt: '2025-06-11T14:00' });
    expect(status.announcements).toEqual([announcement]);
    expectStatus(serviceStatusAt(cal, jst('2025-06-11T12:00')), { state: 'open', until: '2025-06-11T13:00' });
    expectStatus(serviceStatusAt(cal, jst('2025-06-11T14:00')), { state: 'open', until: '2025-06-11T22:00' });
  });

  it('merges with an adjoining scheduled window and reports the merged end', () => {
    const cal = calendar({
      announcements: [{ ...announcement, startsAt: '2025-06-22T20:00:00+09:00', endsAt: '2025-06-22T23:00:00+09:00' }],
    });
    const status = serviceStatusAt(cal, jst('2025-06-22T20:30'));
    expectStatus(status, { state: 'maintenance', reason: 'announcement', until: '2025-06-23T07:00', nextOpenAt: '2025-06-23T09:00' });
  });

  it('merges overlapping announcements and lists both', () => {
    const second = { ...announcement, id: 'srv-43', startsAt: '2025-06-11T13:30:00+09:00', endsAt: '2025-06-11T15:00:00+09:00' };
    const status = serviceStatusAt(calendar({ announcements: [second, announcement] }), jst('2025-06-11T13:10'));
    expect(status.until).toEqual(jst('2025-06-11T15:00'));
    expect(status.announcements?.map((a) => a.id)).toEqual(['srv-42', 'srv-43']);
  });

  it('follows a long announcement across many scheduled windows to its end', () => {
    const cal = calendar({ announcements: [{ ...announcement, startsAt: '2025-05-01T00:00:00+09:00', endsAt: '2025-07-10T12:00:00+09:00' }] });
    const status = serviceStatusAt(cal, jst('2025-06-11T12:00'));
    expectStatus(status, { state: 'maintenance', reason: 'announcement', until: '2025-07-10T12:00', nextOpenAt: '2025-07-10T12:00' });
  });

  it('yields to New Year as the reason when they overlap', () => {
    const cal = calendar({ announcements: [{ ...announcement, startsAt: '2024-12-31T20:00:00+09:00', endsAt: '2025-01-01T03:00:00+09:00' }] });
    expectStatus(serviceStatusAt(cal, jst('2024-12-31T21:00')), { state: 'maintenance', reason: 'newYear', until: '2025-01-02T00:00', nextOpenAt: '2025-01-02T09:00' });
  });
});

describe('closingTimeOn', () => {
  it('is the store closing time on an ordinary day, before, during and after opening', () => {
    for (const local of ['2025-06-11T08:00', '2025-06-11T12:00', '2025-06-11T23:00']) {
      expect(closingTimeOn(DEFAULT_KIOSK_CALENDAR, jst(local))).toEqual(jst('2025-06-11T22:00'));
    }
  });

  it('is null on a day the store does not open', () => {
    expect(closingTimeOn(calendar({ closedDates: ['2025-06-11'] }), jst('2025-06-11T12:00'))).toBeNull();
    expect(closingTimeOn(calendar({ storeHours: { weekdays: { wed: { closed: true } } } }), jst('2025-06-11T12:00'))).toBeNull();
  });

  it('is brought forward by a maintenance window that starts before closing', () => {
    const cal = calendar({ storeHours: { weekdays: { sun: { open: '09:00', close: '24:00' } } } });
    expect(closingTimeOn(cal, jst('2025-06-22T12:00'))).toEqual(jst('2025-06-22T23:00'));
    const announced = calendar({
      announcements: [{ id: 'a', startsAt: '2025-06-11T20:30:00+09:00', endsAt: '2025-06-11T23:00:00+09:00', messageJa: 'メンテ', messageEn: 'Maintenance' }],
    });
    expect(closingTimeOn(announced, jst('2025-06-11T12:00'))).toEqual(jst('2025-06-11T20:30'));
  });

  it('uses the Tokyo date, not the host date: 08:30 JST is still the previous day in UTC', () => {
    const cal = calendar({ storeHours: { weekdays: { tue: { closed: true } } } });
    // 2025-06-11 (Wed) 08:30 JST = 2025-06-10 (Tue) 23:30 UTC.
    expect(closingTimeOn(cal, jst('2025-06-11T08:30'))).toEqual(jst('2025-06-11T22:00'));
  });
});

describe('upcomingWindows', () => {
  it('lists every stretch the machine is not open, clipped to the start', () => {
    const windows = upcomingWindows(DEFAULT_KIOSK_CALENDAR, jst('2025-06-14T21:00'), 2).map((w) => ({
      state: w.state,
      reason: w.reason,
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt.toISOString(),
    }));
    const w = (state: string, reason: string, from: string, to: string) => ({ state, reason, startsAt: jst(from).toISOString(), endsAt: jst(to).toISOString() });
    expect(windows).toEqual([
      w('closed', 'storeHours', '2025-06-14T22:00', '2025-06-14T23:00'),
      w('maintenance', 'thirdSundayMaintenance', '2025-06-14T23:00', '2025-06-15T06:00'),
      w('closed', 'storeHours', '2025-06-15T06:00', '2025-06-15T09:00'),
      w('closed', 'storeHours', '2025-06-15T22:00', '2025-06-15T23:00'),
      w('maintenance', 'repaymentSystemMaintenance', '2025-06-15T23:00', '2025-06-16T07:00'),
      w('closed', 'storeHours', '2025-06-16T07:00', '2025-06-16T09:00'),
    ]);
  });

  it('starts with the stretch in progress', () => {
    const [first] = upcomingWindows(DEFAULT_KIOSK_CALENDAR, jst('2025-06-16T03:00'), 1);
    expect(first).toMatchObject({ state: 'maintenance', reason: 'repaymentSystemMaintenance', startsAt: jst('2025-06-16T03:00'), endsAt: jst('2025-06-16T07:00') });
  });

  it.each([0, -1, 1.5, 401, Number.NaN])('refuses %s days', (days) => {
    expect(() => upcomingWindows(DEFAULT_KIOSK_CALENDAR, jst('2025-06-16T03:00'), days)).toThrow(RangeError);
  });
});

describe('bad instants', () => {
  it('refuses an invalid Date with a clear error', () => {
    expect(() => serviceStatusAt(DEFAULT_KIOSK_CALENDAR, new Date('garbage'))).toThrow(/at must be a valid Date/);
    expect(() => closingTimeOn(DEFAULT_KIOSK_CALENDAR, new Date(Number.NaN))).toThrow(RangeError);
  });
});

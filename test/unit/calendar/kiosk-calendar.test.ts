import { describe, expect, it } from 'vitest';
import { DEFAULT_KIOSK_CALENDAR, KioskCalendarSchema } from '../../../src/shared/domain/calendar';

const announcement = { id: 'a1', startsAt: '2025-06-11T13:00:00+09:00', endsAt: '2025-06-11T14:00:00+09:00', messageJa: 'メンテナンス', messageEn: 'Maintenance' };

describe('KioskCalendarSchema', () => {
  it('defaults to 09:00-22:00 every day in Asia/Tokyo (DOMAIN.md)', () => {
    expect(DEFAULT_KIOSK_CALENDAR).toEqual({
      timeZone: 'Asia/Tokyo',
      storeHours: { default: { open: '09:00', close: '22:00' }, weekdays: {} },
      closedDates: [],
      announcements: [],
    });
  });

  it('accepts overrides, closed days, 24:00 and announcements in Z or +09:00', () => {
    const parsed = KioskCalendarSchema.parse({
      storeHours: { default: { open: '00:00', close: '24:00' }, weekdays: { sat: { open: '10:00', close: '18:30' }, sun: { closed: true } } },
      closedDates: ['2025-12-31'],
      announcements: [announcement, { ...announcement, id: 'a2', startsAt: '2025-06-11T04:00:00Z', endsAt: '2025-06-11T05:00:00.000Z' }],
    });
    expect(parsed.storeHours.weekdays.sun).toEqual({ closed: true });
  });

  it.each([
    ['another time zone', { timeZone: 'UTC' }],
    ['an hour without a leading zero', { storeHours: { default: { open: '9:00', close: '22:00' } } }],
    ['closing before opening', { storeHours: { default: { open: '22:00', close: '09:00' } } }],
    ['closing at opening', { storeHours: { default: { open: '09:00', close: '09:00' } } }],
    ['24:01', { storeHours: { default: { open: '09:00', close: '24:01' } } }],
    ['opening at 24:00', { storeHours: { default: { open: '24:00', close: '24:00' } } }],
    ['a misspelt weekday', { storeHours: { weekdays: { monday: { closed: true } } } }],
    ['closed: false', { storeHours: { weekdays: { mon: { closed: false } } } }],
    ['an impossible date', { closedDates: ['2025-02-30'] }],
    ['an announcement ending before it starts', { announcements: [{ ...announcement, endsAt: '2025-06-11T12:00:00+09:00' }] }],
    ['an announcement in local time without an offset', { announcements: [{ ...announcement, startsAt: '2025-06-11T13:00:00' }] }],
    ['an announcement longer than 366 days', { announcements: [{ ...announcement, endsAt: '2026-06-13T14:00:00+09:00' }] }],
    ['an announcement without an English message', { announcements: [{ ...announcement, messageEn: '' }] }],
  ])('rejects %s', (_label, input) => {
    expect(KioskCalendarSchema.safeParse(input).success).toBe(false);
  });
});

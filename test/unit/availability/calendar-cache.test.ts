/** HQ's calendar kept on disk for offline use (service/calendar-cache.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CalendarCache } from '../../../src/main/availability/calendar-cache';
import { DEFAULT_KIOSK_CALENDAR, KioskCalendarSchema } from '../../../src/shared/domain/calendar';
import { tempDir } from '../journal/journal-fixture';

const temps: { remove(): void }[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.remove();
});
function file(): string {
  const t = tempDir();
  temps.push(t);
  return join(t.dir, 'calendar.json');
}

const late = KioskCalendarSchema.parse({ storeHours: { default: { open: '08:00', close: '23:00' }, weekdays: {} } });

describe('CalendarCache', () => {
  it('starts from the built-in calendar, and a later start reads HQ\'s last calendar back', () => {
    const path = file();
    const first = new CalendarCache(path);
    expect(first.calendar).toEqual(DEFAULT_KIOSK_CALENDAR);
    expect(first.update(late)).toBe(true);
    expect(new CalendarCache(path).hoursOn(new Date('2026-11-24T03:00:00Z'))).toEqual({ open: '08:00', close: '23:00' });
  });

  it('refuses a calendar from HQ that does not match the contract and keeps the one it had', () => {
    const path = file();
    const cache = new CalendarCache(path);
    cache.update(late);
    expect(cache.update({ storeHours: { default: { open: '25:00', close: '23:00' } } })).toBe(false);
    expect(new CalendarCache(path).calendar).toEqual(late);
  });

  it('ignores a damaged file and uses the built-in calendar', () => {
    const path = file();
    writeFileSync(path, '{"storeHours":');
    expect(new CalendarCache(path).calendar).toEqual(DEFAULT_KIOSK_CALENDAR);
  });

  it('follows HQ\'s calendar even when the disk refuses the offline copy', () => {
    const path = file();
    mkdirSync(`${path}.tmp`);
    const cache = new CalendarCache(path);
    expect(cache.update(late)).toBe(true);
    expect(cache.hoursOn(new Date('2026-11-24T03:00:00Z'))).toEqual({ open: '08:00', close: '23:00' });
  });

  it('applies the config\'s store-hours override over HQ\'s', () => {
    const cache = new CalendarCache(file(), { open: '10:00', close: '20:00' });
    cache.update(late);
    expect(cache.hoursOn(new Date('2026-11-24T03:00:00Z'))).toEqual({ open: '10:00', close: '20:00' });
  });

  it('gives HQ\'s words for an announced maintenance in force, the latest-starting when several overlap, and none otherwise', () => {
    const cache = new CalendarCache(file());
    cache.update(KioskCalendarSchema.parse({
      announcements: [
        { id: 'a1', startsAt: '2026-11-24T01:00:00Z', endsAt: '2026-11-24T05:00:00Z', messageJa: '回線工事のため停止しています。', messageEn: 'Stopped for line work.' },
        { id: 'a2', startsAt: '2026-11-24T02:00:00Z', endsAt: '2026-11-24T03:00:00Z', messageJa: '延長しています。', messageEn: 'Extended.' },
      ],
    }));
    expect(cache.noticeAt(new Date('2026-11-24T01:30:00Z'))).toEqual({ ja: '回線工事のため停止しています。', en: 'Stopped for line work.' });
    expect(cache.noticeAt(new Date('2026-11-24T02:30:00Z'))).toEqual({ ja: '延長しています。', en: 'Extended.' });
    // Open again; and a scheduled maintenance (Monday 03:00 Tokyo) has no HQ message.
    expect(cache.noticeAt(new Date('2026-11-24T06:00:00Z'))).toBeNull();
    expect(cache.statusAt(new Date('2026-11-22T18:00:00Z')).state).toBe('maintenance');
    expect(cache.noticeAt(new Date('2026-11-22T18:00:00Z'))).toBeNull();
  });
});

/** The calendar and HQ's reachability, refreshed on the kiosk's clock (availability-loop.ts). */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAvailabilityLoop } from '../../../src/main/availability/availability-loop';
import { CalendarCache } from '../../../src/main/availability/calendar-cache';
import { ServiceMonitor } from '../../../src/main/availability/service-monitor';
import type { HqResult } from '../../../src/main/hq-client/hq-client';
import { captureLogger } from '../../support/capture-logger';
import { ManualClock } from '../../support/manual-clock';
import { tempDir } from '../journal/journal-fixture';

const PERIOD_MS = 30_000;
// 22:30 in Tokyo: closed on the built-in calendar (09:00-22:00), open on HQ's (08:00-23:00).
const AT = Date.parse('2026-11-24T13:30:00Z');
const HQ_CALENDAR = { storeHours: { default: { open: '08:00', close: '23:00' }, weekdays: {} } };
const UNREACHABLE = { ok: false, error: { kind: 'unreachable', detail: 'ECONNREFUSED' } } as const;
const NOTICE = { ja: '回線工事のため停止しています。', en: 'Stopped for line work.' };

const cleanups: (() => void)[] = [];
afterEach(() => { for (const c of cleanups.splice(0).reverse()) c(); });

/** Lets a refresh started by a timer run to its end (no time passes). */
const settle = async () => { for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve)); };

async function rig(answers: Array<HqResult<{ calendar: unknown }> | Error>) {
  const temp = tempDir();
  const calendar = new CalendarCache(join(temp.dir, 'calendar.json'));
  const monitor = new ServiceMonitor();
  const clock = new ManualClock(AT);
  const log = captureLogger();
  let calls = 0;
  let reports = 0;
  const hq = {
    getCalendar: async () => {
      calls++;
      const next = answers.shift() ?? UNREACHABLE;
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const loop = await startAvailabilityLoop({
    hq, calendar, monitor, reporter: { reportIfChanged: async () => { reports++; } }, clock, everyMs: PERIOD_MS, logger: log.logger,
  });
  cleanups.push(() => { loop.stop(); temp.remove(); });
  return { loop, monitor, clock, log, calls: () => calls, reports: () => reports };
}

describe('the availability loop', () => {
  it('has refreshed once when it returns: HQ away, and the cached calendar decides the hours', async () => {
    const { monitor, calls, reports } = await rig([UNREACHABLE]);
    expect(calls()).toBe(1);
    expect(monitor.conditions).toEqual(['closedHours', 'hqUnreachable']);
    expect(monitor.availability).toMatchObject({ reason: 'closedHours', resumesAt: '2026-11-25T00:00:00.000Z' });
    expect(reports()).toBe(1);
  });

  it('refreshes once per period: HQ back clears hqUnreachable and its calendar replaces the cached one', async () => {
    const { monitor, clock, calls } = await rig([UNREACHABLE, { ok: true, value: { calendar: HQ_CALENDAR } }]);
    clock.advance(PERIOD_MS - 1);
    await settle();
    expect(calls()).toBe(1);
    clock.advance(1);
    await settle();
    expect(calls()).toBe(2);
    expect(monitor.conditions).toEqual([]);
    expect(monitor.availability.available).toBe(true);
  });

  it('reads the calendar at the clock\'s time and passes HQ\'s maintenance notice on', async () => {
    const announcement = { id: 'a1', startsAt: '2026-11-24T13:00:00Z', endsAt: '2026-11-24T14:00:00Z', messageJa: NOTICE.ja, messageEn: NOTICE.en };
    const { monitor } = await rig([{ ok: true, value: { calendar: { ...HQ_CALENDAR, announcements: [announcement] } } }]);
    expect(monitor.availability).toEqual({ available: false, reason: 'maintenance', resumesAt: '2026-11-24T14:00:00.000Z', notice: NOTICE });
  });

  it('logs a refresh that throws and refreshes again the next period', async () => {
    const { monitor, clock, log, calls } = await rig([UNREACHABLE, new Error('calendar store broke'), { ok: true, value: { calendar: HQ_CALENDAR } }]);
    clock.advance(PERIOD_MS);
    await settle();
    expect(log.lines().some((l) => l.msg === 'calendar refresh failed' && l.error === 'calendar store broke')).toBe(true);
    expect(monitor.conditions).toContain('hqUnreachable');
    clock.advance(PERIOD_MS);
    await settle();
    expect(calls()).toBe(3);
    expect(monitor.conditions).toEqual([]);
  });

  it('refreshes on demand, and not at all once stopped', async () => {
    const { loop, clock, calls } = await rig([]);
    await loop.refresh();
    expect(calls()).toBe(2);
    loop.stop();
    expect(clock.pendingCount).toBe(0);
    clock.advance(10 * PERIOD_MS);
    await settle();
    expect(calls()).toBe(2);
  });
});

/**
 * The calendar and HQ's reachability, refreshed on the kiosk's clock
 * (availability-loop.ts) with one status-and-calendar exchange per
 * interval (status-reporter.ts, issue 19), wired as compose-kiosk.ts does.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAvailabilityLoop } from '../../../src/main/availability/availability-loop';
import { CalendarCache } from '../../../src/main/availability/calendar-cache';
import { ServiceMonitor } from '../../../src/main/availability/service-monitor';
import { StatusReporter } from '../../../src/main/availability/status-reporter';
import type { KioskStatusAck, KioskStatusReport } from '../../../src/shared/hq-api/kiosk-status';
import { captureLogger } from '../../support/capture-logger';
import { ManualClock } from '../../support/manual-clock';
import { tempDir } from '../journal/journal-fixture';

const PERIOD_MS = 30_000;
// 22:30 in Tokyo: closed on the built-in calendar (09:00-22:00), open on HQ's (08:00-23:00).
const AT = Date.parse('2026-11-24T13:30:00Z');
const HQ_CALENDAR = { storeHours: { default: { open: '08:00', close: '23:00' }, weekdays: {} } };
const UNREACHABLE = { ok: false } as const;
/** HQ's one answer for an unknown, disabled or revoked kiosk (src/hq/auth/kiosk-auth.ts). */
const REFUSED = { ok: false as const, error: { kind: 'http' as const, status: 401, code: 'authenticationFailed' as const, message: 'not an enrolled, enabled kiosk' } };
const VERSION_A = 'a'.repeat(64);
const VERSION_B = 'b'.repeat(64);
/** HQ's ack: with a calendar (and its version), or without (the kiosk's is current). */
const ack = (calendar?: unknown, version = VERSION_A) => ({
  ok: true as const,
  value: { accepted: true as const, serverTime: new Date(AT).toISOString(), ...(calendar ? { calendar: { version, calendar } } : {}) } as KioskStatusAck,
});
const NOTICE = { ja: '回線工事のため停止しています。', en: 'Stopped for line work.' };

const cleanups: (() => void)[] = [];
afterEach(() => { for (const c of cleanups.splice(0).reverse()) c(); });

/** Lets a refresh started by a timer run to its end (no time passes). */
const settle = async () => { for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve)); };

async function rig(answers: Array<ReturnType<typeof ack> | typeof UNREACHABLE | typeof REFUSED | Error>) {
  const temp = tempDir();
  const calendar = new CalendarCache(join(temp.dir, 'calendar.json'));
  const monitor = new ServiceMonitor();
  const clock = new ManualClock(AT);
  const log = captureLogger();
  const sent: KioskStatusReport[] = [];
  const reporter = new StatusReporter({
    current: () => ({ softwareVersion: '0.1.0', outOfService: false, devices: {}, calendarVersion: calendar.version }),
    send: async (report) => {
      sent.push(report);
      const next = answers.shift() ?? UNREACHABLE;
      if (next instanceof Error) throw next;
      return next;
    },
    onAck: (a) => { if (a.calendar) calendar.update(a.calendar.calendar, a.calendar.version); },
    now: () => clock.now(),
  });
  const loop = await startAvailabilityLoop({ reporter, calendar, monitor, clock, everyMs: PERIOD_MS, logger: log.logger });
  cleanups.push(() => { loop.stop(); temp.remove(); });
  return { loop, monitor, clock, log, calendar, sent, calls: () => sent.length };
}

describe('the availability loop', () => {
  it('has refreshed once when it returns: HQ away, and the cached calendar decides the hours', async () => {
    const { monitor, calls } = await rig([UNREACHABLE]);
    expect(calls()).toBe(1);
    expect(monitor.conditions).toEqual(['closedHours', 'hqUnreachable']);
    expect(monitor.availability).toMatchObject({ reason: 'closedHours', resumesAt: '2026-11-25T00:00:00.000Z' });
  });

  it('refreshes once per period: HQ back clears hqUnreachable and its calendar replaces the cached one', async () => {
    const { monitor, clock, calls } = await rig([UNREACHABLE, ack(HQ_CALENDAR)]);
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
    const { monitor } = await rig([ack({ ...HQ_CALENDAR, announcements: [announcement] })]);
    expect(monitor.availability).toEqual({ available: false, reason: 'maintenance', resumesAt: '2026-11-24T14:00:00.000Z', notice: NOTICE });
  });

  it('counts a report that throws as HQ away and refreshes again the next period', async () => {
    const { monitor, clock, calls } = await rig([UNREACHABLE, new Error('socket broke'), ack(HQ_CALENDAR)]);
    clock.advance(PERIOD_MS);
    await settle();
    expect(monitor.conditions).toContain('hqUnreachable');
    clock.advance(PERIOD_MS);
    await settle();
    expect(calls()).toBe(3);
    expect(monitor.conditions).toEqual([]);
  });

  it('goes out of service as not enrolled while HQ refuses the kiosk, over closed hours, and returns by itself once HQ takes it', async () => {
    const { monitor, clock, calls } = await rig([REFUSED, REFUSED, UNREACHABLE, REFUSED, ack(HQ_CALENDAR)]);
    // The built-in calendar says closed at 22:30: still the enrolment screen, which is what the technician installing it needs.
    expect(monitor.conditions).toEqual(['notEnrolled', 'closedHours']);
    expect(monitor.availability).toMatchObject({ available: false, reason: 'notEnrolled' });
    clock.advance(PERIOD_MS);
    await settle();
    expect(monitor.availability.reason).toBe('notEnrolled');
    // No answer says nothing of enrolment: HQ is unreachable, until it answers again.
    clock.advance(PERIOD_MS);
    await settle();
    expect(monitor.conditions).toEqual(['closedHours', 'hqUnreachable']);
    clock.advance(PERIOD_MS);
    await settle();
    expect(monitor.conditions).toEqual(['notEnrolled', 'closedHours']);
    // Enrolled (or enabled) at HQ: the next exchange is taken, and HQ's calendar has the store open.
    clock.advance(PERIOD_MS);
    await settle();
    expect(calls()).toBe(5);
    expect(monitor.conditions).toEqual([]);
    expect(monitor.availability.available).toBe(true);
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

  it('is one request per interval, naming the calendar version held; an ack without a calendar keeps the one held', async () => {
    const { clock, calendar, sent } = await rig([ack(HQ_CALENDAR), ack(), ack({ ...HQ_CALENDAR, closedDates: ['2026-11-24'] }, VERSION_B)]);
    expect(sent.map((r) => r.calendarVersion)).toEqual([null]);
    clock.advance(PERIOD_MS);
    await settle();
    expect(sent.map((r) => r.calendarVersion)).toEqual([null, VERSION_A]);
    expect(calendar.version).toBe(VERSION_A);
    expect(calendar.hoursOn(new Date(AT))).toEqual({ open: '08:00', close: '23:00' });
    clock.advance(PERIOD_MS);
    await settle();
    expect(sent.map((r) => r.calendarVersion)).toEqual([null, VERSION_A, VERSION_A]);
    expect(calendar.version).toBe(VERSION_B);
    expect(calendar.hoursOn(new Date(AT))).toBeNull();
  });

  it('keeps its calendar and version when HQ sends one that does not parse', async () => {
    const { clock, calendar, monitor } = await rig([ack(HQ_CALENDAR), ack({ storeHours: 'always' }, VERSION_B)]);
    clock.advance(PERIOD_MS);
    await settle();
    expect(calendar.version).toBe(VERSION_A);
    expect(monitor.conditions).toEqual([]);
  });
});

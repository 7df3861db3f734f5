/**
 * What the machine may do at a given instant: open, closed (outside store
 * hours) or in maintenance, and until when.
 *
 * Precedence (DOMAIN.md, "Hours and maintenance"): maintenance stops log-in
 * and services whatever the store hours say, so maintenance outranks store
 * hours. Outside maintenance the machine is open within its store hours and
 * closed otherwise.
 *
 * Every function takes the instant as an argument (no clock inside) and
 * works in Asia/Tokyo through tokyo-time.ts, independent of the host zone.
 */
import { z } from 'zod';
import { AnnouncementSchema, WEEKDAY_KEYS, type KioskCalendar, type WeekdayHours } from './kiosk-calendar';
import { maintenanceWindowsBetween, type MaintenanceWindow } from './maintenance-windows';
import { DAY_MS, parseClockTime, tokyoDate, tokyoDateString, tokyoDayOf, tokyoInstant, type TokyoDay } from './tokyo-time';

export const ServiceStateSchema = z.enum(['open', 'closed', 'maintenance']);
export type ServiceState = z.infer<typeof ServiceStateSchema>;

export const ServiceReasonSchema = z.enum([
  'storeHours',
  'weeklyMaintenance',
  'repaymentSystemMaintenance',
  'thirdSundayMaintenance',
  'newYear',
  'announcement',
]);
export type ServiceReason = z.infer<typeof ServiceReasonSchema>;

export const ServiceStatusSchema = z.object({
  state: ServiceStateSchema,
  /** Why the machine is not open; absent when open. */
  reason: ServiceReasonSchema.optional(),
  /** When this status (state and reason) ends; always after the instant asked about. */
  until: z.date(),
  /** When open: when the current service period ends (store closing or the next maintenance, whichever is first). Equals `until`. */
  closesAt: z.date().optional(),
  /** When not open: the first instant the machine is open again; absent if it does not reopen within NEXT_OPEN_HORIZON_DAYS. */
  nextOpenAt: z.date().optional(),
  /** When reason is `announcement`: the announcements that make up the window, earliest first. */
  announcements: z.array(AnnouncementSchema).optional(),
});
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

/** A stretch in which the machine is not open, for the kiosk's offline display. */
export const ServiceWindowSchema = z.object({
  state: z.enum(['closed', 'maintenance']),
  reason: ServiceReasonSchema,
  /** Clipped to the `from` of upcomingWindows when the stretch began earlier. */
  startsAt: z.date(),
  endsAt: z.date(),
  announcements: z.array(AnnouncementSchema).optional(),
});
export type ServiceWindow = z.infer<typeof ServiceWindowSchema>;

/** How far ahead nextOpenAt looks before giving up (a store closed on every weekday never reopens). */
export const NEXT_OPEN_HORIZON_DAYS = 400;
/** upcomingWindows looks at most this far ahead. */
export const MAX_UPCOMING_DAYS = 400;

/**
 * The weekly schedule guarantees a maintenance window at least once every
 * 8 days (Sunday 23:00), so every status changes within this horizon; the
 * rest is margin.
 */
const STATUS_HORIZON_MS = 16 * DAY_MS;

interface Period {
  startMs: number;
  endMs: number;
}

/** The store's opening span on one Tokyo day, in minutes after 00:00, or null when closed all day. */
export function storeHoursOn(calendar: KioskCalendar, day: TokyoDay): { openMinutes: number; closeMinutes: number } | null {
  if (calendar.closedDates.includes(tokyoDateString(day))) return null;
  const key = WEEKDAY_KEYS[tokyoDate(day).weekday];
  const override: WeekdayHours | undefined = key === undefined ? undefined : calendar.storeHours.weekdays[key];
  const hours = override ?? calendar.storeHours.default;
  if ('closed' in hours) return null;
  return { openMinutes: parseClockTime(hours.open), closeMinutes: parseClockTime(hours.close) };
}

/** Store-hour spans over whole Tokyo days covering [fromMs, toMs], adjacent spans joined (a 24-hour store is one period). */
function openPeriodsBetween(calendar: KioskCalendar, fromMs: number, toMs: number): Period[] {
  const periods: Period[] = [];
  for (let day = tokyoDayOf(fromMs) - 1; day <= tokyoDayOf(toMs) + 1; day++) {
    const hours = storeHoursOn(calendar, day);
    if (!hours) continue;
    const span = { startMs: tokyoInstant(day, hours.openMinutes), endMs: tokyoInstant(day, hours.closeMinutes) };
    const last = periods[periods.length - 1];
    if (last && span.startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else periods.push(span);
  }
  return periods;
}

function instantMs(at: Date, name: string): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

/** The machine's status at `at`. */
export function serviceStatusAt(calendar: KioskCalendar, at: Date): ServiceStatus {
  const t = instantMs(at, 'at');
  const horizonMs = t + STATUS_HORIZON_MS;
  const maintenance = maintenanceWindowsBetween(calendar, t, horizonMs);
  const current = maintenance.find((w) => w.startMs <= t && t < w.endMs);
  if (current) {
    const status: ServiceStatus = { state: 'maintenance', reason: current.reason, until: new Date(current.endMs) };
    if (current.reason === 'announcement') status.announcements = current.announcements;
    const nextOpen = nextOpenAfter(calendar, current.endMs);
    if (nextOpen !== undefined) status.nextOpenAt = new Date(nextOpen);
    return status;
  }

  const nextMaintenanceStart = maintenance.find((w) => w.startMs > t)?.startMs ?? horizonMs;
  const open = openPeriodsBetween(calendar, t, horizonMs);
  const openNow = open.find((p) => p.startMs <= t && t < p.endMs);
  if (openNow) {
    const until = new Date(Math.min(openNow.endMs, nextMaintenanceStart));
    return { state: 'open', until, closesAt: until };
  }

  const nextOpenStart = open.find((p) => p.startMs > t)?.startMs ?? horizonMs;
  const status: ServiceStatus = { state: 'closed', reason: 'storeHours', until: new Date(Math.min(nextOpenStart, nextMaintenanceStart)) };
  const nextOpen = nextOpenAfter(calendar, t);
  if (nextOpen !== undefined) status.nextOpenAt = new Date(nextOpen);
  return status;
}

/**
 * The first instant at or after `fromMs` that lies in store hours and in no
 * maintenance window; undefined if none within NEXT_OPEN_HORIZON_DAYS.
 */
function nextOpenAfter(calendar: KioskCalendar, fromMs: number): number | undefined {
  // Most calls find it within days; look a little way first, then far.
  for (const horizonMs of [STATUS_HORIZON_MS, NEXT_OPEN_HORIZON_DAYS * DAY_MS]) {
    const toMs = fromMs + horizonMs;
    const maintenance = maintenanceWindowsBetween(calendar, fromMs, toMs);
    for (const period of openPeriodsBetween(calendar, fromMs, toMs)) {
      if (period.endMs <= fromMs) continue;
      let candidate = Math.max(period.startMs, fromMs);
      candidate = pushPastMaintenance(candidate, maintenance);
      if (candidate < period.endMs && candidate < toMs) return candidate;
    }
  }
  return undefined;
}

function pushPastMaintenance(instant: number, windows: MaintenanceWindow[]): number {
  // Windows are merged and sorted, so one pass suffices.
  let t = instant;
  for (const w of windows) if (w.startMs <= t && t < w.endMs) t = w.endMs;
  return t;
}

/**
 * When the machine stops serving on the Tokyo day of `at`, for the limit
 * review's rule (DOMAIN.md: an increase must be completed no later than one
 * hour before the machine's closing time).
 *
 * - Store closed all that Tokyo day (weekday override or closed date): null.
 * - Open at `at`: the end of the current service period, which is the store's
 *   closing time or the start of a maintenance window or announcement that
 *   cuts it short, whichever is first (a 24-hour store's period runs on to
 *   the next maintenance window).
 * - Otherwise (before opening, after closing, in maintenance): the store's
 *   closing time that day. HQ must refuse services anyway when
 *   serviceStatusAt is not `open`; this value is never later than the truth.
 */
export function closingTimeOn(calendar: KioskCalendar, at: Date): Date | null {
  const t = instantMs(at, 'at');
  const day = tokyoDayOf(t);
  const hours = storeHoursOn(calendar, day);
  if (!hours) return null;
  const status = serviceStatusAt(calendar, at);
  if (status.state === 'open' && status.closesAt) return status.closesAt;
  return new Date(tokyoInstant(day, hours.closeMinutes));
}

/**
 * The stretches in which the machine is not open between `from` and `days`
 * days later, in order, for the kiosk's offline cache ("maintenance tonight
 * 23:00 to 7:00"). Built from serviceStatusAt so the two can never disagree.
 */
export function upcomingWindows(calendar: KioskCalendar, from: Date, days: number): ServiceWindow[] {
  const start = instantMs(from, 'from');
  if (!Number.isInteger(days) || days < 1 || days > MAX_UPCOMING_DAYS) {
    throw new RangeError(`days must be an integer from 1 to ${MAX_UPCOMING_DAYS}`);
  }
  const end = start + days * DAY_MS;
  const windows: ServiceWindow[] = [];
  let t = start;
  while (t < end) {
    const status = serviceStatusAt(calendar, new Date(t));
    const untilMs = status.until.getTime();
    if (status.state !== 'open' && status.reason) {
      const last = windows[windows.length - 1];
      if (last && last.state === status.state && last.reason === status.reason && last.endsAt.getTime() === t) {
        last.endsAt = status.until;
      } else {
        const window: ServiceWindow = { state: status.state, reason: status.reason, startsAt: new Date(t), endsAt: status.until };
        if (status.announcements) window.announcements = status.announcements;
        windows.push(window);
      }
    }
    t = untilMs;
  }
  return windows;
}

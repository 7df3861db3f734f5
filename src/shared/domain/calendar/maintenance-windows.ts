/**
 * The lender's member-service maintenance schedule (DOMAIN.md, "Hours and
 * maintenance"), all in Asia/Tokyo:
 *   - every Monday 0:00 to 7:00                          -> weeklyMaintenance
 *   - all of New Year's Day (1 January)                  -> newYear
 *   - every Sunday 23:00 to Monday 7:00 (online-repayment
 *     system maintenance)                                -> repaymentSystemMaintenance
 *   - every third Sunday 0:00 to 6:00, together with the
 *     preceding Saturday 23:00 to 24:00                  -> thirdSundayMaintenance
 *   - unscheduled maintenance announced by HQ            -> announcement
 *
 * Windows that overlap or touch are merged into one window, so "until" is
 * always the end of the whole stretch the customer cannot use the machine
 * (Sunday 23:00 and Monday 0:00-7:00 are one window ending Monday 7:00).
 *
 * A merged window carries ONE reason for its whole length, so the status is
 * the same at every instant of it: the highest in REASON_PRIORITY among the
 * windows it is made of. New Year first (it is the longest and what a
 * customer expects to read on 1 January), then an announcement (it carries a
 * message from HQ), then the scheduled windows from the longest-reaching one.
 *
 * The third Sunday of a month is always the 15th to the 21st, so the Saturday
 * before it is the 14th to the 20th of the same month: it never falls in the
 * previous month.
 */
import type { Announcement, KioskCalendar } from './kiosk-calendar';
import { DAY_MS, tokyoDate, tokyoDayOf, tokyoDayStart, tokyoInstant, type TokyoDay } from './tokyo-time';

export type MaintenanceReason =
  | 'newYear'
  | 'announcement'
  | 'thirdSundayMaintenance'
  | 'repaymentSystemMaintenance'
  | 'weeklyMaintenance';

/** Highest first; see the file comment for why. */
export const REASON_PRIORITY: readonly MaintenanceReason[] = [
  'newYear',
  'announcement',
  'thirdSundayMaintenance',
  'repaymentSystemMaintenance',
  'weeklyMaintenance',
];

export interface MaintenanceWindow {
  startMs: number;
  endMs: number;
  reason: MaintenanceReason;
  /** The announcements that make up this window, earliest first (empty for a purely scheduled window). */
  announcements: Announcement[];
}

interface RawWindow {
  startMs: number;
  endMs: number;
  reason: MaintenanceReason;
  announcement?: Announcement;
}

const SUNDAY = 0;
const MONDAY = 1;
const SATURDAY = 6;

/** Scheduled windows that START on one Tokyo day. */
export function scheduledWindowsStartingOn(day: TokyoDay): RawWindow[] {
  const date = tokyoDate(day);
  const windows: RawWindow[] = [];
  if (date.weekday === MONDAY) {
    windows.push({ startMs: tokyoInstant(day, 0), endMs: tokyoInstant(day, 7 * 60), reason: 'weeklyMaintenance' });
  }
  if (date.month === 1 && date.day === 1) {
    windows.push({ startMs: tokyoInstant(day, 0), endMs: tokyoInstant(day, 24 * 60), reason: 'newYear' });
  }
  if (date.weekday === SUNDAY) {
    // Sunday 23:00 to Monday 7:00: 31 hours after Sunday 00:00.
    windows.push({ startMs: tokyoInstant(day, 23 * 60), endMs: tokyoInstant(day, 31 * 60), reason: 'repaymentSystemMaintenance' });
    if (isThirdWeekOfMonth(date.day)) {
      windows.push({ startMs: tokyoInstant(day, 0), endMs: tokyoInstant(day, 6 * 60), reason: 'thirdSundayMaintenance' });
    }
  }
  if (date.weekday === SATURDAY && isThirdWeekOfMonth(date.day + 1)) {
    // The Saturday before a third Sunday: 23:00 to 24:00. date.day + 1 is at
    // most 21 here, so it never runs off the end of a month.
    windows.push({ startMs: tokyoInstant(day, 23 * 60), endMs: tokyoInstant(day, 24 * 60), reason: 'thirdSundayMaintenance' });
  }
  return windows;
}

/** A Sunday on day-of-month 15..21 is the month's third Sunday (the first is on 1..7). */
export function isThirdWeekOfMonth(dayOfMonth: number): boolean {
  return dayOfMonth >= 15 && dayOfMonth <= 21;
}

function mergeWindows(raw: RawWindow[]): MaintenanceWindow[] {
  const sorted = [...raw].sort((a, b) => a.startMs - b.startMs || b.endMs - a.endMs);
  const merged: MaintenanceWindow[] = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    // `<=`: windows that merely touch are one window too (no open instant between them).
    if (last && w.startMs <= last.endMs) {
      last.endMs = Math.max(last.endMs, w.endMs);
      if (REASON_PRIORITY.indexOf(w.reason) < REASON_PRIORITY.indexOf(last.reason)) last.reason = w.reason;
      if (w.announcement) last.announcements.push(w.announcement);
    } else {
      merged.push({ startMs: w.startMs, endMs: w.endMs, reason: w.reason, announcements: w.announcement ? [w.announcement] : [] });
    }
  }
  return merged;
}

/**
 * Merged maintenance windows (scheduled and announced) that intersect
 * [fromMs, toMs), each with its full extent even where it reaches outside
 * that range (a long announcement joined to scheduled windows, say).
 */
export function maintenanceWindowsBetween(calendar: KioskCalendar, fromMs: number, toMs: number): MaintenanceWindow[] {
  const announced = calendar.announcements.map((a) => ({
    startMs: Date.parse(a.startsAt),
    endMs: Date.parse(a.endsAt),
    reason: 'announcement' as const,
    announcement: a,
  }));
  // Generate whole Tokyo days with two days' margin: no scheduled window is
  // longer than 32 hours, so margin windows are complete. If a window we
  // return reaches into the margin it may be part of a longer chain: widen
  // and try again (this terminates: announcements are finite and the
  // schedule alone always leaves open hours between its weekly windows).
  let firstDay = tokyoDayOf(fromMs) - 2;
  let lastDay = tokyoDayOf(toMs) + 2;
  for (;;) {
    const genStart = tokyoDayStart(firstDay);
    const genEnd = tokyoDayStart(lastDay + 1);
    const raw: RawWindow[] = [];
    for (let day = firstDay; day <= lastDay; day++) raw.push(...scheduledWindowsStartingOn(day));
    raw.push(...announced.filter((a) => a.endMs > genStart && a.startMs < genEnd));
    const relevant = mergeWindows(raw).filter((w) => w.endMs > fromMs && w.startMs < toMs);
    const first = relevant[0];
    const last = relevant[relevant.length - 1];
    let widened = false;
    if (first && first.startMs < genStart + DAY_MS) {
      firstDay = Math.min(firstDay - 1, tokyoDayOf(first.startMs) - 2);
      widened = true;
    }
    if (last && last.endMs > genEnd - DAY_MS) {
      lastDay = Math.max(lastDay + 1, tokyoDayOf(last.endMs) + 2);
      widened = true;
    }
    if (!widened) return relevant;
  }
}

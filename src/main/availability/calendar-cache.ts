/**
 * HQ owns the calendar (store hours, announcements); the kiosk keeps the
 * last copy on disk so it knows its hours and maintenance windows while
 * offline (ARCHITECTURE.md, "HQ"). Until HQ has answered once, the built-in
 * DOMAIN.md calendar (09:00-22:00 every day, the standard maintenance
 * windows) applies, with the config's store-hours override.
 */
import { closingTimeOn, DEFAULT_KIOSK_CALENDAR, KioskCalendarSchema, serviceStatusAt, storeHoursOn, type KioskCalendar, type ServiceStatus } from '../../shared/domain/calendar';
import { tokyoDayOf } from '../../shared/domain/calendar/tokyo-time';
import type { ServiceNotice } from '../../shared/bridge';
import { readJsonFile, writeJsonFileAtomically } from '../storage/json-file';

export class CalendarCache {
  #calendar: KioskCalendar;
  /**
   * HQ's version of the calendar held (src/hq/calendar/calendar-version.ts),
   * named in each status report so HQ sends the calendar only when it
   * changed (issue 19). Kept in memory only: after a restart the first
   * exchange fetches the calendar once more.
   */
  #version: string | null = null;

  constructor(private readonly path: string, private readonly storeHoursOverride?: { open: string; close: string }) {
    this.#calendar = this.#withOverride(this.#load() ?? DEFAULT_KIOSK_CALENDAR);
  }

  get calendar(): KioskCalendar {
    return this.#calendar;
  }

  /** The version of HQ's calendar held, or null before HQ sent one in this run. */
  get version(): string | null {
    return this.#version;
  }

  /** Takes HQ's latest calendar (validated again: HQ may lie) and its version, and keeps a copy on disk for offline use. */
  update(calendar: unknown, version: string | null = null): boolean {
    const parsed = KioskCalendarSchema.safeParse(calendar);
    if (!parsed.success) return false;
    this.#calendar = this.#withOverride(parsed.data);
    this.#version = version;
    try {
      writeJsonFileAtomically(this.path, parsed.data);
    } catch {
      // A full or read-only disk must not stop the kiosk following HQ's
      // calendar now; only the offline copy is stale (the journal's disk
      // floor takes the kiosk out of service on a full disk anyway).
    }
    return true;
  }

  statusAt(at: Date): ServiceStatus {
    return serviceStatusAt(this.#calendar, at);
  }

  /**
   * HQ's words for an announced maintenance in force at `at` (the one that
   * started last, when several overlap), for the out-of-service screen.
   */
  noticeAt(at: Date): ServiceNotice | null {
    const status = this.statusAt(at);
    if (status.state !== 'maintenance' || status.reason !== 'announcement') return null;
    const now = at.getTime();
    const inForce = (status.announcements ?? []).filter((a) => Date.parse(a.startsAt) <= now && now < Date.parse(a.endsAt));
    const latest = inForce.at(-1);
    return latest ? { ja: latest.messageJa, en: latest.messageEn } : null;
  }

  /** Today's store hours as HH:MM, for the idle screen. */
  hoursOn(at: Date): { open: string; close: string } | null {
    const hours = storeHoursOn(this.#calendar, tokyoDayOf(at.getTime()));
    if (!hours) return null;
    const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return { open: hhmm(hours.openMinutes), close: hhmm(hours.closeMinutes) };
  }

  /**
   * When today's limit increases stop: one hour before the service closes
   * (DOMAIN.md: an increase must be completed no later than one hour before
   * closing). HQ enforces the rule; the kiosk only shows the time.
   */
  increaseDeadline(at: Date): string | null {
    const closes = closingTimeOn(this.#calendar, at);
    return closes ? new Date(closes.getTime() - 60 * 60 * 1000).toISOString() : null;
  }

  #load(): KioskCalendar | null {
    const read = readJsonFile(this.path, KioskCalendarSchema);
    return read.ok ? read.value : null;
  }

  #withOverride(calendar: KioskCalendar): KioskCalendar {
    if (!this.storeHoursOverride) return calendar;
    return { ...calendar, storeHours: { default: this.storeHoursOverride, weekdays: {} } };
  }
}

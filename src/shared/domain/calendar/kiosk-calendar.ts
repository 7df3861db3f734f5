/**
 * A kiosk's calendar as HQ configures it and the kiosk caches it offline.
 *
 * DOMAIN.md ("Hours and maintenance"): contract machines are typically open
 * 9:00 to 22:00 every day including weekends and holidays, but hours differ
 * by store, so they are per-machine configuration; unscheduled server
 * maintenance can be announced at any time. The scheduled maintenance windows
 * are not configuration: they are the lender's fixed schedule and live in
 * maintenance-windows.ts.
 *
 * Store hours are one span per Tokyo calendar day, `open` < `close`, with
 * `24:00` allowed as a close. Hours that run past midnight are written as two
 * days (e.g. `close: '24:00'` and the next day's `open: '00:00'`); adjacent
 * spans join into one service period.
 */
import { z } from 'zod';

/** `HH:MM`, 00:00 to 23:59. */
const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM between 00:00 and 23:59');
/** Like ClockTimeSchema, but `24:00` (the next midnight) is also a valid closing time. */
const ClosingTimeSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:MM between 00:01 and 24:00');

export const DailyHoursSchema = z
  .object({ open: ClockTimeSchema, close: ClosingTimeSchema })
  .refine((h) => h.open < h.close, { message: 'close must be after open on the same day', path: ['close'] });
export type DailyHours = z.infer<typeof DailyHoursSchema>;

/** A weekday override: other hours, or closed all day. */
export const WeekdayHoursSchema = z.union([DailyHoursSchema, z.object({ closed: z.literal(true) })]);
export type WeekdayHours = z.infer<typeof WeekdayHoursSchema>;

export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** DOMAIN.md: typically 9:00 to 22:00, every day. */
export const DEFAULT_DAILY_HOURS: DailyHours = { open: '09:00', close: '22:00' };

export const StoreHoursSchema = z.object({
  default: DailyHoursSchema.default(DEFAULT_DAILY_HOURS),
  /** Strict, so a typo such as `monday` is an error rather than silently ignored. */
  weekdays: z
    .strictObject({
      sun: WeekdayHoursSchema.optional(),
      mon: WeekdayHoursSchema.optional(),
      tue: WeekdayHoursSchema.optional(),
      wed: WeekdayHoursSchema.optional(),
      thu: WeekdayHoursSchema.optional(),
      fri: WeekdayHoursSchema.optional(),
      sat: WeekdayHoursSchema.optional(),
    })
    .default({}),
});
export type StoreHours = z.infer<typeof StoreHoursSchema>;

/** A Tokyo calendar date, `YYYY-MM-DD`, that really exists. */
export const TokyoDateStringSchema = z.iso.date();

/** An instant with an explicit offset (`Z` or `+09:00`), never a bare local time. */
const InstantSchema = z.iso.datetime({ offset: true });

const MAX_ANNOUNCEMENT_MS = 366 * 24 * 60 * 60 * 1000;

export const AnnouncementSchema = z
  .object({
    id: z.string().min(1).max(64),
    startsAt: InstantSchema,
    endsAt: InstantSchema,
    messageJa: z.string().min(1).max(500),
    messageEn: z.string().min(1).max(500),
  })
  .refine((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] })
  // A bound keeps every status computation small; longer closures are store
  // hours (closedDates), not maintenance.
  .refine((a) => Date.parse(a.endsAt) - Date.parse(a.startsAt) <= MAX_ANNOUNCEMENT_MS, {
    message: 'an announcement may last at most 366 days',
    path: ['endsAt'],
  });
export type Announcement = z.infer<typeof AnnouncementSchema>;

export const KioskCalendarSchema = z.object({
  /** Fixed: DOMAIN.md says all hours are Asia/Tokyo time. Present so a stored calendar says so itself. */
  timeZone: z.literal('Asia/Tokyo').default('Asia/Tokyo'),
  storeHours: StoreHoursSchema.default({ default: DEFAULT_DAILY_HOURS, weekdays: {} }),
  /** Whole Tokyo dates the store is closed (e.g. a building closure). */
  closedDates: z.array(TokyoDateStringSchema).max(1000).default([]),
  /** Unscheduled maintenance (DOMAIN.md): the machine is in maintenance between startsAt and endsAt. */
  announcements: z.array(AnnouncementSchema).max(1000).default([]),
});
/** A parsed calendar (defaults filled in): what the functions take. */
export type KioskCalendar = z.infer<typeof KioskCalendarSchema>;
/** What a caller may write before parsing (every field optional). */
export type KioskCalendarInput = z.input<typeof KioskCalendarSchema>;

/** 9:00 to 22:00 every day, no closed dates, no announcements. */
export const DEFAULT_KIOSK_CALENDAR: KioskCalendar = KioskCalendarSchema.parse({});

/**
 * A kiosk's calendar: its stored store hours and closed dates
 * (`kiosks.calendar`) plus the announcements that apply to it (its own and
 * fleet-wide ones), parsed with the shared KioskCalendar schema. The rules
 * that turn it into a status are in src/shared/domain/calendar.
 */
import { KioskCalendarSchema, serviceStatusAt, type KioskCalendar } from '../../shared/domain/calendar';
import { serviceStatusToWire, type CalendarResponse } from '../../shared/hq-api/calendar';
import { refuse, type HqContext, type Outcome } from '../context';
import type { Queryable } from '../../server-kit/db/db';

/** An announcement row as read for a kiosk's calendar (its own and fleet-wide ones, not withdrawn). */
export interface AnnouncementRow { announcement_id: string; starts_at: Date | string; ends_at: Date | string; message_ja: string; message_en: string }

/** The announcements that apply to a kiosk, in order: the one SQL text, also used inside the status exchange's statement (fleet-service.ts). */
export const KIOSK_ANNOUNCEMENTS_SQL = `SELECT announcement_id, starts_at, ends_at, message_ja, message_en FROM service_announcements
      WHERE (kiosk_id = $1 OR kiosk_id IS NULL) AND withdrawn_at IS NULL ORDER BY starts_at, announcement_id`;

/** The stored calendar and its announcements, checked with the shared schema. */
export function kioskCalendarFrom(kioskId: string, storedCalendar: unknown, announcements: readonly AnnouncementRow[]): Outcome<KioskCalendar> {
  const stored = (storedCalendar ?? {}) as Record<string, unknown>;
  const parsed = KioskCalendarSchema.safeParse({
    ...stored,
    announcements: announcements.map((a) => ({
      id: a.announcement_id,
      startsAt: new Date(a.starts_at).toISOString(),
      endsAt: new Date(a.ends_at).toISOString(),
      messageJa: a.message_ja,
      messageEn: a.message_en,
    })),
  });
  if (!parsed.success) return refuse('internalError', `kiosk ${kioskId} has an invalid stored calendar`);
  return { ok: true, value: parsed.data };
}

export async function loadKioskCalendar(q: Queryable, kioskId: string): Promise<Outcome<KioskCalendar>> {
  const kiosk = await q.query<{ calendar: unknown }>('SELECT calendar FROM kiosks WHERE kiosk_id = $1', [kioskId]);
  if (!kiosk.rows[0]) return refuse('unknownKiosk', 'no such kiosk');
  const announcements = await q.query<AnnouncementRow>(KIOSK_ANNOUNCEMENTS_SQL, [kioskId]);
  return kioskCalendarFrom(kioskId, kiosk.rows[0].calendar, announcements.rows);
}

export async function getCalendar(ctx: HqContext, kioskId: string): Promise<Outcome<CalendarResponse>> {
  const now = ctx.clock();
  const calendar = await loadKioskCalendar(ctx.db, kioskId);
  if (!calendar.ok) return calendar;
  return {
    ok: true,
    value: { kioskId, calendar: calendar.value, status: serviceStatusToWire(serviceStatusAt(calendar.value, now)), serverTime: now.toISOString() },
  };
}

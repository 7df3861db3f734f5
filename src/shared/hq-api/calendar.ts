/**
 * GET /v1/calendar: the kiosk's calendar (for its offline cache; it can
 * compute the status itself with `serviceStatusAt` from
 * src/shared/domain/calendar) and HQ's view of the status now. Instants
 * travel as ISO 8601 strings; `serviceStatusToWire` converts.
 */
import { z } from 'zod';
import { KioskCalendarSchema, ServiceReasonSchema, ServiceStateSchema, AnnouncementSchema, type ServiceStatus } from '../domain/calendar';
import { IsoTimestamp, KioskId } from './common';

export const ServiceStatusWire = z.object({
  state: ServiceStateSchema,
  reason: ServiceReasonSchema.optional(),
  until: IsoTimestamp,
  closesAt: IsoTimestamp.optional(),
  nextOpenAt: IsoTimestamp.optional(),
  announcements: z.array(AnnouncementSchema).optional(),
}).strict();
export type ServiceStatusWire = z.infer<typeof ServiceStatusWire>;

export function serviceStatusToWire(status: ServiceStatus): ServiceStatusWire {
  return {
    state: status.state,
    ...(status.reason ? { reason: status.reason } : {}),
    until: status.until.toISOString(),
    ...(status.closesAt ? { closesAt: status.closesAt.toISOString() } : {}),
    ...(status.nextOpenAt ? { nextOpenAt: status.nextOpenAt.toISOString() } : {}),
    ...(status.announcements ? { announcements: status.announcements } : {}),
  };
}

/**
 * POST /admin/announcements: HQ announces a maintenance (DOMAIN.md:
 * unscheduled server maintenance can be announced at any time) for one
 * kiosk or, with `kioskId: null`, for all. The kiosks stop log-in and
 * services for the window and show the message in their screen's language.
 * HQ checks it against `AnnouncementSchema` (end after start, at most 366
 * days) once it has given it an id.
 */
export const CreateAnnouncementRequest = z.object({
  kioskId: KioskId.nullable(),
  startsAt: IsoTimestamp,
  endsAt: IsoTimestamp,
  messageJa: z.string().min(1).max(500),
  messageEn: z.string().min(1).max(500),
}).strict();
export type CreateAnnouncementRequest = z.infer<typeof CreateAnnouncementRequest>;

export const CreateAnnouncementResponse = z.object({ announcementId: z.string(), kioskId: KioskId.nullable() }).strict();
export type CreateAnnouncementResponse = z.infer<typeof CreateAnnouncementResponse>;

export const AnnouncementIdParams = z.object({ announcementId: z.string().min(1).max(64) }).strict();
export type AnnouncementIdParams = z.infer<typeof AnnouncementIdParams>;

export const WithdrawAnnouncementResponse = z.object({ announcementId: z.string(), kioskId: KioskId.nullable(), withdrawnAt: IsoTimestamp }).strict();
export type WithdrawAnnouncementResponse = z.infer<typeof WithdrawAnnouncementResponse>;

export const CalendarResponse = z.object({
  kioskId: KioskId,
  calendar: KioskCalendarSchema,
  status: ServiceStatusWire,
  serverTime: IsoTimestamp,
}).strict();
export type CalendarResponse = z.infer<typeof CalendarResponse>;

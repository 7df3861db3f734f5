/**
 * When the kiosk may update itself (issue 16: "never mid-session, never
 * during business hours unless configured"): no customer, staff or
 * technician session (KioskCore.inSession), and the kiosk's calendar
 * (HQ's, cached offline: availability/calendar-cache.ts) says closed or
 * maintenance, unless the config allows updates while open
 * (`updates.allowDuringBusinessHours`; still never mid-session).
 */
import type { ServiceStatus } from '../../shared/domain/calendar';

export type QuietVerdict = { quiet: true } | { quiet: false; why: 'inSession' | 'businessHours' };

export function quietTime(input: { inSession: boolean; status: Pick<ServiceStatus, 'state'>; allowDuringBusinessHours: boolean }): QuietVerdict {
  if (input.inSession) return { quiet: false, why: 'inSession' };
  if (input.status.state === 'open' && !input.allowDuringBusinessHours) return { quiet: false, why: 'businessHours' };
  return { quiet: true };
}

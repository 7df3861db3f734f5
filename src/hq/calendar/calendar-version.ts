/**
 * The version of a kiosk's calendar, as the combined status-and-calendar
 * exchange compares it (issue 19: "calendar with ETag/304 or only when
 * changed"): SHA-256 over the calendar's canonical JSON (keys sorted, the
 * chain's encoding, src/shared/journal/canonical-json.ts), so the same
 * calendar has the same version on every HQ instance and after a restart,
 * like a strong ETag (RFC 9110 §8.8.3).
 */
import { createHash } from 'node:crypto';
import type { KioskCalendar } from '../../shared/domain/calendar';
import { canonicalJson } from '../../shared/journal/canonical-json';

export function calendarVersion(calendar: KioskCalendar): string {
  return createHash('sha256').update(canonicalJson(calendar), 'utf8').digest('hex');
}

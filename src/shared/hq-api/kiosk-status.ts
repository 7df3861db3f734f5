/** POST /v1/kiosk/status: what the kiosk reports for HQ's fleet view (software version, device health). */
import { z } from 'zod';
import { OutOfServiceReason } from '../bridge/views';
import { KioskCalendarSchema } from '../domain/calendar';
import { DeviceState, RetainBinState } from '../xfs/vocabulary';
import { IsoTimestamp, KioskId } from './common';
import { CrashCounts } from './crash-counts';
import { DiagnosticsRequestId } from '../diagnostics/diagnostics-bundle';

export { CrashCounts };

const DeviceName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,31}$/);
/** Short and without long digit runs: device details never carry customer data. */
const Detail = z.string().max(200).refine((s) => !/\d{10,}/.test(s), 'detail may not contain long digit runs');

export const DeviceHealth = z.record(DeviceName, z.object({
  state: DeviceState,
  detail: Detail.optional(),
}).strict()).refine((r) => Object.keys(r).length <= 32, 'at most 32 devices');
export type DeviceHealth = z.infer<typeof DeviceHealth>;

/** What holds a kiosk out of service, as its service monitor names it ('starting' is never reported). */
export const OutOfServiceReasons = z.array(OutOfServiceReason.exclude(['starting'])).max(OutOfServiceReason.options.length);
export type OutOfServiceReasons = z.infer<typeof OutOfServiceReasons>;

/** SHA-256, lower-case hex. */
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
/** HQ's calendar version: SHA-256 of the calendar's canonical JSON (src/hq/calendar/calendar-version.ts). */
export const CalendarVersion = Sha256Hex;

/**
 * What a fleet operator needs to see before a kiosk fails (issue 19, "What
 * kiosks report"). Each optional: kiosks before issue 19 send none of them.
 */
export const KioskVitals = z.object({
  /** Free bytes on the file system of the kiosk's data folder (journal, keys, caches) at the journal's last check. */
  diskFreeBytes: z.number().int().min(0).optional(),
  /** The card reader's retain bin: cards held and its XFS4IoT state (ok, high, full). */
  retainBin: z.object({ count: z.number().int().min(0).max(100_000), state: RetainBinState }).strict().optional(),
  /** Journal events HQ has not acknowledged, and the age of the oldest of them (null: none pending). */
  syncBacklog: z.object({ pending: z.number().int().min(0), lagSeconds: z.number().int().min(0).nullable() }).strict().optional(),
  /** HQ's clock minus the kiosk's, from the `serverTime` of HQ's last signed status ack (ms; positive: the kiosk is behind). */
  clockSkewMs: z.number().int().min(-10 * 365 * 86_400_000).max(10 * 365 * 86_400_000).optional(),
  /** True when HQ's keys are pinned in the kiosk's config rather than fetched from HQ. */
  hqKeysPinned: z.boolean().optional(),
  /** SHA-256 of the kiosk's effective configuration without what differs per machine (src/main/config/config-hash.ts). */
  configHash: Sha256Hex.optional(),
}).strict();
export type KioskVitals = z.infer<typeof KioskVitals>;

export const KioskStatusReport = z.object({
  softwareVersion: z.string().regex(/^[0-9A-Za-z.+_-]{1,40}$/),
  devices: DeviceHealth,
  /** True while the kiosk is out of service (journal fault, device fault, maintenance). */
  outOfService: z.boolean(),
  /** Every condition holding it out of service, most important first; empty in service. Optional: older kiosks send only the flag. */
  outOfServiceReasons: OutOfServiceReasons.optional(),
  /** Optional: kiosks before issue 16 do not count. */
  crashes: CrashCounts.optional(),
  ...KioskVitals.shape,
  /**
   * The version of HQ's calendar the kiosk holds (`CalendarVersion`), null
   * when it holds none from HQ. Present: the ack carries the calendar when
   * HQ's differs (one status-and-calendar exchange per interval, issue 19).
   * Absent (older kiosks): never, they still poll GET /v1/calendar.
   */
  calendarVersion: CalendarVersion.nullable().optional(),
}).strict();
export type KioskStatusReport = z.infer<typeof KioskStatusReport>;

/** HQ's calendar for the kiosk and its version, in a status ack when the kiosk's copy is not current. */
export const CalendarUpdate = z.object({ version: CalendarVersion, calendar: KioskCalendarSchema }).strict();
export type CalendarUpdate = z.infer<typeof CalendarUpdate>;

export const KioskStatusAck = z.object({
  accepted: z.literal(true),
  serverTime: IsoTimestamp,
  /** A console operator asked for this kiosk's diagnostics bundle (issue 17): upload it for this request id (POST /v1/diagnostics/requested). */
  diagnosticsRequested: DiagnosticsRequestId.optional(),
  /** Only to a report that named its `calendarVersion`, and only when HQ's calendar differs from it. */
  calendar: CalendarUpdate.optional(),
}).strict();
export type KioskStatusAck = z.infer<typeof KioskStatusAck>;

/** Where HQ's copy of a kiosk's journal stands (filled in by the journal ingest). */
export const JournalPosition = z.object({
  ackedThrough: z.number().int().min(0),
  lastIngestAt: IsoTimestamp.nullable(),
  tamperAlerts: z.number().int().min(0),
}).strict();
export type JournalPosition = z.infer<typeof JournalPosition>;

export const FleetKiosk = z.object({
  kioskId: KioskId,
  enabled: z.boolean(),
  softwareVersion: z.string().nullable(),
  lastContactAt: IsoTimestamp.nullable(),
  outOfService: z.boolean().nullable(),
  outOfServiceReasons: OutOfServiceReasons.nullable(),
  deviceHealth: DeviceHealth.nullable(),
  deviceHealthAt: IsoTimestamp.nullable(),
  journal: JournalPosition.nullable(),
  /** The vitals and crash counts of the kiosk's last status report (null: none reported yet, or a kiosk before issue 19). */
  vitals: KioskVitals.extend({ crashes: CrashCounts.optional() }).nullable(),
}).strict();
export type FleetKiosk = z.infer<typeof FleetKiosk>;

export const FleetResponse = z.object({ kiosks: z.array(FleetKiosk), at: IsoTimestamp }).strict();
export type FleetResponse = z.infer<typeof FleetResponse>;

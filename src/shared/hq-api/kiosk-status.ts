/** POST /v1/kiosk/status: what the kiosk reports for HQ's fleet view (software version, device health). */
import { z } from 'zod';
import { OutOfServiceReason } from '../bridge/views';
import { DeviceState } from '../xfs/vocabulary';
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

export const KioskStatusReport = z.object({
  softwareVersion: z.string().regex(/^[0-9A-Za-z.+_-]{1,40}$/),
  devices: DeviceHealth,
  /** True while the kiosk is out of service (journal fault, device fault, maintenance). */
  outOfService: z.boolean(),
  /** Every condition holding it out of service, most important first; empty in service. Optional: older kiosks send only the flag. */
  outOfServiceReasons: OutOfServiceReasons.optional(),
  /** Optional: kiosks before issue 16 do not count. */
  crashes: CrashCounts.optional(),
}).strict();
export type KioskStatusReport = z.infer<typeof KioskStatusReport>;

export const KioskStatusAck = z.object({
  accepted: z.literal(true),
  serverTime: IsoTimestamp,
  /** A console operator asked for this kiosk's diagnostics bundle (issue 17): upload it for this request id (POST /v1/diagnostics/requested). */
  diagnosticsRequested: DiagnosticsRequestId.optional(),
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
}).strict();
export type FleetKiosk = z.infer<typeof FleetKiosk>;

export const FleetResponse = z.object({ kiosks: z.array(FleetKiosk), at: IsoTimestamp }).strict();
export type FleetResponse = z.infer<typeof FleetResponse>;

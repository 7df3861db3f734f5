/**
 * The technician's diagnostics bundle (issue 8, "Export a diagnostics
 * bundle ... no personal data"). Declared once: the kiosk builds and
 * validates it before writing or uploading, and HQ validates it again on
 * upload. No field has room for a PIN, a full card number or a customer's
 * name: card numbers in the traffic trace are masked by the driver
 * (src/devices/card-reader/diagnostics.ts), journal events appear only as
 * counts by type, and every free text is checked for long digit runs.
 */
import { z } from 'zod';

/** Ten or more digits in a row (a card number), or track-data sentinels; same rule as the journal's SafeText. */
const SENSITIVE = /(?:[0-9０-９][\s\-]*){10,}|%[A-Z]|\^|;[0-9]|[0-9]=[0-9]/;

export function looksPersonal(text: string): boolean {
  return SENSITIVE.test(text);
}

const Text = (max: number) => z.string().max(max).refine((s) => !looksPersonal(s), 'text may not contain card numbers, track data or long digit runs');
/** Hex of a traffic frame: masked bytes are `**`; frames of 10+ bytes are long hex runs by nature, so only the alphabet is checked. */
const Hex = z.string().max(2048).regex(/^([0-9A-F*]{2}( [0-9A-F*]{2})*)?$/, 'hex bytes separated by spaces');

export const TrafficEntry = z.object({
  at: z.string().max(40),
  direction: z.enum(['tx', 'rx']),
  hex: Hex,
  note: Text(200),
}).strict();
export type TrafficEntry = z.infer<typeof TrafficEntry>;

const Counters = z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.number().int().min(0)).refine((r) => Object.keys(r).length <= 40, 'at most 40 counters');

export const DeviceReport = z.object({
  name: z.enum(['cardReader', 'idScanner']),
  model: Text(60),
  endpoint: Text(200),
  state: z.string().max(40),
  firmware: Text(60).nullable(),
  capabilities: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean(), z.array(z.string().max(40)).max(20)])),
  counters: Counters,
  status: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean()])),
}).strict();
export type DeviceReport = z.infer<typeof DeviceReport>;

export const PresentPort = z.object({
  kind: z.enum(['serial', 'hid']),
  path: Text(200).nullable(),
  vendorId: z.string().max(8).nullable(),
  productId: z.string().max(8).nullable(),
  manufacturer: Text(100).nullable(),
  product: Text(100).nullable(),
}).strict();
export type PresentPort = z.infer<typeof PresentPort>;

export const KioskHealth = z.object({
  journal: z.object({
    count: z.number().int().min(0),
    headSeq: z.number().int().min(0),
    ackedSeq: z.number().int().min(0),
    pending: z.number().int().min(0),
    oldestPendingAt: z.string().max(40).nullable(),
    health: z.string().max(40),
    /** null until a technician runs the chain check. */
    integrity: z.object({ ok: z.boolean(), checked: z.number().int().min(0), firstBadSeq: z.number().int().min(0).nullable(), problem: z.string().max(60).nullable(), at: z.string().max(40) }).strict().nullable(),
  }).strict(),
  sync: z.object({
    state: z.string().max(40),
    pending: z.number().int().min(0),
    lastSuccessAt: z.string().max(40).nullable(),
    lastErrorAt: z.string().max(40).nullable(),
    lastError: Text(200).nullable(),
    /** HQ refusing our chain or signature: the tamper alert (issue 6). */
    tamperAlert: Text(120).nullable(),
  }).strict(),
  diskFreeMb: z.number().min(0).nullable(),
  hq: z.object({
    reachable: z.boolean(),
    latencyMs: z.number().min(0).nullable(),
    /** HQ's clock minus the kiosk's, ms (positive: the kiosk is behind). */
    clockSkewMs: z.number().nullable(),
    checkedAt: z.string().max(40),
    /** HQ's public keys come from the kiosk's config (true) or from HQ itself (false: fine for the demo, not for production). */
    keysPinned: z.boolean(),
  }).strict(),
  appVersion: z.string().max(40),
  os: Text(120),
  node: z.string().max(40),
  uptimeSeconds: z.number().int().min(0),
  /** Recent app.crashRecovered journal events (when, and the last seq before the crash). */
  crashRecoveries: z.array(z.object({ at: z.string().max(40), lastSeqBeforeCrash: z.number().int().min(0).nullable() }).strict()).max(20),
  outOfService: z.object({ available: z.boolean(), reasons: z.array(z.string().max(40)).max(10) }).strict(),
}).strict();
export type KioskHealth = z.infer<typeof KioskHealth>;

export const DiagnosticsBundle = z.object({
  format: z.literal('kiosk-diagnostics/1'),
  kioskId: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/),
  createdAt: z.string().max(40),
  /** The technician's staff id (an operator id, not customer data). */
  createdBy: z.string().regex(/^[A-Z0-9-]{3,32}$/),
  health: KioskHealth,
  devices: z.array(DeviceReport).max(8),
  portsPresent: z.array(PresentPort).max(64),
  /** Raw card-reader traffic, masked by the driver: newest last. */
  cardReaderTraffic: z.array(TrafficEntry).max(500),
  /** Journal events by type over the whole journal: counts only, never payloads. */
  journalEventCounts: z.record(z.string().regex(/^[a-zA-Z.]{1,64}$/), z.number().int().min(0)),
  /** The last self-test results of this service session. */
  selfTests: z.array(z.object({ test: z.string().max(40), ok: z.boolean(), detail: Text(200), at: z.string().max(40) }).strict()).max(50),
}).strict();
export type DiagnosticsBundle = z.infer<typeof DiagnosticsBundle>;

export const UploadDiagnosticsRequest = z.object({
  sessionId: z.uuid(),
  bundle: DiagnosticsBundle,
}).strict();
export type UploadDiagnosticsRequest = z.infer<typeof UploadDiagnosticsRequest>;

export const UploadDiagnosticsResponse = z.object({ stored: z.literal(true), bundleId: z.string().regex(/^[0-9]{1,18}$/), receivedAt: z.iso.datetime({ offset: true }) }).strict();
export type UploadDiagnosticsResponse = z.infer<typeof UploadDiagnosticsResponse>;

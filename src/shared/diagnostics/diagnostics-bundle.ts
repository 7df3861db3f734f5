/**
 * The technician's diagnostics bundle (issue 8, "Export a diagnostics
 * bundle ... no personal data"). Declared once: the kiosk builds and
 * validates it before writing or uploading, and HQ validates it again on
 * upload. No field has room for a PIN, a full card number or a customer's
 * name: card numbers in the traffic trace are masked by the driver
 * (src/devices/card-reader/diagnostics.ts), journal events appear only as
 * counts by type, and every field (every string, key and trace byte) is
 * checked for card numbers and track data, so that a driver that forgot to
 * mask is refused here (issue 15, "Masking by construction").
 */
import { z } from 'zod';
import { CrashCounts } from '../hq-api/crash-counts';
import { GROUPED_FINGERPRINT_PATTERN } from '../hq-api/key-fingerprint';

/** Ten or more digits in a row (a card number), or track-data sentinels; same rule as the journal's SafeText. */
const SENSITIVE = /(?:[0-9０-９][\s\-]*){10,}|%[A-Z]|\^|;[0-9]|[0-9]=[0-9]/;
/** Track sentinels `;`...`?` (tracks 2 and 3) and `%B` (track 1 format B), as DEVICES.md "Magnetic stripe" gives them. */
const TRACK_SENTINELS = /;[0-9=]*\?|%B/;

/** Track shapes in decoded trace bytes: `;digits...?`, `%B` and a digit, `PAN=YYMM`. */
const HEX_TRACK = /;[0-9][0-9=]*\?|%B[0-9]|[0-9]{4,}=[0-9]{4}/;

export function looksPersonal(text: string): boolean {
  return SENSITIVE.test(text) || TRACK_SENTINELS.test(text);
}

/** ISO/IEC 7812 check digit: the Luhn sum of a card number is a multiple of ten. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 0x30;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Does this run of digits look like a PAN (issue 15, "Masking by
 * construction"; PCI DSS req. 3.3/3.4)? The issue names Luhn-valid 13 to 19
 * digit runs and any 10, 15 or 16 digit run. A longer run contains a 10-digit
 * run (and a byte such as PM '0' or a field separator next to a PAN makes the
 * run longer than the PAN), so any run of 10 or more digits counts, and every
 * Luhn-valid 13-19 digit run is among them.
 */
export function looksLikePan(digits: string): boolean {
  return /^[0-9]{10,}$/.test(digits);
}

/**
 * An integer field's digits: counters, uptimes and clock skews legitimately
 * reach 10 or 12 digits, so for numbers only the card-number shapes count: a
 * Luhn-valid 13 to 19 digit number, or any 15 or 16 digit one.
 */
export function numberLooksLikePan(value: number): boolean {
  if (!Number.isInteger(value)) return false;
  const digits = String(Math.abs(value));
  const n = digits.length;
  return n === 15 || n === 16 || (n >= 13 && n <= 19 && luhnValid(digits));
}

/**
 * Does a trace's hex carry track data? The bytes are decoded (masked `**`
 * bytes break a run) and checked as ASCII, as a reader's ASCII mode sends
 * them: a PAN-like digit run (looksLikePan) or a track between sentinels.
 * The free-text rule (looksPersonal) is not used here: a lone BCC or LEN byte
 * may well be `^` or `;`, and would refuse honest frames. Ten
 * or more consecutive binary-mode stripe characters (0x80 | code, see
 * crt310-bytes.ts BINARY_CHARACTER_MARK) are refused as well: only a track
 * read carries them, and the driver masks every one.
 */
export function hexLooksLikeTrackData(hex: string): boolean {
  let ascii = '';
  let binaryRun = 0;
  for (const pair of hex.split(' ')) {
    if (pair === '' || pair.includes('*')) {
      ascii += '|';
      binaryRun = 0;
      continue;
    }
    const byte = parseInt(pair, 16);
    binaryRun = byte >= 0x80 && byte <= 0x9f ? binaryRun + 1 : 0;
    if (binaryRun >= 10) return true;
    ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '|';
  }
  return HEX_TRACK.test(ascii) || (ascii.match(/[0-9]+/g) ?? []).some(looksLikePan);
}

/**
 * Every string and key anywhere in the bundle is checked, not only the free
 * texts, so no field added later can carry a card number unnoticed; integer
 * numbers by numberLooksLikePan.
 */
function findCardData(value: unknown, path: (string | number)[], found: (string | number)[][]): void {
  if (typeof value === 'string') {
    // Trace hex is digits and spaces by nature: it is checked as decoded bytes (Hex, hexLooksLikeTrackData).
    if (path[0] === 'cardReaderTraffic' && path[2] === 'hex') {
      if (hexLooksLikeTrackData(value)) found.push(path);
      return;
    }
    if (looksPersonal(value) || (value.match(/[0-9]+/g) ?? []).some(looksLikePan)) found.push(path);
  } else if (typeof value === 'number') {
    if (numberLooksLikePan(value)) found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findCardData(item, [...path, i], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (looksPersonal(key) || (key.match(/[0-9]+/g) ?? []).some(looksLikePan)) found.push([...path, key]);
      findCardData(item, [...path, key], found);
    }
  }
}

const Text = (max: number) => z.string().max(max).refine((s) => !looksPersonal(s), 'text may not contain card numbers, track data or long digit runs');
/** Hex of a traffic frame: masked bytes are `**`; the decoded bytes may not look like track data (issue 15). */
const Hex = z.string().max(2048)
  .regex(/^([0-9A-F*]{2}( [0-9A-F*]{2})*)?$/, 'hex bytes separated by spaces')
  .refine((s) => !hexLooksLikeTrackData(s), 'trace bytes may not decode to card numbers or track data');

export const TrafficEntry = z.object({
  at: z.string().max(40),
  direction: z.enum(['tx', 'rx']),
  hex: Hex,
  note: Text(200),
}).strict();
export type TrafficEntry = z.infer<typeof TrafficEntry>;

const Counters = z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.number().int().min(0)).refine((r) => Object.keys(r).length <= 40, 'at most 40 counters');

export const DeviceReport = z.object({
  name: z.enum(['cardReader', 'idScanner', 'printer']),
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
    /** The kiosk key's fingerprint, grouped hex (issue 16: the administrator enrols the kiosk by it; key-fingerprint.ts). */
    keyFingerprint: z.string().regex(GROUPED_FINGERPRINT_PATTERN).optional(),
    /** HQ answered `authenticationFailed`: this kiosk is not enrolled, or disabled or revoked (HQ does not say which). */
    refusesThisKiosk: z.boolean().optional(),
  }).strict(),
  appVersion: z.string().max(40),
  os: Text(120),
  node: z.string().max(40),
  uptimeSeconds: z.number().int().min(0),
  /** Recent app.crashRecovered journal events (when, and the last seq before the crash). */
  crashRecoveries: z.array(z.object({ at: z.string().max(40), lastSeqBeforeCrash: z.number().int().min(0).nullable() }).strict()).max(20),
  /** Unclean stops and renderer failures in the retained journal, as reported to HQ (issue 16). */
  crashCounts: CrashCounts,
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
}).strict().superRefine((bundle, ctx) => {
  const found: (string | number)[][] = [];
  findCardData(bundle, [], found);
  for (const path of found) ctx.addIssue({ code: 'custom', path, message: 'field may not contain card numbers or track data' });
});
export type DiagnosticsBundle = z.infer<typeof DiagnosticsBundle>;

export const UploadDiagnosticsRequest = z.object({
  sessionId: z.uuid(),
  bundle: DiagnosticsBundle,
}).strict();
export type UploadDiagnosticsRequest = z.infer<typeof UploadDiagnosticsRequest>;

export const UploadDiagnosticsResponse = z.object({ stored: z.literal(true), bundleId: z.string().regex(/^[0-9]{1,18}$/), receivedAt: z.iso.datetime({ offset: true }) }).strict();
export type UploadDiagnosticsResponse = z.infer<typeof UploadDiagnosticsResponse>;

/** A console operator's request for a bundle (issue 17), as HQ numbers it: in the status ack, and back with the upload. */
export const DiagnosticsRequestId = z.string().regex(/^[1-9][0-9]{0,17}$/);

/** `createdBy` of a bundle the kiosk made for a console request (no technician): names the request. */
export const remoteBundleAuthor = (requestId: string): string => `HQ-REQUEST-${requestId}`;

/** The kiosk's own upload of a requested bundle, signed as the kiosk (no technician session). */
export const UploadRequestedDiagnosticsRequest = z.object({
  requestId: DiagnosticsRequestId,
  bundle: DiagnosticsBundle,
}).strict();
export type UploadRequestedDiagnosticsRequest = z.infer<typeof UploadRequestedDiagnosticsRequest>;

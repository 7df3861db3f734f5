/**
 * One validated config file per kiosk (ARCHITECTURE.md, "Configuration").
 * Every field has a default that runs everything simulated on one machine,
 * so `npm start` needs no hardware and no server.
 */
import { z } from 'zod';
import { HqKeysResponse } from '../../shared/hq-api/keys';
import { HqTlsConfig, readHqTls } from '../hq-client/hq-tls';
import { trustHqKeys } from '../hq-client/trusted-hq-keys';
import { DEFAULT_EXPORT_ROOTS } from '../technician/export-targets';
import { PRINTER_BAUD_RATES } from '../../devices/printer/escpos-bytes';
import { UpdatesConfig } from '../updates/updates-config';
import { AccessibilityConfig } from './accessibility-config';

const BaudRate = z.union([1200, 2400, 4800, 9600, 19200, 38400].map((b) => z.literal(b)) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>]);
const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM (24-hour)');
const UsbId = z.number().int().min(0).max(0xffff);

export const CardReaderConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }).strict(),
  z.object({ kind: z.literal('serial'), path: z.string().min(1), baudRate: BaudRate.default(9600) }).strict(),
]);

export const IdScannerConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }).strict(),
  z.object({ kind: z.literal('hid'), vendorId: UsbId, productId: UsbId }).strict(),
  z.object({ kind: z.literal('serial'), path: z.string().min(1), baudRate: BaudRate.default(9600) }).strict(),
]);

/** The receipt / document printer: ESC/POS on a serial line or a USB printer's virtual COM port (docs/printer.md). */
export const PrinterConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }).strict(),
  z.object({
    kind: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.union(PRINTER_BAUD_RATES.map((b) => z.literal(b)) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>]).default(9600),
  }).strict(),
]);

/**
 * Loopback in the sense of the HQ link rule below: `localhost`, 127.0.0.0/8
 * or ::1, where no other machine can stand between kiosk and HQ.
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const KioskConfig = z.object({
  kioskId: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, 'kiosk id: 3 to 32 of A-Z, 0-9 and -').default('KIOSK-DEMO-01'),
  /** Journal, keys and caches live here. */
  dataDir: z.string().min(1).default('.data/kiosk'),
  hq: z.object({
    /**
     * Absent: start the embedded reference HQ (PGlite) next to the kiosk.
     * Off loopback it must be https and `keys` must be pinned (issue 15; the
     * refinement below): on any other link an attacker could serve its own PIN
     * key or forge receipts.
     */
    url: z.url({ protocol: /^https?$/ }).optional(),
    embeddedDataDir: z.string().min(1).default('.data/hq'),
    timeoutMs: z.number().int().min(500).max(60_000).default(8000),
    /**
     * HQ's public keys, exactly as GET /v1/hq-keys answers them (`npm run hq
     * -- keys` prints this block). Set in production: that route is the one
     * kiosk route without a signature, so without pinned keys the kiosk trusts
     * whoever answers it first (docs/hq.md, "Keys").
     */
    keys: HqKeysResponse.superRefine((keys, ctx) => {
      const trusted = trustHqKeys(keys);
      if (!trusted.ok) for (const problem of trusted.problems) ctx.addIssue({ code: 'custom', message: problem });
    }).optional(),
    /** Private CA and client certificate (mTLS) for an https HQ (hq-tls.ts; docs/hq.md, "TLS"). */
    tls: HqTlsConfig.optional(),
  }).strict().superRefine((hq, ctx) => {
    if (hq.tls !== undefined) {
      if (hq.url === undefined || new URL(hq.url).protocol !== 'https:') ctx.addIssue({ code: 'custom', path: ['tls'], message: 'TLS settings need an https: hq.url' });
      const read = readHqTls(hq.tls);
      if (!read.ok) for (const problem of read.problems) ctx.addIssue({ code: 'custom', path: ['tls', problem.field], message: problem.message });
    }
    if (hq.url === undefined) return;
    const url = new URL(hq.url);
    if (isLoopbackUrl(url)) return;
    if (url.protocol !== 'https:') ctx.addIssue({ code: 'custom', path: ['url'], message: `HQ off loopback (${url.hostname}) must be https:, not ${url.protocol}` });
    if (hq.keys === undefined) ctx.addIssue({ code: 'custom', path: ['keys'], message: `HQ off loopback (${url.hostname}) needs its keys pinned here (\`npm run hq -- keys\` prints them)` });
  }).default({ embeddedDataDir: '.data/hq', timeoutMs: 8000 }),
  devices: z.object({
    cardReader: CardReaderConfig.default({ kind: 'simulated' }),
    idScanner: IdScannerConfig.default({ kind: 'simulated' }),
    printer: PrinterConfig.default({ kind: 'simulated' }),
    retainBin: z.object({ high: z.number().int().min(1), full: z.number().int().min(1) }).strict()
      .refine((b) => b.high < b.full, 'retainBin.high must be below retainBin.full')
      .default({ high: 40, full: 50 }),
  }).strict().default({ cardReader: { kind: 'simulated' }, idScanner: { kind: 'simulated' }, printer: { kind: 'simulated' }, retainBin: { high: 40, full: 50 } }),
  /** The guidance handset (or headphone jack) and where guidance may sound (issue 18, accessibility-config.ts). */
  accessibility: AccessibilityConfig,
  /** Store-hours override; HQ's calendar applies otherwise. */
  storeHours: z.object({ open: HhMm, close: HhMm }).strict().optional(),
  /** Free-disk floor below which the journal (and so the kiosk) goes out of service. */
  diskFloorMb: z.number().int().min(1).default(200),
  /** Where technicians' diagnostics bundles are written; relative to dataDir unless absolute (issue 8). */
  diagnosticsDir: z.string().min(1).default('diagnostics'),
  /** Where removable drives are mounted; each one found there is offered as a place to write the bundle (issue 8). */
  diagnosticsExportRoots: z.array(z.string().min(1)).max(8).default([...DEFAULT_EXPORT_ROOTS]),
  /**
   * Journal events HQ has acknowledged are purged after this many days;
   * unacknowledged events are never purged (issue 6, "Retention").
   */
  journalRetentionDays: z.number().int().min(1).max(3650).default(90),
  /** Signed, staged updates (src/main/updates/updates-config.ts); absent: none. */
  updates: UpdatesConfig.optional(),
  /** Customer-flow timers; defaults in src/main/flows/ports.ts (DEFAULT_FLOW_TIMING). */
  timing: z.object({
    inactivityMs: z.number().int().min(1000).max(600_000),
    inactivityWarningSeconds: z.number().int().min(1).max(120),
    takeCardSeconds: z.number().int().min(1).max(120),
    noticeMs: z.number().int().min(500).max(60_000),
    goodbyeMs: z.number().int().min(100).max(60_000),
    documentScanTimeoutMs: z.number().int().min(1000).max(300_000),
    maxScanAttempts: z.number().int().min(1).max(10),
    serviceInactivityMs: z.number().int().min(1000).max(600_000),
    serviceInactivityWarningSeconds: z.number().int().min(1).max(120),
    documentPrintAttempts: z.number().int().min(1).max(10),
    documentPrintRetryMs: z.number().int().min(0).max(60_000),
    takeDocumentMs: z.number().int().min(1000).max(120_000),
  }).partial().strict().default({}),
}).strict();
export type KioskConfig = z.infer<typeof KioskConfig>;

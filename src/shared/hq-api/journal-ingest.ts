/**
 * `POST /v1/journal/batches` and `GET /v1/journal/status` (issue 6, "Sync"):
 * one declaration for the kiosk's sync worker and HQ's ingest route.
 *
 * Every domain answer is HTTP 200 with an `outcome`; transport problems
 * (401 from kiosk authentication, 400 for a malformed body, 5xx) are not
 * outcomes and the kiosk retries them with backoff.
 */
import { z } from 'zod';
import { JournalRow } from '../journal/journal-row';
import { SafeId, Seq, Sha256Hex } from '../journal/safe-values';
import { SIGNATURE_PATTERN } from './request-signing';

export const MAX_BATCH_EVENTS = 5_000;

/**
 * HQ's body limit for one batch, in bytes. A full batch of 5,000 rows is
 * about 2.5 MB of JSON, beyond Fastify's default 1 MiB that every other
 * route keeps; 16 MiB leaves room for large payloads without letting a
 * caller make HQ buffer an unbounded body.
 */
export const JOURNAL_BATCH_BODY_LIMIT = 16 * 1024 * 1024;

export const JournalBatchRequest = z.object({
  firstSeq: Seq,
  lastSeq: Seq,
  headHash: Sha256Hex,
  events: z.array(JournalRow).min(1).max(MAX_BATCH_EVENTS),
  /** Ed25519 over `batchSigningText` with the kiosk's key, base64. */
  signature: z.string().regex(SIGNATURE_PATTERN, 'an Ed25519 signature in base64'),
}).strict();
export type JournalBatchRequest = z.infer<typeof JournalBatchRequest>;

export const JournalReceipt = z.object({
  kioskId: SafeId,
  ackedThrough: z.number().int().min(0),
  headHash: Sha256Hex,
  issuedAt: z.string(),
  /** Ed25519 over `receiptSigningText` with HQ's key, base64. */
  signature: z.string(),
}).strict();
export type JournalReceipt = z.infer<typeof JournalReceipt>;

export const JournalRefusalReason = z.enum([
  /** A row's hash or prevHash does not continue the chain HQ holds. */
  'brokenChain',
  /** The batch signature does not verify with the kiosk's registered key. */
  'badSignature',
  /** firstSeq/lastSeq/headHash disagree with the events, or seqs are not contiguous. */
  'batchMismatch',
  /** A row HQ already holds arrived again with a different hash: history was rewritten. */
  'historyConflict',
  /** The authenticated kiosk is not registered or is disabled. */
  'unknownKiosk',
]);
export type JournalRefusalReason = z.infer<typeof JournalRefusalReason>;

export const JournalBatchResponse = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('accepted'),
    ackedThrough: z.number().int().min(0),
    /** Rows stored by this request; 0 for a batch HQ already had. */
    inserted: z.number().int().min(0),
    receipt: JournalReceipt,
  }).strict(),
  z.object({
    outcome: z.literal('gap'),
    /** The last seq HQ holds: resend from the one after it. */
    highWaterMark: z.number().int().min(0),
  }).strict(),
  z.object({
    outcome: z.literal('refused'),
    reason: JournalRefusalReason,
    atSeq: Seq.optional(),
  }).strict(),
]);
export type JournalBatchResponse = z.infer<typeof JournalBatchResponse>;

export const JournalAlertKind = z.enum(['brokenChain', 'badSignature', 'batchMismatch', 'historyConflict', 'declaredGap']);
export type JournalAlertKind = z.infer<typeof JournalAlertKind>;

export const JournalAlert = z.object({
  id: z.number().int(),
  kioskId: SafeId,
  kind: JournalAlertKind,
  atSeq: z.number().int().nullable(),
  detail: z.string(),
  raisedAt: z.string(),
}).strict();
export type JournalAlert = z.infer<typeof JournalAlert>;

/** One kiosk's journal position as the fleet view shows it (issue 5, "fleet view: journal position"). */
export const KioskJournalPosition = z.object({
  kioskId: SafeId,
  highWaterMark: z.number().int().min(0),
  headHash: Sha256Hex,
  lastBatchAt: z.string().nullable(),
  eventCount: z.number().int().min(0),
  openAlerts: z.array(JournalAlert),
}).strict();
export type KioskJournalPosition = z.infer<typeof KioskJournalPosition>;

export const JournalStatusResponse = KioskJournalPosition;
export type JournalStatusResponse = z.infer<typeof JournalStatusResponse>;

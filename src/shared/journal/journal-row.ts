/**
 * One stored journal row as the kiosk keeps it and HQ receives it, and the
 * hash chain over rows (issue 6; ARCHITECTURE.md, "Journal and sync"):
 * `hash = SHA-256(canonicalJson(row without hash))`, and the row without
 * its hash includes `prevHash`, so each hash covers the previous one. The
 * first row of a journal links to `GENESIS_HASH`.
 *
 * The digest itself is computed by the caller (node:crypto on the kiosk and
 * at HQ): this module also runs in the browser, which has only async hashing.
 */
import { z } from 'zod';
import { JournalActor } from './actor';
import { JOURNAL_EVENT_TYPES, JOURNAL_PAYLOADS, type JournalEventType, type JournalPayloads } from './event-payloads';
import { canonicalJson } from './canonical-json';
import { SafeId, SessionRef, Seq, Sha256Hex } from './safe-values';

export const GENESIS_HASH = '0'.repeat(64);

/** UTC with milliseconds, exactly as `Date.prototype.toISOString` writes it, so it re-encodes to the same bytes. */
export const UtcTimestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'UTC time as YYYY-MM-DDTHH:mm:ss.sssZ');

const rowShape = {
  seq: Seq,
  occurredAt: UtcTimestamp,
  /** CLOCK_MONOTONIC in whole milliseconds: orders events even when the wall clock is stepped. */
  monotonicMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  kioskId: SafeId,
  sessionId: SessionRef.nullable(),
  actor: JournalActor,
  prevHash: Sha256Hex,
  hash: Sha256Hex,
};

type RowVariant<K extends JournalEventType> = z.ZodObject<typeof rowShape & { type: z.ZodLiteral<K>; payload: JournalPayloads[K] }, z.core.$strict>;

function rowVariant<K extends JournalEventType>(type: K): RowVariant<K> {
  return z.object({ ...rowShape, type: z.literal(type), payload: JOURNAL_PAYLOADS[type] }).strict() as unknown as RowVariant<K>;
}

/**
 * A stored row: one strict object per event type, chosen by `type`, so the
 * payload is checked against its own schema in the same pass (HQ validates
 * thousands of rows per batch with this).
 */
export const JournalRow = z.discriminatedUnion('type', JOURNAL_EVENT_TYPES.map(rowVariant) as unknown as [RowVariant<JournalEventType>, ...RowVariant<JournalEventType>[]]) as unknown as z.ZodType<JournalRow>;

/** The row as code handles it: the payload's exact shape follows from `type` and was checked by the schema. */
export interface JournalRow {
  seq: number;
  occurredAt: string;
  monotonicMs: number;
  kioskId: string;
  sessionId: string | null;
  type: JournalEventType;
  actor: JournalActor;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type UnhashedJournalRow = Omit<JournalRow, 'hash'>;

/**
 * The exact bytes the row's hash is taken over: `canonicalJson` of the row
 * without its hash. Written out by hand with the keys in canonical order so
 * the actor and payload, encoded once, can be reused for storage (HQ's bulk
 * insert); `canonicalJson(row without hash)` gives the same string (tested).
 */
export function chainInput(row: UnhashedJournalRow, encoded?: { actor: string; payload: string }): string {
  const actor = encoded?.actor ?? canonicalJson(row.actor);
  const payload = encoded?.payload ?? canonicalJson(row.payload);
  return `{"actor":${actor},"kioskId":${JSON.stringify(row.kioskId)},"monotonicMs":${canonicalJson(row.monotonicMs)},`
    + `"occurredAt":${JSON.stringify(row.occurredAt)},"payload":${payload},"prevHash":${JSON.stringify(row.prevHash)},`
    + `"seq":${canonicalJson(row.seq)},"sessionId":${canonicalJson(row.sessionId)},"type":${JSON.stringify(row.type)}}`;
}

/** SHA-256 of a UTF-8 string, lower-case hex. */
export type Sha256Digest = (input: string) => string;

export type ChainBreak = { seq: number; problem: 'hashMismatch' | 'prevHashMismatch' | 'seqNotContiguous' };

/**
 * Walks rows in order from `prevHash` and returns the first row that does not
 * continue the chain, or null. `digest` is SHA-256 to lower-case hex.
 */
export function findChainBreak(
  rows: readonly JournalRow[], prevHash: string, prevSeq: number | null, digest: Sha256Digest,
  encoded?: readonly { actor: string; payload: string }[],
): ChainBreak | null {
  let expectedPrev = prevHash;
  let expectedSeq = prevSeq === null ? null : prevSeq + 1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (expectedSeq !== null && row.seq !== expectedSeq) return { seq: row.seq, problem: 'seqNotContiguous' };
    if (row.prevHash !== expectedPrev) return { seq: row.seq, problem: 'prevHashMismatch' };
    if (digest(chainInput(row, encoded?.[i])) !== row.hash) return { seq: row.seq, problem: 'hashMismatch' };
    expectedPrev = row.hash;
    expectedSeq = row.seq + 1;
  }
  return null;
}

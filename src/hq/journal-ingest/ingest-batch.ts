/**
 * HQ's side of journal sync (issue 6; ARCHITECTURE.md, "Journal and sync").
 * In one transaction, with the kiosk's cursor row locked: skip what HQ
 * already holds, refuse a gap with the high-water mark, check the batch
 * signature and that the chain continues from the stored head, insert in
 * bulk (`unnest`, ON CONFLICT DO NOTHING on kiosk+seq), advance the cursor,
 * and answer `ackedThrough` with a signed receipt.
 *
 * Exactly once: a batch HQ already committed (its answer lost on the way)
 * comes back as "accepted, nothing inserted" with the same `ackedThrough`;
 * concurrent copies of one batch serialise on the cursor row lock.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Db, Queryable } from '../../server-kit/db/db';
import { recordRetainBin } from '../fleet/retain-bin';
import {
  batchSigningText, canonicalJson, findChainBreak, GENESIS_HASH, receiptSigningText, type ChainBreak, type JournalRow,
} from '../../shared/journal';
import type { JournalAlertKind, JournalBatchRequest, JournalBatchResponse, JournalReceipt, JournalRefusalReason } from '../../shared/hq-api/journal-ingest';

export interface IngestOptions {
  /** HQ's clock (issue 5: every rule runs on an injected clock). */
  now?: () => Date;
}

function sha256Hex(input: string): string {
  return createHash('sha256').update(input, 'utf8').digest('hex');
}

type BatchShapeProblem = { reason: 'batchMismatch'; atSeq?: number; detail: string };

/** Checks that need no database: the batch says what it holds, and its rows belong to this kiosk. */
function checkBatchShape(kioskId: string, batch: JournalBatchRequest): BatchShapeProblem | null {
  const first = batch.events[0]!;
  const last = batch.events.at(-1)!;
  if (first.seq !== batch.firstSeq || last.seq !== batch.lastSeq || last.hash !== batch.headHash) {
    return { reason: 'batchMismatch', detail: 'firstSeq, lastSeq or headHash disagree with the events' };
  }
  for (let i = 0; i < batch.events.length; i++) {
    const row = batch.events[i]!;
    if (row.seq !== batch.firstSeq + i) return { reason: 'batchMismatch', atSeq: row.seq, detail: 'seqs in a batch must be contiguous' };
    if (row.kioskId !== kioskId) return { reason: 'batchMismatch', atSeq: row.seq, detail: 'a row names another kiosk' };
  }
  return null;
}

function signatureValid(publicKeyPem: string, kioskId: string, batch: JournalBatchRequest): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    const text = batchSigningText({ kioskId, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq, headHash: batch.headHash });
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(batch.signature, 'base64'));
  } catch {
    return false;
  }
}

export function signReceipt(receiptKey: KeyObject, fields: Omit<JournalReceipt, 'signature'>): JournalReceipt {
  const signature = sign(null, Buffer.from(receiptSigningText(fields), 'utf8'), receiptKey).toString('base64');
  return { ...fields, signature };
}

async function raiseAlert(tx: Queryable, kioskId: string, kind: JournalAlertKind, atSeq: number | null, detail: string, now: Date): Promise<void> {
  await tx.query('INSERT INTO journal_alerts (kiosk_id, kind, at_seq, detail, raised_at) VALUES ($1, $2, $3, $4, $5)', [kioskId, kind, atSeq, detail, now]);
}

function refused(reason: JournalRefusalReason, atSeq?: number): JournalBatchResponse {
  return atSeq === undefined ? { outcome: 'refused', reason } : { outcome: 'refused', reason, atSeq };
}

export async function ingestBatch(db: Db, kioskId: string, batch: JournalBatchRequest, receiptKey: KeyObject, options: IngestOptions = {}): Promise<JournalBatchResponse> {
  const now = (options.now ?? (() => new Date()))();
  const shapeProblem = checkBatchShape(kioskId, batch);

  try {
    return await ingestInTransaction();
  } catch (error) {
    if (!(error instanceof ChainBroken)) throw error;
    // The rows were rolled back with the transaction; the alert gets its own.
    await db.transaction((tx) => raiseAlert(tx, kioskId, 'brokenChain', error.seq, `row ${error.seq}: ${error.problem}`, now));
    return refused('brokenChain', error.seq);
  }

  function ingestInTransaction(): Promise<JournalBatchResponse> {
    return db.transaction(async (tx) => {
      const kiosk = (await tx.query<{ public_key: string; enabled: boolean }>('SELECT public_key, enabled FROM kiosks WHERE kiosk_id = $1', [kioskId])).rows[0];
      if (!kiosk || !kiosk.enabled) return refused('unknownKiosk');

      // Hashes are bytea in HQ's tables (migration 101) and hex on the wire: decode/encode at the SQL edge.
      await tx.query("INSERT INTO journal_cursors (kiosk_id, head_hash) VALUES ($1, decode($2, 'hex')) ON CONFLICT (kiosk_id) DO NOTHING", [kioskId, GENESIS_HASH]);
      const cursor = (await tx.query<{ high_water_mark: number | string; head_hash: string }>(
        "SELECT high_water_mark, encode(head_hash, 'hex') AS head_hash FROM journal_cursors WHERE kiosk_id = $1 FOR UPDATE", [kioskId])).rows[0]!;
      const highWaterMark = Number(cursor.high_water_mark);
      const headHash = cursor.head_hash;

      // A refusal is answered and alerted in a committed transaction: the alert
      // must survive even though the rows are refused (issue 6, "tamper alert").
      if (!signatureValid(kiosk.public_key, kioskId, batch)) {
        await raiseAlert(tx, kioskId, 'badSignature', batch.firstSeq, `batch ${batch.firstSeq}..${batch.lastSeq}: signature does not verify with the registered key`, now);
        return refused('badSignature');
      }
      if (shapeProblem) {
        await raiseAlert(tx, kioskId, 'batchMismatch', shapeProblem.atSeq ?? null, shapeProblem.detail, now);
        return refused('batchMismatch', shapeProblem.atSeq);
      }

      // Rows HQ already holds must be the very rows it holds: the same seq with
      // another hash means the kiosk's history was rewritten.
      const known = batch.events.filter((row) => row.seq <= highWaterMark);
      if (known.length > 0) {
        const stored = await tx.query<{ seq: number | string; hash: string }>(
          "SELECT seq, encode(hash, 'hex') AS hash FROM journal_events WHERE kiosk_id = $1 AND seq >= $2 AND seq <= $3", [kioskId, known[0]!.seq, known.at(-1)!.seq]);
        const storedHash = new Map(stored.rows.map((r) => [Number(r.seq), r.hash]));
        for (const row of known) {
          const hash = row.seq === highWaterMark ? headHash : storedHash.get(row.seq);
          // A row HQ never held (below a declared gap) has nothing to compare with.
          if (hash !== undefined && hash !== row.hash) {
            await raiseAlert(tx, kioskId, 'historyConflict', row.seq, `row ${row.seq} arrived again with a different hash`, now);
            return refused('historyConflict', row.seq);
          }
        }
      }

      const fresh = batch.events.filter((row) => row.seq > highWaterMark);
      if (fresh.length === 0) return accepted(highWaterMark, headHash, 0);

      const first = fresh[0]!;
      let linkFrom = headHash;
      if (first.seq !== highWaterMark + 1 || first.prevHash !== headHash) {
        // The only break a kiosk may declare: its journal was found corrupt,
        // quarantined and restarted (src/main/journal). Accepted, and raised
        // for people to look at; anything else is a gap or a broken chain.
        if (first.type === 'journal.restarted') {
          const lost = first.seq > highWaterMark + 1 ? `seqs ${highWaterMark + 1}..${first.seq - 1} never arrived` : 'no seqs missing';
          await raiseAlert(tx, kioskId, 'declaredGap', first.seq, `kiosk journal restarted after quarantine (${String(first.payload.quarantinedAs)}); ${lost}`, now);
          linkFrom = first.prevHash;
        } else if (first.seq !== highWaterMark + 1) {
          return { outcome: 'gap', highWaterMark };
        } else {
          await raiseAlert(tx, kioskId, 'brokenChain', first.seq, `row ${first.seq} does not continue from HQ's head ${headHash.slice(0, 12)}…`, now);
          return refused('brokenChain', first.seq);
        }
      }

      // The insert is sent first and the chain checked while PostgreSQL works on
      // it: both must pass before the commit, and a broken chain rolls the
      // insert back (below), so overlapping them changes nothing but the time.
      const encoded = fresh.map((row) => ({ actor: canonicalJson(row.actor), payload: canonicalJson(row.payload) }));
      const insertion = insertEncodedRows(tx, kioskId, fresh, encoded, now).then(
        (count) => ({ ok: true as const, count }), (error: unknown) => ({ ok: false as const, error }));
      const broken = await findChainBreakYielding(fresh, linkFrom, encoded);
      const insertedResult = await insertion;
      if (broken) throw new ChainBroken(broken.seq, broken.problem);
      if (!insertedResult.ok) throw insertedResult.error;
      const inserted = insertedResult.count;
      const last = fresh.at(-1)!;
      await tx.query(
        "UPDATE journal_cursors SET high_water_mark = $2, head_hash = decode($3, 'hex'), event_count = event_count + $4, last_batch_at = $5 WHERE kiosk_id = $1",
        [kioskId, last.seq, last.hash, inserted, now]);
      await recordRetainBin(tx, kioskId, fresh);
      return accepted(last.seq, last.hash, inserted);
    });
  }

  function accepted(ackedThrough: number, headHash: string, inserted: number): JournalBatchResponse {
    const receipt = signReceipt(receiptKey, { kioskId, ackedThrough, headHash, issuedAt: now.toISOString() });
    return { outcome: 'accepted', ackedThrough, inserted, receipt };
  }
}

/**
 * The chain check in slices, yielding to the event loop between them so the
 * socket can keep streaming the insert to PostgreSQL meanwhile.
 */
async function findChainBreakYielding(rows: readonly JournalRow[], prevHash: string, encoded: readonly { actor: string; payload: string }[]): Promise<ChainBreak | null> {
  const slice = 500;
  let link = prevHash;
  for (let start = 0; start < rows.length; start += slice) {
    const part = rows.slice(start, start + slice);
    const broken = findChainBreak(part, link, start === 0 ? null : rows[start - 1]!.seq, sha256Hex, encoded.slice(start, start + slice));
    if (broken) return broken;
    link = part.at(-1)!.hash;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return null;
}

class ChainBroken extends Error {
  constructor(readonly seq: number, readonly problem: string) {
    super(`journal chain broken at ${seq}: ${problem}`);
  }
}

/**
 * One statement per batch: arrays per column through `unnest` (PostgreSQL and
 * PGlite alike), hashes sent as hex and stored as bytea. `journal_events` is
 * partitioned by `received_at` (migration 101), so its primary key is
 * (kiosk_id, seq, received_at): a conflict can only be the same row again.
 * (kiosk_id, seq) stays unique because callers insert only seqs above the
 * cursor's high-water mark with the cursor row locked.
 */
export function insertRows(tx: Queryable, kioskId: string, rows: readonly JournalRow[], receivedAt: Date): Promise<number> {
  return insertEncodedRows(tx, kioskId, rows, rows.map((r) => ({ actor: canonicalJson(r.actor), payload: canonicalJson(r.payload) })), receivedAt);
}

async function insertEncodedRows(tx: Queryable, kioskId: string, rows: readonly JournalRow[], encoded: readonly { actor: string; payload: string }[], receivedAt: Date): Promise<number> {
  const result = await tx.query(
    `INSERT INTO journal_events (kiosk_id, seq, occurred_at, monotonic_ms, session_id, type, actor, payload, prev_hash, hash, received_at)
     SELECT $1, u.seq, u.occurred_at, u.monotonic_ms, u.session_id, u.type, u.actor, u.payload, decode(u.prev_hash, 'hex'), decode(u.hash, 'hex'), $11
       FROM unnest($2::bigint[], $3::timestamptz[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[], $10::text[])
         AS u (seq, occurred_at, monotonic_ms, session_id, type, actor, payload, prev_hash, hash)
     ON CONFLICT DO NOTHING`,
    [
      kioskId,
      rows.map((r) => r.seq),
      rows.map((r) => r.occurredAt),
      rows.map((r) => r.monotonicMs),
      rows.map((r) => r.sessionId),
      rows.map((r) => r.type),
      encoded.map((e) => e.actor),
      encoded.map((e) => e.payload),
      rows.map((r) => r.prevHash),
      rows.map((r) => r.hash),
      receivedAt,
    ]);
  return result.rowCount;
}

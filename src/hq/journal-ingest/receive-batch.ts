/**
 * The handler behind `pushJournalBatch` (HQ_ROUTES): ingests with HQ's
 * receipt key and clock. Every answer is a domain outcome (accepted, gap,
 * refused), never a Refusal; a refusal is a tamper signal, so it is also
 * logged as a warning beside the alert `ingestBatch` commits.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { JournalBatchRequest, JournalBatchResponse } from '../../shared/hq-api/journal-ingest';
import type { HqContext, Outcome } from '../context';
import { ingestBatch } from './ingest-batch';

export async function receiveJournalBatch(ctx: HqContext, kioskId: string, batch: JournalBatchRequest, log: FastifyBaseLogger): Promise<Outcome<JournalBatchResponse>> {
  const answer = await ingestBatch(ctx.db, kioskId, batch, ctx.keys.receiptPrivateKey, { now: ctx.clock });
  if (answer.outcome === 'refused') log.warn({ kioskId, reason: answer.reason, atSeq: answer.atSeq }, 'journal batch refused');
  return { ok: true, value: answer };
}

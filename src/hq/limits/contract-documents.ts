/**
 * HQ's record of contract-change documents (貸金業法 art. 17; migration
 * 009): issued in the same transaction as the limit change they describe,
 * so no change is ever without its document; delivered or not as the kiosk
 * reports; listed for staff while not delivered; marked when staff reissue.
 */
import { randomUUID } from 'node:crypto';
import { tokyoDateString, tokyoDayOf } from '../../shared/domain/calendar/tokyo-time';
import type {
  ContractChangeDocument,
  ContractDocumentKind,
  DocumentDeliveryAck,
  DocumentDeliveryReport,
} from '../../shared/hq-api/contract-document';
import type { Queryable } from '../../server-kit/db/db';
import type { CustomerRecord } from '../cards/card-records';
import { refuse, type HqContext, type Outcome } from '../context';
import { logOperation } from '../operation-log';
import { contractDocumentLines } from './contract-document-text';

export interface DocumentIssue {
  kioskId: string;
  sessionId: string;
  customer: CustomerRecord;
  cardId: number;
  cardMasked: string;
  kind: ContractDocumentKind;
  previousLimit: number;
  newLimit: number;
  now: Date;
}

/** Writes the document for a limit change, inside the caller's transaction. */
export async function issueContractDocument(ctx: HqContext, tx: Queryable, issue: DocumentIssue): Promise<ContractChangeDocument> {
  const documentId = randomUUID();
  const lines = contractDocumentLines(ctx.policy.lender, {
    documentId, kind: issue.kind, issuedAt: issue.now, customerName: issue.customer.nameKanji, cardMasked: issue.cardMasked,
    previousLimit: issue.previousLimit, newLimit: issue.newLimit,
  });
  const document: ContractChangeDocument = {
    documentId, kind: issue.kind, issuedAt: issue.now.toISOString(), effectiveDate: tokyoDateString(tokyoDayOf(issue.now.getTime())),
    previousLimit: issue.previousLimit, newLimit: issue.newLimit, lines,
  };
  await tx.query(
    `INSERT INTO contract_documents (document_id, customer_id, card_id, card_masked, kiosk_id, session_id, kind, previous_limit, new_limit, issued_at, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [documentId, issue.customer.customerId, issue.cardId, issue.cardMasked, issue.kioskId, issue.sessionId, issue.kind,
      issue.previousLimit, issue.newLimit, issue.now.toISOString(), JSON.stringify(document)]);
  return document;
}

/**
 * The kiosk's report. Only the kiosk the document was issued to may report
 * it, and a document staff already reissued stays reissued (a late report
 * cannot put it back on the list or take it off).
 */
export async function recordDocumentDelivery(ctx: HqContext, kioskId: string, report: DocumentDeliveryReport): Promise<Outcome<DocumentDeliveryAck>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx): Promise<Outcome<DocumentDeliveryAck>> => {
    const { rows } = await tx.query<{ delivery: string; session_id: string; card_masked: string; card_id: number | string }>(
      'SELECT delivery, session_id, card_masked, card_id FROM contract_documents WHERE document_id = $1 AND kiosk_id = $2 FOR UPDATE',
      [report.documentId, kioskId]);
    const row = rows[0];
    if (!row) return refuse('notFound', 'no such contract document for this kiosk');
    const delivery = report.delivered ? 'delivered' : 'notDelivered';
    if (row.delivery !== 'reissued') {
      await tx.query(
        'UPDATE contract_documents SET delivery = $2, delivery_failure = $3, print_attempts = $4, delivery_reported_at = $5 WHERE document_id = $1',
        [report.documentId, delivery, report.delivered ? null : report.failure, report.attempts, now.toISOString()]);
    }
    await logOperation(tx, {
      at: now, kioskId, sessionId: row.session_id, operation: 'contractDocumentDelivery', outcome: delivery,
      cardMasked: row.card_masked, cardId: Number(row.card_id),
      detail: { documentId: report.documentId, attempts: report.attempts, ...(report.delivered ? {} : { failure: report.failure }) },
    });
    return { ok: true, value: { documentId: report.documentId, delivery } };
  });
}

export interface DocumentToDeliver {
  documentId: string;
  kind: ContractDocumentKind;
  delivery: 'pending' | 'notDelivered';
  failure: string | null;
  kioskId: string;
  cardMasked: string;
  previousLimit: number;
  newLimit: number;
  issuedAt: string;
}

/** Staff's list: every document not known to be in the customer's hands, oldest first. */
export async function documentsToDeliver(ctx: HqContext, limit = 200): Promise<DocumentToDeliver[]> {
  const { rows } = await ctx.db.query<{
    document_id: string; kind: ContractDocumentKind; delivery: 'pending' | 'notDelivered'; delivery_failure: string | null; kiosk_id: string;
    card_masked: string; previous_limit: number | string; new_limit: number | string; issued_at: Date | string;
  }>(
    `SELECT document_id, kind, delivery, delivery_failure, kiosk_id, card_masked, previous_limit, new_limit, issued_at
     FROM contract_documents WHERE delivery IN ('pending', 'notDelivered') ORDER BY issued_at, document_id LIMIT $1`, [limit]);
  return rows.map((r) => ({
    documentId: r.document_id, kind: r.kind, delivery: r.delivery, failure: r.delivery_failure, kioskId: r.kiosk_id, cardMasked: r.card_masked,
    previousLimit: Number(r.previous_limit), newLimit: Number(r.new_limit), issuedAt: new Date(r.issued_at).toISOString(),
  }));
}

/** The document as issued, to print again at the counter. */
export async function findContractDocument(ctx: HqContext, documentId: string): Promise<ContractChangeDocument | null> {
  const { rows } = await ctx.db.query<{ content: ContractChangeDocument | string }>('SELECT content FROM contract_documents WHERE document_id = $1', [documentId]);
  const content = rows[0]?.content;
  if (content === undefined) return null;
  return typeof content === 'string' ? JSON.parse(content) as ContractChangeDocument : content;
}

/** Staff handed the customer a copy: off the list, with who did it. */
export async function markDocumentReissued(ctx: HqContext, documentId: string, staffId: string): Promise<Outcome<{ documentId: string; delivery: 'reissued' }>> {
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ kiosk_id: string; session_id: string; card_masked: string; card_id: number | string }>(
      `UPDATE contract_documents SET delivery = 'reissued', reissued_at = $2, reissued_by = $3 WHERE document_id = $1 AND delivery <> 'reissued'
       RETURNING kiosk_id, session_id, card_masked, card_id`, [documentId, now.toISOString(), staffId]);
    const row = rows[0];
    if (!row) return refuse('notFound', 'no such contract document, or already reissued');
    await logOperation(tx, {
      at: now, kioskId: row.kiosk_id, sessionId: row.session_id, operation: 'contractDocumentReissue', outcome: 'reissued',
      cardMasked: row.card_masked, cardId: Number(row.card_id), detail: { documentId, staffId },
    });
    return { ok: true as const, value: { documentId, delivery: 'reissued' as const } };
  });
}

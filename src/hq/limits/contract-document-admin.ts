/**
 * Staff's view of contract-change documents (貸金業法 art. 17; issue 14),
 * under /admin with the admin bearer token: the documents not known to be
 * in the customer's hands, one document's content to print again at the
 * counter, and marking it reissued. Kept small on purpose: a JSON list for
 * the back office, not a console page.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HqErrorBody } from '../../shared/hq-api/common';
import { ContractChangeDocument, ContractDocumentKind } from '../../shared/hq-api/contract-document';
import type { HqContext } from '../context';
import { sendRefusal } from '../http/error-status';
import { documentsToDeliver, findContractDocument, markDocumentReissued } from './contract-documents';

const DocumentIdParams = z.object({ documentId: z.uuid() }).strict();
const ReissueBody = z.object({ staffId: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/) }).strict();

export const DocumentsToDeliverResponse = z.object({
  documents: z.array(z.object({
    documentId: z.uuid(),
    kind: ContractDocumentKind,
    delivery: z.enum(['pending', 'notDelivered']),
    failure: z.string().nullable(),
    kioskId: z.string(),
    cardMasked: z.string(),
    previousLimit: z.number().int(),
    newLimit: z.number().int(),
    issuedAt: z.string(),
  }).strict()),
}).strict();

export async function contractDocumentAdminRoutes(admin: FastifyInstance, options: { ctx: HqContext }): Promise<void> {
  const { ctx } = options;
  const security = [{ adminToken: [] }];
  admin.get('/contract-documents/undelivered', {
    schema: {
      summary: 'Contract-change documents (art. 17) not known to be delivered: reported not delivered, or never reported', tags: ['admin'], security,
      response: { 200: DocumentsToDeliverResponse, 401: HqErrorBody },
    },
  }, async () => ({ documents: await documentsToDeliver(ctx) }));
  admin.get('/contract-documents/:documentId', {
    schema: {
      summary: 'One contract-change document as issued, to print again at the counter', tags: ['admin'], security, params: DocumentIdParams,
      response: { 200: ContractChangeDocument, 401: HqErrorBody, 404: HqErrorBody },
    },
  }, async (request, reply) => {
    const document = await findContractDocument(ctx, (request.params as z.infer<typeof DocumentIdParams>).documentId);
    if (!document) return sendRefusal(reply, { code: 'notFound', message: 'no such contract document' });
    return document;
  });
  admin.post('/contract-documents/:documentId/reissue', {
    schema: {
      summary: 'Staff handed the customer a copy of the document: off the undelivered list', tags: ['admin'], security, params: DocumentIdParams, body: ReissueBody,
      response: { 200: z.object({ documentId: z.uuid(), delivery: z.literal('reissued') }).strict(), 401: HqErrorBody, 404: HqErrorBody },
    },
  }, async (request, reply) => {
    const outcome = await markDocumentReissued(ctx, (request.params as z.infer<typeof DocumentIdParams>).documentId, (request.body as z.infer<typeof ReissueBody>).staffId);
    if (!outcome.ok) return sendRefusal(reply, outcome);
    return outcome.value;
  });
}

/**
 * Journal ingest routes, registered by `buildHqApp` under the authenticated
 * `/v1` scope (kiosk-auth sets `request.kiosk`): `POST /v1/journal/batches`
 * and `GET /v1/journal/status`. Request and response shapes are the shared
 * zod schemas in src/shared/hq-api/journal-ingest.ts.
 */
import type { KeyObject } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/db';
import { HqErrorBody } from '../../shared/hq-api/common';
import { JournalBatchRequest, JournalBatchResponse, JournalStatusResponse } from '../../shared/hq-api/journal-ingest';
import { ingestBatch } from './ingest-batch';
import { readKioskJournalPosition } from './journal-positions';

export interface JournalIngestRoutesOptions {
  db: Db;
  /** HQ's Ed25519 private key; signs receipts. */
  receiptKey: KeyObject;
  /** HQ's clock; defaults to the system clock. */
  now?: () => Date;
}

/** A full batch of 5,000 rows is about 2.5 MB of JSON; Fastify's default limit is 1 MiB. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

/** Set by kiosk-auth; read structurally so this plugin does not depend on how that module declares it. */
function authenticatedKiosk(request: FastifyRequest): string | null {
  const id = (request as unknown as { kiosk?: { id?: unknown } }).kiosk?.id;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

function unauthenticated(reply: FastifyReply) {
  const body: HqErrorBody = { code: 'missingAuthentication', message: 'journal routes need an authenticated kiosk' };
  return reply.code(401).send(body);
}

export const journalIngestRoutes: FastifyPluginAsync<JournalIngestRoutesOptions> = async (app, options) => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.post('/journal/batches', {
    bodyLimit: BATCH_BODY_LIMIT,
    schema: {
      summary: 'Push a signed batch of journal events (exactly once, in seq order)',
      body: JournalBatchRequest,
      response: { 200: JournalBatchResponse, 401: HqErrorBody },
    },
  }, async (request, reply) => {
    const kioskId = authenticatedKiosk(request);
    if (!kioskId) return unauthenticated(reply);
    const result = await ingestBatch(options.db, kioskId, request.body, options.receiptKey, { now: options.now });
    if (result.outcome === 'refused') request.log.warn({ kioskId, reason: result.reason, atSeq: result.atSeq }, 'journal batch refused');
    return result;
  });

  typed.get('/journal/status', {
    schema: {
      summary: "HQ's position in this kiosk's journal and its open tamper alerts",
      response: { 200: JournalStatusResponse, 401: HqErrorBody },
    },
  }, async (request, reply) => {
    const kioskId = authenticatedKiosk(request);
    if (!kioskId) return unauthenticated(reply);
    return readKioskJournalPosition(options.db, kioskId);
  });
};

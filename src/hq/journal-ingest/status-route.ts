/**
 * `GET /v1/journal/status`: HQ's position in the calling kiosk's journal and
 * its open tamper alerts. Registered by `buildHqApp` under the authenticated
 * `/v1` scope; the batch push itself is an HQ_ROUTES entry
 * (`pushJournalBatch`, handled by receive-batch.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../server-kit/db/db';
import { authenticatedKioskId } from '../auth/kiosk-auth';
import { HqErrorBody } from '../../shared/hq-api/common';
import { JournalStatusResponse } from '../../shared/hq-api/journal-ingest';
import { readKioskJournalPosition } from './journal-positions';

export interface JournalStatusRouteOptions {
  db: Db;
}

export const journalStatusRoute: FastifyPluginAsync<JournalStatusRouteOptions> = async (app, options) => {
  // Set here too so the plugin also works mounted on its own (its test does that).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get('/journal/status', {
    schema: {
      summary: "HQ's position in this kiosk's journal and its open tamper alerts",
      response: { 200: JournalStatusResponse, 401: HqErrorBody },
    },
  }, async (request, reply) => {
    // Guards itself: mounted outside the kiosk-auth scope it refuses rather than answer for nobody.
    const kioskId = authenticatedKioskId(request);
    if (!kioskId) {
      const body: HqErrorBody = { code: 'missingAuthentication', message: 'journal routes need an authenticated kiosk' };
      return reply.code(401).send(body);
    }
    return readKioskJournalPosition(options.db, kioskId);
  });
};

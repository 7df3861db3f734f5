/**
 * Journal tamper alerts for machine clients under /admin with the admin
 * token (issue 19: "tamper alerts can be acknowledged (route)"): the open
 * ones, and acknowledging one. The acknowledgement is in the operation log
 * as the admin token's (`detail.via = "adminToken"`); people acknowledge in
 * the console under their own name (src/hq/console/alert-routes.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HqErrorBody } from '../../shared/hq-api/common';
import { JournalAlert } from '../../shared/hq-api/journal-ingest';
import type { HqContext } from '../context';
import { sendRefusal } from '../http/error-status';
import { acknowledgeJournalAlert, openJournalAlerts } from '../journal-ingest/journal-positions';

const JournalAlertIdParams = z.object({ alertId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

export async function journalAlertAdminRoutes(admin: FastifyInstance, options: { ctx: HqContext }): Promise<void> {
  const { ctx } = options;
  const security = [{ adminToken: [] }];
  admin.get('/journal-alerts', {
    schema: {
      summary: 'Open journal tamper alerts (broken chain, bad signature, batch mismatch, history conflict, declared gap)', tags: ['admin'], security,
      response: { 200: z.object({ alerts: z.array(JournalAlert), at: z.string() }).strict(), 401: HqErrorBody },
    },
  }, async () => ({ alerts: await openJournalAlerts(ctx.db), at: ctx.clock().toISOString() }));
  admin.post('/journal-alerts/:alertId/acknowledge', {
    schema: {
      summary: 'Acknowledge a journal tamper alert (logged as the admin token\'s); 404 when there is no such open alert', tags: ['admin'], security,
      params: JournalAlertIdParams, response: { 200: z.object({ acknowledged: z.literal(true) }).strict(), 400: HqErrorBody, 401: HqErrorBody, 404: HqErrorBody },
    },
  }, async (request, reply) => {
    const { alertId } = request.params as z.infer<typeof JournalAlertIdParams>;
    if (!await acknowledgeJournalAlert(ctx.db, alertId, ctx.clock(), { adminToken: true })) {
      return sendRefusal(reply, { code: 'notFound', message: 'no such open journal alert' });
    }
    return { acknowledged: true as const };
  });
}

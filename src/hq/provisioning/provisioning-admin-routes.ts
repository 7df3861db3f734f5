/**
 * Kiosk provisioning under /admin with the admin bearer token (issue 16),
 * for scripts and bootstrap; the console's pages do the same for named
 * administrators (src/hq/console/kiosk-provisioning-routes.ts). Each
 * change is in the operation log as by the admin token.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HqErrorBody } from '../../shared/hq-api/common';
import type { HqContext } from '../context';
import { sendRefusal } from '../http/error-status';
import type { Actor } from '../operation-log';
import { changeKioskState, EnrolKioskRequest, enrolKioskByFingerprint, KioskStateChange, listProvisionedKiosks, ProvisionedKiosk } from './kiosk-provisioning';

const KioskParams = z.object({ kioskId: z.string().max(64), change: KioskStateChange }).strict();

export async function provisioningAdminRoutes(admin: FastifyInstance, options: { ctx: HqContext; actor: Actor }): Promise<void> {
  const { ctx, actor } = options;
  const security = [{ adminToken: [] }];
  admin.get('/kiosks', {
    schema: {
      summary: 'Enrolled kiosks with their state (enabled, disabled, revoked) and key fingerprint', tags: ['admin'], security,
      response: { 200: z.object({ kiosks: z.array(ProvisionedKiosk) }).strict(), 401: HqErrorBody },
    },
  }, async () => ({ kiosks: await listProvisionedKiosks(ctx.db) }));
  admin.post('/kiosks', {
    schema: {
      summary: 'Enrol a kiosk by its public key and the fingerprint its technician page shows; 400 naming the field on a mismatch, a revoked key or an id enrolled',
      tags: ['admin'], security, body: EnrolKioskRequest,
      response: { 201: ProvisionedKiosk, 400: HqErrorBody, 401: HqErrorBody },
    },
  }, async (request, reply) => {
    const outcome = await enrolKioskByFingerprint(ctx.db, request.body as EnrolKioskRequest, actor, ctx.clock());
    if (!outcome.ok) return sendRefusal(reply, outcome);
    return reply.code(201).send(outcome.value);
  });
  admin.post('/kiosks/:kioskId/:change', {
    schema: {
      summary: 'Disable, enable or revoke a kiosk (revoked: its key is refused for good; it returns only by enrolment with a new key)',
      tags: ['admin'], security, params: KioskParams,
      response: { 200: ProvisionedKiosk, 400: HqErrorBody, 401: HqErrorBody, 404: HqErrorBody },
    },
  }, async (request, reply) => {
    const { kioskId, change } = request.params as z.infer<typeof KioskParams>;
    const outcome = await changeKioskState(ctx.db, kioskId, change, actor, ctx.clock());
    if (!outcome.ok) return sendRefusal(reply, outcome);
    return outcome.value;
  });
}

/**
 * Registers the routes of HQ_ROUTES (src/shared/hq-api/routes.ts) that need
 * a signed kiosk request, inside the authenticated /v1 scope. Each route's
 * body and 200 response are the shared schemas, its body limit the table's
 * (HQ_DEFAULT_BODY_LIMIT when it declares none); refusals are HqErrorBody.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { HqErrorBody } from '../../shared/hq-api/common';
import { HQ_DEFAULT_BODY_LIMIT, HQ_ROUTES, type HqRoute, type HqRouteName, type HqRouteResponse } from '../../shared/hq-api/routes';
import { authenticatedKioskId } from '../auth/kiosk-auth';
import { getCalendar } from '../calendar/calendar-service';
import { authenticateCard } from '../cards/card-authentication';
import { identifyCard } from '../cards/card-identification';
import type { HqContext, Outcome } from '../context';
import { recordKioskStatus } from '../fleet/fleet-service';
import { ERROR_STATUSES, sendRefusal } from '../http/error-status';
import { verifyIdentity } from '../identity/identity-verification';
import { receiveJournalBatch } from '../journal-ingest/receive-batch';
import { recordDocumentDelivery } from '../limits/contract-documents';
import { answerLimitOffer, decreaseLimit, reviewIncrease } from '../limits/limit-service';
import { PinHashBusyError } from '../pin/pin-hash-gate';
import { clearLock, resetPin } from '../pin/pin-reset';
import type { LimitPolicy } from '../policy/limit-review';
import { endKioskSession } from '../sessions/session-end';
import { uploadDiagnostics } from '../diagnostics/diagnostics-upload';
import { uploadRequestedDiagnostics } from '../diagnostics/diagnostics-requests';
import { staffClearLock, staffConfirmIdentity, staffLookupCustomer, staffResetPin, staffVerifyIdentity } from '../staff/staff-assist';

export type KioskRouteName = { [K in HqRouteName]: (typeof HQ_ROUTES)[K]['auth'] extends 'kiosk' ? K : never }[HqRouteName];
type Body<K extends KioskRouteName> = (typeof HQ_ROUTES)[K]['body'] extends z.ZodType ? z.output<(typeof HQ_ROUTES)[K]['body']> : undefined;
/** `log` is the request's logger, for the few handlers that log beyond the refusal line below (it carries the request id). */
type Handler<K extends KioskRouteName> = (kioskId: string, body: Body<K>, log: FastifyBaseLogger) => Promise<Outcome<HqRouteResponse<K>>>;

/** `ingestCtx`: the context journal ingest runs in (its own database pool on PostgreSQL; app.ts). */
export function kioskRouteHandlers(ctx: HqContext, limitPolicy: LimitPolicy, ingestCtx: HqContext = ctx): { [K in KioskRouteName]: Handler<K> } {
  return {
    authenticateCard: (kioskId, body) => authenticateCard(ctx, kioskId, body),
    identifyCard: (kioskId, body) => identifyCard(ctx, kioskId, body),
    verifyIdentity: (kioskId, body) => verifyIdentity(ctx, kioskId, body),
    resetPin: (kioskId, body) => resetPin(ctx, kioskId, body),
    clearLock: (kioskId, body) => clearLock(ctx, kioskId, body),
    reviewLimitIncrease: (kioskId, body) => reviewIncrease(ctx, limitPolicy, kioskId, body),
    answerLimitOffer: (kioskId, body) => answerLimitOffer(ctx, kioskId, body),
    decreaseLimit: (kioskId, body) => decreaseLimit(ctx, limitPolicy, kioskId, body),
    reportDocumentDelivery: (kioskId, body) => recordDocumentDelivery(ctx, kioskId, body),
    endSession: (kioskId, body) => endKioskSession(ctx, kioskId, body),
    getCalendar: (kioskId) => getCalendar(ctx, kioskId),
    reportStatus: (kioskId, body) => recordKioskStatus(ctx, kioskId, body),
    staffLookupCustomer: (kioskId, body) => staffLookupCustomer(ctx, kioskId, body),
    staffVerifyIdentity: (kioskId, body) => staffVerifyIdentity(ctx, kioskId, body),
    staffConfirmIdentity: (kioskId, body) => staffConfirmIdentity(ctx, kioskId, body),
    staffClearLock: (kioskId, body) => staffClearLock(ctx, kioskId, body),
    staffResetPin: (kioskId, body) => staffResetPin(ctx, kioskId, body),
    uploadDiagnostics: (kioskId, body) => uploadDiagnostics(ctx, kioskId, body),
    uploadRequestedDiagnostics: (kioskId, body) => uploadRequestedDiagnostics(ctx, kioskId, body),
    pushJournalBatch: (kioskId, body, log) => receiveJournalBatch(ingestCtx, kioskId, body, log),
  };
}

export function errorResponses(): Record<number, typeof HqErrorBody> {
  return Object.fromEntries(ERROR_STATUSES.map((status) => [status, HqErrorBody]));
}

/** Short: a customer is waiting, and the gate's queue drains in well under a second at a time. */
const PIN_BUSY_RETRY_AFTER_SECONDS = 1;

/** Told of every kiosk operation's outcome, with the body it answered (metrics: src/hq/observability). */
export type OutcomeObserver = (route: KioskRouteName, body: unknown, outcome: Outcome<unknown>) => void;

/** Registers into `scope`, which is mounted at /v1 with the kiosk-auth hook. */
export function registerKioskRoutes(scope: FastifyInstance, ctx: HqContext, limitPolicy: LimitPolicy, observe?: OutcomeObserver, ingestCtx: HqContext = ctx): void {
  const handlers = kioskRouteHandlers(ctx, limitPolicy, ingestCtx) as Record<KioskRouteName, (kioskId: string, body: unknown, log: FastifyBaseLogger) => Promise<Outcome<unknown>>>;
  // Widened to HqRoute so optional fields (bodyLimit) read the same on every entry.
  const routes: Record<HqRouteName, HqRoute> = HQ_ROUTES;
  for (const [name, route] of Object.entries(routes)) {
    if (route.auth !== 'kiosk') continue;
    const handler = handlers[name as KioskRouteName];
    scope.route({
      method: route.method,
      url: route.path.replace(/^\/v1/, ''),
      bodyLimit: route.bodyLimit ?? HQ_DEFAULT_BODY_LIMIT,
      schema: {
        operationId: name,
        summary: route.summary,
        tags: ['kiosk'],
        security: [{ kioskSignature: [] }],
        ...(route.body ? { body: route.body } : {}),
        response: { 200: route.response, ...errorResponses() },
      },
      handler: async (request, reply) => {
        const kioskId = authenticatedKioskId(request);
        if (!kioskId) return sendRefusal(reply, { code: 'missingAuthentication', message: 'no authenticated kiosk' });
        let outcome: Outcome<unknown>;
        try {
          outcome = await handler(kioskId, request.body, request.log);
        } catch (error) {
          if (!(error instanceof PinHashBusyError)) throw error;
          // Nothing was checked or counted: the kiosk may simply ask again (docs/hq.md, "Load protection").
          void reply.header('retry-after', String(PIN_BUSY_RETRY_AFTER_SECONDS));
          outcome = { ok: false, code: 'busy', message: error.message };
        }
        observe?.(name as KioskRouteName, request.body, outcome);
        if (!outcome.ok) {
          request.log.info({ route: name, code: outcome.code }, 'operation refused');
          return sendRefusal(reply, outcome);
        }
        return outcome.value;
      },
    });
  }
}

/**
 * Concurrency budgets (issue 19, "Load protection"): after an HQ outage every
 * kiosk drains its journal backlog at once, and customers at the machines
 * must not wait behind it. Each group of routes holds its own count of
 * requests in flight; a request over its group's limit is answered at once
 * with 429 `busy` and Retry-After (RFC 6585 section 4) instead of queueing,
 * and kiosks retry later with jitter (src/main/sync/sync-worker.ts).
 * - `ingest`: the journal batch push (bulk, retried by design), small;
 * - `interactive`: card authentication, identity, PIN, limits, staff
 *   assistance (a person is waiting), large: it bounds memory, not latency.
 * Routes in neither group (status, calendar, keys) are not budgeted.
 * The slot is taken after the kiosk's headers were checked (a stranger
 * never holds one) and before the body is read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HqRouteName } from '../../shared/hq-api/routes';
import { HQ_ROUTES } from '../../shared/hq-api/routes';
import { sendRefusal } from './error-status';
import type { HqMetrics } from '../observability/metrics';

export type BudgetName = 'ingest' | 'interactive';

export interface BudgetLimits {
  /** Journal batches in flight at once. Default 4 (the ingest pool's size on PostgreSQL). */
  ingest?: number;
  /** Interactive requests in flight at once. Default 256. */
  interactive?: number;
  /** Retry-After of a 429, in seconds. Default 10. */
  retryAfterSeconds?: number;
}

export const DEFAULT_BUDGETS = { ingest: 4, interactive: 256, retryAfterSeconds: 10 } as const;

const GROUPS: Record<BudgetName, readonly HqRouteName[]> = {
  ingest: ['pushJournalBatch'],
  interactive: [
    'authenticateCard', 'identifyCard', 'verifyIdentity', 'resetPin', 'clearLock',
    'reviewLimitIncrease', 'answerLimitOffer', 'decreaseLimit', 'endSession',
    'staffLookupCustomer', 'staffVerifyIdentity', 'staffConfirmIdentity', 'staffClearLock', 'staffResetPin',
  ],
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The budget this request holds a slot of, released once when it ends. */
    budgetHeld: BudgetName | null;
  }
}

/** The hooks that take and give back slots, for the /v1 scope. */
export function concurrencyBudgets(limits: BudgetLimits, metrics: HqMetrics) {
  const limit: Record<BudgetName, number> = { ingest: limits.ingest ?? DEFAULT_BUDGETS.ingest, interactive: limits.interactive ?? DEFAULT_BUDGETS.interactive };
  const retryAfter = String(limits.retryAfterSeconds ?? DEFAULT_BUDGETS.retryAfterSeconds);
  const inFlight: Record<BudgetName, number> = { ingest: 0, interactive: 0 };
  const byPath = new Map<string, BudgetName>();
  for (const [budget, names] of Object.entries(GROUPS) as [BudgetName, readonly HqRouteName[]][]) {
    for (const name of names) byPath.set(`${HQ_ROUTES[name].method} ${HQ_ROUTES[name].path}`, budget);
  }
  const release = (request: FastifyRequest) => {
    const held = request.budgetHeld;
    if (!held) return;
    request.budgetHeld = null;
    inFlight[held]--;
    metrics.budgetInFlight.set({ budget: held }, inFlight[held]);
  };
  return {
    inFlight: (budget: BudgetName) => inFlight[budget],
    /** onRequest, after the kiosk's headers passed (kiosk-auth's beforeBody). */
    async take(request: FastifyRequest, reply: FastifyReply) {
      if (reply.sent) return;
      const budget = byPath.get(`${request.method} ${request.routeOptions.url ?? ''}`);
      if (!budget) return;
      if (inFlight[budget] >= limit[budget]) {
        metrics.loadShed.inc({ budget });
        void reply.header('retry-after', retryAfter);
        return sendRefusal(reply, { code: 'busy', message: `HQ is at its ${budget} limit; retry after the Retry-After delay` });
      }
      inFlight[budget]++;
      request.budgetHeld = budget;
      metrics.budgetInFlight.set({ budget }, inFlight[budget]);
    },
    release: async (request: FastifyRequest) => release(request),
  };
}

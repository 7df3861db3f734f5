/**
 * Concurrency budgets (issue 19, "Load protection"): after an HQ outage every
 * kiosk drains its journal backlog at once, and customers at the machines
 * must not wait behind it. Each group of routes holds its own count of
 * requests in flight; a request over its group's limit may wait a moment
 * for a slot (a short, bounded line: `queue` requests for at most
 * `queueWaitMs`), and beyond that is answered with 429 `busy` and
 * Retry-After (RFC 6585 section 4); kiosks retry later with jitter
 * (src/main/sync/sync-worker.ts). The line absorbs the bursts a fleet's
 * random phases make (the fleet bench shed a few pushes a minute at 5,000
 * kiosks with every push answered in under 40 ms) without letting more than
 * `limit` run at once; under sustained pressure (a backlog drain) it is full
 * and the rest are shed as before.
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
  /** Journal batches that may wait for an ingest slot. Default 16; 0: shed at once. */
  ingestQueue?: number;
  /** The longest a request waits in that line before it is shed, in ms. Default 1000. */
  queueWaitMs?: number;
}

export const DEFAULT_BUDGETS = { ingest: 4, interactive: 256, retryAfterSeconds: 10, ingestQueue: 16, queueWaitMs: 1000 } as const;

/** A request waiting for a slot: granted one, timed out, or gone (its client went away). */
type Grant = 'granted' | 'timedOut' | 'gone';
interface Waiter { request: FastifyRequest; settle: (grant: Grant) => void; timer: NodeJS.Timeout }

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
  // Interactive requests are not held in a line: their limit bounds memory, and a person is waiting.
  const queueLimit: Record<BudgetName, number> = { ingest: limits.ingestQueue ?? DEFAULT_BUDGETS.ingestQueue, interactive: 0 };
  const queueWaitMs = limits.queueWaitMs ?? DEFAULT_BUDGETS.queueWaitMs;
  const waiting: Record<BudgetName, Waiter[]> = { ingest: [], interactive: [] };
  const leaveLine = (budget: BudgetName, waiter: Waiter) => {
    const index = waiting[budget].indexOf(waiter);
    if (index >= 0) waiting[budget].splice(index, 1);
    clearTimeout(waiter.timer);
    metrics.budgetQueued.set({ budget }, waiting[budget].length);
  };
  const waitForSlot = (budget: BudgetName, request: FastifyRequest) => new Promise<Grant>((resolve) => {
    const waiter: Waiter = { request, settle: resolve, timer: setTimeout(() => { leaveLine(budget, waiter); resolve('timedOut'); }, queueWaitMs) };
    waiting[budget].push(waiter);
    metrics.budgetQueued.set({ budget }, waiting[budget].length);
  });
  const byPath = new Map<string, BudgetName>();
  for (const [budget, names] of Object.entries(GROUPS) as [BudgetName, readonly HqRouteName[]][]) {
    for (const name of names) byPath.set(`${HQ_ROUTES[name].method} ${HQ_ROUTES[name].path}`, budget);
  }
  const release = (request: FastifyRequest) => {
    const held = request.budgetHeld;
    if (!held) {
      // Gone while waiting in line (onRequestAbort): it leaves the line and never takes a slot.
      for (const budget of Object.keys(waiting) as BudgetName[]) {
        const waiter = waiting[budget].find((w) => w.request === request);
        if (waiter) {
          leaveLine(budget, waiter);
          waiter.settle('gone');
        }
      }
      return;
    }
    request.budgetHeld = null;
    // The slot passes straight to the first in line (in flight stays counted), else frees.
    const next = waiting[held][0];
    if (next) {
      leaveLine(held, next);
      next.settle('granted');
      return;
    }
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
        const grant = waiting[budget].length < queueLimit[budget] ? await waitForSlot(budget, request) : 'timedOut';
        if (grant === 'gone') return;
        if (grant === 'timedOut') {
          metrics.loadShed.inc({ budget });
          void reply.header('retry-after', retryAfter);
          return sendRefusal(reply, { code: 'busy', message: `HQ is at its ${budget} limit; retry after the Retry-After delay` });
        }
        // Granted: the releasing request handed its slot over, still counted in flight.
        request.budgetHeld = budget;
        // Gone between the grant and here: onRequestAbort found nothing to release, so give the slot back now.
        if (request.raw.destroyed) release(request);
        return;
      }
      inFlight[budget]++;
      request.budgetHeld = budget;
      metrics.budgetInFlight.set({ budget }, inFlight[budget]);
    },
    release: async (request: FastifyRequest) => release(request),
  };
}

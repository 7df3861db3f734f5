/**
 * What a load balancer and a monitoring stack ask HQ (issue 19):
 * - GET /health/live: the process answers (restart it when it does not);
 * - GET /health/ready: the database answers within a deadline, this
 *   instance's migrations are all applied there, and the secrets are
 *   loaded; 503 otherwise, so the balancer sends kiosks elsewhere;
 * - GET /metrics: Prometheus text (metrics.ts). Who may read it
 *   (docs/hq.md, "Metrics and health"): with a metrics token configured,
 *   a request bearing it; without one, loopback only. Never the admin
 *   token: a scraper's credential should not open the console.
 * GET /health (the old liveness answer) stays as it was.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../server-kit/db/db';
import { pendingHqMigrations } from '../db/migrate';
import { adminTokenCheck, bearerToken } from '../http/admin-token';
import { sendRefusal } from '../http/error-status';
import type { HqKeys } from '../keys/hq-keys';
import type { HqMetrics } from './metrics';

const READY_DEADLINE_MS = 2_000;

const Check = z.enum(['ok', 'failed']);
export const ReadyResponse = z.object({
  ok: z.boolean(),
  checks: z.object({ database: Check, migrations: Check, secrets: Check }),
  /** Migration ids this instance has and the database lacks (an upgrade half done). */
  pendingMigrations: z.array(z.string()).optional(),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;

export interface HealthRoutesOptions {
  db: Db;
  keys: HqKeys;
  metrics: HqMetrics;
  /** Bearer token for /metrics; without one /metrics answers loopback clients only. */
  metricsToken?: string;
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error('deadline')), ms); });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export async function healthRoutes(app: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  app.get('/health/live', { schema: { summary: 'Liveness: the process answers', tags: ['public'], response: { 200: z.object({ ok: z.literal(true) }) } } }, async () => ({ ok: true as const }));

  app.get('/health/ready', {
    schema: { summary: 'Readiness: database reachable, migrations current, secrets loaded (503 otherwise)', tags: ['public'], response: { 200: ReadyResponse, 503: ReadyResponse } },
  }, async (_request, reply) => {
    const secrets = options.keys.pinPrivateKey && options.keys.receiptPrivateKey ? 'ok' : 'failed';
    let database: 'ok' | 'failed' = 'failed';
    let migrations: 'ok' | 'failed' = 'failed';
    let pending: string[] | undefined;
    try {
      pending = await withDeadline(pendingHqMigrations(options.db), READY_DEADLINE_MS);
      database = 'ok';
      migrations = pending.length === 0 ? 'ok' : 'failed';
    } catch {
      // Unreachable, too slow, or no ledger at all: not ready either way; the log of the failing query says more.
    }
    const body: ReadyResponse = { ok: database === 'ok' && migrations === 'ok' && secrets === 'ok', checks: { database, migrations, secrets }, ...(pending?.length ? { pendingMigrations: pending } : {}) };
    return reply.code(body.ok ? 200 : 503).send(body);
  });

  const tokenMatches = options.metricsToken ? adminTokenCheck(options.metricsToken) : null;
  app.get('/metrics', { schema: { summary: 'Prometheus metrics (metrics token, or loopback only without one)', tags: ['admin'], produces: ['text/plain'] } }, async (request, reply) => {
    // The socket's own peer, never X-Forwarded-For: "loopback" must not be claimable by a header.
    const allowed = tokenMatches ? tokenMatches(bearerToken(request.headers.authorization)) : LOOPBACK.test(request.socket.remoteAddress ?? '');
    if (!allowed) return sendRefusal(reply, { code: 'adminTokenRequired', message: tokenMatches ? '/metrics needs the HQ metrics bearer token' : '/metrics answers loopback clients only (configure a metrics token)' });
    return reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
}

/**
 * The reference HQ server (issue 5). `buildHqApp` wires the store, keys,
 * policy and clock into a Fastify instance with every route registered:
 * - public: GET /health, /health/live, /health/ready, GET /v1/hq-keys, GET /openapi.json, /docs;
 * - GET /metrics: Prometheus, for a metrics token or loopback (src/hq/observability);
 * - kiosk-signed, under /v1: the operations of HQ_ROUTES (the journal batch
 *   push among them) and the journal status route (src/hq/journal-ingest);
 * - admin (bearer token, for machine clients and bootstrap), under /admin: the fleet view,
 *   fleet alerts, announcements, creating console operators (the first administrator) and
 *   kiosk provisioning (enrol by fingerprint, disable, revoke: src/hq/provisioning);
 * - the operator console (named operators with sessions: issue 17), under /console.
 * It does not listen; cli.ts (or a test) calls `listen`.
 */
import fastifySwagger from '@fastify/swagger';
import underPressure from '@fastify/under-pressure';
import { randomUUID } from 'node:crypto';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { HqErrorBody } from '../shared/hq-api/common';
import { REQUEST_ID_HEADER } from '../shared/http/fetch-json';
import { AnnouncementIdParams, CreateAnnouncementRequest, CreateAnnouncementResponse, WithdrawAnnouncementResponse } from '../shared/hq-api/calendar';
import { FleetResponse } from '../shared/hq-api/kiosk-status';
import { HQ_DEFAULT_BODY_LIMIT, HQ_ROUTES } from '../shared/hq-api/routes';
import { KIOSK_HEADERS } from '../shared/hq-api/request-signing';
import { HQ_ANSWER_HEADERS } from '../shared/hq-api/answer-signing';
import { answerSigner } from './auth/answer-signing';
import { hqOrigin } from './auth/hq-origin';
import { decorateKiosk, kioskAuthentication } from './auth/kiosk-auth';
import type { HqTlsOptions } from './config/hq-tls';
import { useRawJsonBodies } from '../server-kit/http/raw-json-body';
import { requestErrorHandler } from '../server-kit/http/refusals';
import { HqPolicy } from './config/hq-policy';
import type { Clock, HqContext } from './context';
import type { Db } from '../server-kit/db/db';
import { AcknowledgeFleetAlertResponse, acknowledgeFleetAlert, FleetAlertIdParams, FleetAlertsResponse, openFleetAlerts } from './fleet/fleet-alerts';
import { readFleet } from './fleet/fleet-service';
import { announce, withdrawAnnouncement } from './calendar/announcements';
import { consoleRoutes } from './console/console-routes';
import { contractDocumentAdminRoutes } from './limits/contract-document-admin';
import { provisioningAdminRoutes } from './provisioning/provisioning-admin-routes';
import { GrowthHousekeeper } from './growth-housekeeping';
import type { RetentionSettings } from './retention';
import { AlertJob } from './fleet/alert-job';
import type { AlertSettings } from './config/alert-config';
import type { OidcSettings } from './config/oidc-config';
import { journalAlertAdminRoutes } from './fleet/journal-alert-admin';
import { ReplayGuardPruner } from './housekeeping';
import { bureauClientFor } from './credit-bureau/bureau-enquiry';
import { RegistrationDrainJob, RegistrationOutbox } from './credit-bureau/registration-outbox';
import type { BureauLinkConfig } from './config/bureau-config';
import { adminTokenCheck, bearerToken } from './http/admin-token';
import { concurrencyBudgets, type BudgetLimits } from './http/concurrency-budget';
import { sendRefusal } from './http/error-status';
import { journalStatusRoute } from './journal-ingest/status-route';
import { deriveKeys } from './keys/derived-keys';
import type { PinVerificationKeys } from './pin/pin-verification-keys';
import { hqKeysResponse, type HqKeys, type Pepper } from './keys/hq-keys';
import { createHqLogger, HqLogController } from './logging';
import { healthRoutes } from './observability/health-routes';
import { createHqMetrics, observeKioskOutcome } from './observability/metrics';
import { DEFAULT_LIMIT_POLICY, type LimitPolicy } from './policy/limit-review';
import { registerKioskRoutes } from './routes/kiosk-routes';
import type { ScryptCost } from './keys/scrypt-hash';
import { logActorOperation, type Actor } from './operation-log';
import { createOperator, CreatedOperatorResponse, NewOperator } from './operators/operator-accounts';
import { ReleaseStore, type HqUpdatesSettings } from './updates/release-store';
import { adminUpdateRoutes, kioskUpdateRoutes } from './updates/update-routes';

export interface BuildHqAppOptions {
  db: Db;
  keys: HqKeys;
  pepper: Pepper;
  /** PIN verification keys (src/hq/pin/pin-verification-keys.ts): set, new PINs are stored as keyed values; absent, as scrypt. */
  pinVerification?: PinVerificationKeys | null;
  /** HQ's clock for every rule (timestamps, sessions, calendar, limits). Default: the system clock. */
  clock?: Clock;
  /** A pino logger (see createHqLogger), or false for none. Default: createHqLogger(). */
  logger?: Logger | false;
  /** Lock threshold, session timeout, identity rules (src/hq/config/hq-policy.ts); validated (lock threshold 3 to 5). */
  policy?: z.input<typeof HqPolicy>;
  limitPolicy?: LimitPolicy;
  /** Bearer token for /admin routes; without one the admin routes are not registered. */
  adminToken?: string;
  /** The credit bureau (src/hq/config/bureau-config.ts). Without one, increase reviews are refused (bureauUnavailable). */
  bureau?: BureauLinkConfig | null;
  /**
   * Fastify's trustProxy (true, a hop count, or addresses/CIDRs of the load
   * balancers): behind a TLS-terminating proxy the protocol and host come
   * from X-Forwarded-*. Default false: nothing forwarded is believed.
   */
  trustProxy?: boolean | number | string | string[];
  /** Bearer token for GET /metrics; without one /metrics answers loopback clients only (health-routes.ts). */
  metricsToken?: string;
  /**
   * Overload protection (@fastify/under-pressure): every route answers 503
   * `overloaded` with Retry-After while the event loop's delay is over
   * `maxEventLoopDelayMs` (default 1000). false: off.
   */
  pressure?: { maxEventLoopDelayMs?: number; sampleIntervalMs?: number; retryAfterSeconds?: number } | false;
  /** Concurrency budgets of ingest and interactive routes (src/hq/http/concurrency-budget.ts). */
  budgets?: BudgetLimits;
  /** Retention and journal partitions ahead (src/hq/retention.ts, HQ_RETAIN_*); default DEFAULT_RETENTION. */
  retention?: RetentionSettings;
  /**
   * The store journal ingest uses: on PostgreSQL a pool of its own
   * (server.ts), so a fleet draining its backlog never holds the
   * connections card authentication needs. Default: `db`.
   */
  ingestDb?: Db;
  /**
   * HQ's origin as kiosks and browsers reach it (HQ_PUBLIC_ORIGIN, `https://hq.example`): named in
   * KIOSK-REQUEST-V2 and the console's same-origin check; default: the loopback listener's (auth/hq-origin.ts).
   */
  publicOrigin?: string;
  /** KIOSK-REQUEST-V1 is accepted only before this instant (HQ_ACCEPT_V1_UNTIL); never when absent. */
  acceptV1Until?: Date;
  /** TLS for the listener, mutual when it names a client CA (HQ_TLS_*, config/hq-tls.ts). */
  tls?: HqTlsOptions;
  /** scrypt cost of console operators' passwords (default OPERATOR_SCRYPT_COST; tests pass a cheap one). */
  operatorPasswordCost?: ScryptCost;
  /** Alert rules and the webhook on a timer of this process (HQ_ALERT_*, config/alert-config.ts); none: no timer (tests tick AlertJob themselves). */
  alerts?: AlertSettings;
  /** Single sign-on for the console (HQ_OIDC_*, config/oidc-config.ts); none: passwords only. */
  oidc?: OidcSettings;
  /** Signed updates (src/hq/updates, docs/deploy.md "Updates"): the release team's public key and the artefact folder. Without it, no update routes. */
  updates?: HqUpdatesSettings;
}

/** Admin-route actions are by the admin token, a machine client (issue 17: attributable, as that). */
const ADMIN_TOKEN_ACTOR: Actor = { adminToken: true };

export async function buildHqApp(options: BuildHqAppOptions): Promise<FastifyInstance> {
  const logger = options.logger === false ? createHqLogger({ level: 'silent' }) : options.logger ?? createHqLogger();
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Small unless a route says otherwise (HQ_ROUTES' bodyLimit: the journal batch); issue 15.
    bodyLimit: HQ_DEFAULT_BODY_LIMIT,
    // UUIDs, not per-process counters: ids stay unique across instances in merged logs (issue 19).
    // Never taken from the request: a client cannot make two requests share an id.
    genReqId: () => randomUUID(),
    // One line, not two, per status/calendar/journal/health request, and at debug when it succeeded (logging.ts, issue 19).
    logController: new HqLogController(),
    trustProxy: trustProxySetting(options.trustProxy),
    ...(options.tls ? { https: options.tls } : {}),
  }) as unknown as FastifyInstance;
  const clock = options.clock ?? (() => new Date());
  const bureau = options.bureau ? bureauClientFor(options.bureau, clock) : null;
  const registrations = new RegistrationOutbox(options.db, bureau, clock);
  const ctx: HqContext = {
    bureau,
    registrations,
    db: options.db,
    keys: options.keys,
    derived: deriveKeys(options.pepper, options.pinVerification ?? null),
    policy: HqPolicy.parse(options.policy ?? {}),
    clock,
    log: app.log,
  };
  const limitPolicy = options.limitPolicy ?? DEFAULT_LIMIT_POLICY;
  const db = options.db;
  const ingestDb = options.ingestDb ?? db;
  const metrics = createHqMetrics(db.poolStats ? { poolStats: () => ({ ...db.poolStats?.(), ...(ingestDb === db ? {} : ingestDb.poolStats?.()) }) } : {});
  const budgets = concurrencyBudgets(options.budgets ?? {}, metrics);
  const pruner = new ReplayGuardPruner(options.db);
  const growth = new GrowthHousekeeper(options.db, options.retention, app.log);
  // Registrations a bureau outage left pending are retried from requests (art. 41-35; registration-outbox.ts).
  const registrationJob = new RegistrationDrainJob(registrations);
  // On its own timer: a silent fleet sends no request, and must still raise silentKiosk (issue 17).
  const alertJob = options.alerts ? new AlertJob(db, options.alerts, clock, app.log) : null;
  const releases = options.updates ? new ReleaseStore(db, options.updates, clock) : null;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  useRawJsonBodies(app);
  decorateKiosk(app);
  app.decorateRequest('budgetHeld', null);
  app.setErrorHandler(requestErrorHandler('HQ', sendRefusal));
  app.setNotFoundHandler((_request, reply) => sendRefusal(reply, { code: 'notFound', message: 'no such route' }));
  app.addHook('onRequest', async (request, reply) => {
    // Echoed so the kiosk's log line of a failure names HQ's (src/main/hq-client/connect-hq.ts).
    void reply.header(REQUEST_ID_HEADER, request.id);
    pruner.maybePrune(clock());
    growth.maybePrune(clock());
    registrationJob.maybePrune(clock());
  });
  app.addHook('onReady', async () => { alertJob?.start(); });
  app.addHook('onClose', async () => { await alertJob?.stop(); await pruner.settle(); await growth.settle(); await registrationJob.settle(); await registrations.settle(); });
  app.addHook('onResponse', async (request, reply) => {
    // The route template, never the URL: a client cannot mint label values.
    metrics.httpDuration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  if (options.pressure !== false) {
    const pressure = options.pressure ?? {};
    const retryAfter = pressure.retryAfterSeconds ?? 10;
    await app.register(underPressure, {
      maxEventLoopDelay: pressure.maxEventLoopDelayMs ?? 1000,
      sampleInterval: pressure.sampleIntervalMs ?? 1000,
      retryAfter,
      pressureHandler: (_request, reply) => {
        void reply.header('retry-after', String(retryAfter));
        void sendRefusal(reply, { code: 'overloaded', message: 'HQ is overloaded; retry after the Retry-After delay' });
      },
    });
  }
  await app.register(healthRoutes, { db, keys: options.keys, metrics, ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}) });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Contract-kiosk reference HQ',
        version: '1.0.0',
        description: [
          'Kiosk-facing API of the reference HQ (docs/hq.md).',
          `Kiosk routes need four headers: ${Object.values(KIOSK_HEADERS).join(', ')}; the signature is Ed25519 over`,
          'KIOSK-REQUEST-V2, HQ\'s origin, kiosk id, method, path, timestamp, nonce and SHA-256 of the body, one per line (src/shared/hq-api/request-signing.ts).',
          `Every answer to a kiosk route carries ${Object.values(HQ_ANSWER_HEADERS).join(' and ')}: Ed25519 with HQ's receipt key over HQ-ANSWER-V1,`,
          'kiosk id, method, path, the request\'s nonce, status and SHA-256 of the body (src/shared/hq-api/answer-signing.ts).',
          'Business outcomes (wrong PIN, locked, declined) are 200 with an `outcome`; refusals are non-2xx with {code, message}.',
        ].join(' '),
      },
      components: {
        securitySchemes: {
          kioskSignature: { type: 'apiKey', in: 'header', name: KIOSK_HEADERS.signature, description: 'With x-kiosk-id, x-kiosk-timestamp and x-kiosk-nonce; see the description above.' },
          adminToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: { summary: 'Liveness', tags: ['public'], response: { 200: z.object({ ok: z.literal(true) }) } } }, async () => ({ ok: true as const }));

  const keysResponse = hqKeysResponse(options.keys);
  app.route({
    method: HQ_ROUTES.getHqKeys.method,
    url: HQ_ROUTES.getHqKeys.path,
    schema: { operationId: 'getHqKeys', summary: HQ_ROUTES.getHqKeys.summary, tags: ['public'], response: { 200: HQ_ROUTES.getHqKeys.response } },
    handler: async () => keysResponse,
  });

  await app.register(async (v1) => {
    // Headers, timestamp and kiosk before any body is read; the signature over the body once it is (kiosk-auth.ts).
    const pushPath = HQ_ROUTES.pushJournalBatch.path;
    const auth = kioskAuthentication({
      db: options.db, clock,
      dbFor: (request) => (request.method === 'POST' && request.routeOptions.url === pushPath ? ingestDb : db), origin: hqOrigin({ tls: options.tls !== undefined, ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}) }),
      ...(options.acceptV1Until ? { acceptV1Until: options.acceptV1Until } : {}),
    });
    // Every answer in this scope, refusals included, signed with the receipt key (issue 15).
    v1.addHook('onSend', answerSigner(options.keys));
    v1.addHook('onRequest', auth.beforeBody);
    v1.addHook('onRequest', budgets.take);
    v1.addHook('onResponse', budgets.release);
    v1.addHook('onRequestAbort', budgets.release);
    v1.addHook('preValidation', auth.afterBody);
    v1.addHook('onResponse', async (request, reply) => {
      metrics.kioskRequestAuth.inc({ result: request.kiosk ? 'ok' : `refused${reply.statusCode}` });
    });
    registerKioskRoutes(v1, ctx, limitPolicy, (route, body, outcome) => observeKioskOutcome(metrics, route, body, outcome), { ...ctx, db: ingestDb });
    await v1.register(journalStatusRoute, { db: options.db });
    if (releases) await v1.register(kioskUpdateRoutes, { releases });
  }, { prefix: '/v1' });

  if (options.adminToken) {
    const tokenMatches = adminTokenCheck(options.adminToken);
    await app.register(async (admin) => {
      admin.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        if (!tokenMatches(bearerToken(request.headers.authorization))) return sendRefusal(reply, { code: 'adminTokenRequired', message: 'admin routes need the HQ admin bearer token' });
      });
      admin.get('/fleet', {
        schema: { summary: 'Fleet view: last contact, software, device health, journal position', tags: ['admin'], security: [{ adminToken: [] }], response: { 200: FleetResponse, 401: HqErrorBody } },
      }, async () => readFleet(ctx));
      admin.get('/alerts', {
        schema: {
          summary: 'Open fleet alerts beside the tamper alerts: a customer identity-locked, many refused identity documents at one kiosk within an hour',
          tags: ['admin'], security: [{ adminToken: [] }], response: { 200: FleetAlertsResponse, 401: HqErrorBody },
        },
      }, async () => ({ alerts: await openFleetAlerts(ctx.db), at: ctx.clock().toISOString() }));
      admin.post('/alerts/:alertId/acknowledge', {
        schema: {
          summary: 'Acknowledge a fleet alert (false: no such open alert)',
          tags: ['admin'], security: [{ adminToken: [] }], params: FleetAlertIdParams, response: { 200: AcknowledgeFleetAlertResponse, 401: HqErrorBody },
        },
      }, async (request) => ({ acknowledged: await acknowledgeFleetAlert(ctx.db, (request.params as { alertId: number }).alertId, ctx.clock(), ADMIN_TOKEN_ACTOR) }));
      admin.post('/operators', {
        schema: {
          summary: 'Create a console operator (bootstrap: the first administrator); 400 when the login is taken or the form is not valid',
          tags: ['admin'], security: [{ adminToken: [] }], body: NewOperator,
          response: { 201: CreatedOperatorResponse, 400: HqErrorBody, 401: HqErrorBody },
        },
      }, async (request, reply) => {
        const now = ctx.clock();
        const created = await ctx.db.transaction(async (tx) => {
          const operator = await createOperator(tx, request.body as NewOperator, now, options.operatorPasswordCost);
          if (operator) await logActorOperation(tx, ADMIN_TOKEN_ACTOR, { at: now, kioskId: null, operation: 'operatorAccount', outcome: 'created', detail: { subject: operator.operatorId, login: operator.login, role: operator.role } });
          return operator;
        });
        if (!created) return sendRefusal(reply, { code: 'malformedRequest', message: `the login ${(request.body as NewOperator).login} is taken` });
        return reply.code(201).send({ operatorId: created.operatorId, login: created.login, role: created.role });
      });
      admin.post('/announcements', {
        schema: {
          summary: 'Announce a maintenance for one kiosk or all (DOMAIN.md: unscheduled maintenance can be announced at any time)',
          tags: ['admin'], security: [{ adminToken: [] }], body: CreateAnnouncementRequest,
          response: { 201: CreateAnnouncementResponse, 400: HqErrorBody, 401: HqErrorBody, 404: HqErrorBody },
        },
      }, async (request, reply) => {
        const outcome = await announce(ctx, request.body as CreateAnnouncementRequest, ADMIN_TOKEN_ACTOR);
        if (!outcome.ok) return sendRefusal(reply, outcome);
        return reply.code(201).send(outcome.value);
      });
      admin.post('/announcements/:announcementId/withdraw', {
        schema: {
          summary: 'Withdraw an announcement (finished early, or a mistake); kiosks drop it at their next calendar refresh. Idempotent',
          tags: ['admin'], security: [{ adminToken: [] }], params: AnnouncementIdParams,
          response: { 200: WithdrawAnnouncementResponse, 401: HqErrorBody, 404: HqErrorBody },
        },
      }, async (request, reply) => {
        const outcome = await withdrawAnnouncement(ctx, (request.params as AnnouncementIdParams).announcementId, ADMIN_TOKEN_ACTOR);
        if (!outcome.ok) return sendRefusal(reply, outcome);
        return outcome.value;
      });
      await admin.register(contractDocumentAdminRoutes, { ctx });
      await admin.register(journalAlertAdminRoutes, { ctx });
      await admin.register(provisioningAdminRoutes, { ctx, actor: ADMIN_TOKEN_ACTOR });
      if (releases) await admin.register(adminUpdateRoutes, { releases, actor: ADMIN_TOKEN_ACTOR });
    }, { prefix: '/admin' });
  }
  await app.register(consoleRoutes, {
      ctx, ...(options.operatorPasswordCost ? { passwordCost: options.operatorPasswordCost } : {}), ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}),
      webhookConfigured: Boolean(options.alerts?.webhook), ...(options.oidc ? { oidc: options.oidc } : {}),
    });

  return app;
}

/** A hop count becomes Fastify's function form (its typings take no number): trust the nearest `hops` proxies. */
function trustProxySetting(setting: BuildHqAppOptions['trustProxy']): boolean | string | string[] | ((address: string, hop: number) => boolean) {
  if (setting === undefined) return false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}

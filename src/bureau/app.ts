/**
 * The reference credit bureau (issue 14; docs/bureau.md). `buildBureauApp`
 * wires the store and clock into a Fastify instance with every route of
 * BUREAU_ROUTES registered:
 * - public: GET /health, GET /openapi.json, /docs;
 * - lender-signed, under /v1: enquiries and contract registrations.
 * It does not listen; server.ts (or a test) calls `listen`.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { BureauErrorBody } from '../shared/bureau-api/common';
import { LENDER_HEADERS } from '../shared/bureau-api/request-signing';
import { BUREAU_ROUTES, type BureauRoute, type BureauRouteName, type BureauRouteResponse } from '../shared/bureau-api/routes';
import { authenticatedLenderId, decorateLender, lenderAuthentication } from './auth/lender-auth';
import { useRawJsonBodies } from '../server-kit/http/raw-json-body';
import { requestErrorHandler } from '../server-kit/http/refusals';
import type { BureauContext, Clock, Outcome } from './context';
import type { Db } from '../server-kit/db/db';
import { NoncePruner } from './housekeeping';
import { ERROR_STATUSES, sendRefusal } from './http/error-status';
import { createBureauLogger } from './logging';
import { registerContract } from './records/contracts';
import { answerEnquiry } from './records/enquiries';

export interface BuildBureauAppOptions {
  db: Db;
  /** The bureau's clock (timestamps, enquiry times, retention). Default: the system clock. */
  clock?: Clock;
  /** A pino logger (see createBureauLogger), or false for none. Default: createBureauLogger(). */
  logger?: Logger | false;
}

type LenderRouteName = { [K in BureauRouteName]: (typeof BUREAU_ROUTES)[K]['auth'] extends 'lender' ? K : never }[BureauRouteName];
type Body<K extends LenderRouteName> = (typeof BUREAU_ROUTES)[K]['body'] extends z.ZodType ? z.output<(typeof BUREAU_ROUTES)[K]['body']> : undefined;
type Handler<K extends LenderRouteName> = (lenderId: string, body: Body<K>) => Promise<Outcome<BureauRouteResponse<K>>>;

function lenderRouteHandlers(ctx: BureauContext): { [K in LenderRouteName]: Handler<K> } {
  return {
    enquire: (lenderId, body) => answerEnquiry(ctx, lenderId, body),
    registerContract: (lenderId, body) => registerContract(ctx, lenderId, body),
  };
}

function errorResponses(): Record<number, typeof BureauErrorBody> {
  return Object.fromEntries(ERROR_STATUSES.map((status) => [status, BureauErrorBody]));
}

export async function buildBureauApp(options: BuildBureauAppOptions): Promise<FastifyInstance> {
  const logger = options.logger === false ? createBureauLogger({ level: 'silent' }) : options.logger ?? createBureauLogger();
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
  const clock = options.clock ?? (() => new Date());
  const ctx: BureauContext = { db: options.db, clock, log: app.log };
  const pruner = new NoncePruner(options.db);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  useRawJsonBodies(app);
  decorateLender(app);
  app.setErrorHandler(requestErrorHandler('the bureau', sendRefusal));
  app.setNotFoundHandler((_request, reply) => sendRefusal(reply, { code: 'notFound', message: 'no such route' }));
  app.addHook('onRequest', async () => { pruner.maybePrune(clock()); });
  app.addHook('onClose', async () => { await pruner.settle(); });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Reference credit bureau (指定信用情報機関)',
        version: '1.0.0',
        description: [
          'Lender-facing API of the reference credit bureau (docs/bureau.md).',
          `Lender routes need four headers: ${Object.values(LENDER_HEADERS).join(', ')}; the signature is Ed25519 over`,
          'BUREAU-REQUEST-V1, lender id, method, path, timestamp, nonce and SHA-256 of the body, one per line (src/shared/signed-request/signed-request.ts).',
          'Refusals are non-2xx with {code, message}; a person the bureau does not know is a 200 with an empty record.',
        ].join(' '),
      },
      components: {
        securitySchemes: {
          lenderSignature: { type: 'apiKey', in: 'header', name: LENDER_HEADERS.signature, description: 'With x-lender-id, x-lender-timestamp and x-lender-nonce; see the description above.' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.route({
    method: BUREAU_ROUTES.health.method,
    url: BUREAU_ROUTES.health.path,
    schema: { operationId: 'health', summary: BUREAU_ROUTES.health.summary, tags: ['public'], response: { 200: BUREAU_ROUTES.health.response } },
    handler: async () => ({ ok: true as const, service: 'bureau' as const }),
  });

  const handlers = lenderRouteHandlers(ctx) as Record<LenderRouteName, (lenderId: string, body: unknown) => Promise<Outcome<unknown>>>;
  const routes: Record<BureauRouteName, BureauRoute> = BUREAU_ROUTES;
  await app.register(async (v1) => {
    v1.addHook('preValidation', lenderAuthentication({ db: options.db, clock }));
    for (const [name, route] of Object.entries(routes)) {
      if (route.auth !== 'lender') continue;
      const handler = handlers[name as LenderRouteName];
      v1.route({
        method: route.method,
        url: route.path.replace(/^\/v1/, ''),
        bodyLimit: route.bodyLimit,
        schema: {
          operationId: name,
          summary: route.summary,
          tags: ['lender'],
          security: [{ lenderSignature: [] }],
          ...(route.body ? { body: route.body } : {}),
          response: { 200: route.response, ...errorResponses() },
        },
        handler: async (request, reply) => {
          const lenderId = authenticatedLenderId(request);
          if (!lenderId) return sendRefusal(reply, { code: 'missingAuthentication', message: 'no authenticated lender' });
          const outcome = await handler(lenderId, request.body);
          if (!outcome.ok) {
            request.log.info({ route: name, code: outcome.code }, 'operation refused');
            return sendRefusal(reply, outcome);
          }
          return outcome.value;
        },
      });
    }
  }, { prefix: '/v1' });

  return app;
}

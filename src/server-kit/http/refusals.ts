/**
 * The generic half of turning refusals into HTTP answers, for both
 * reference services: the statuses of the refusal codes they share, a
 * lookup that fails loudly on an unmapped code, and the Fastify error
 * handler that turns schema, body and unexpected errors into refusals.
 * Each service keeps its own code list, status table and `sendRefusal`
 * (src/hq/http/error-status.ts, src/bureau/http/error-status.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** Request authentication (401) and request shape: codes both services answer with. */
export const COMMON_ERROR_STATUS = {
  missingAuthentication: 401,
  malformedAuthentication: 401,
  staleTimestamp: 401,
  replayedNonce: 401,
  malformedRequest: 400,
  notFound: 404,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  internalError: 500,
} as const;

/** A status for each code of `table` (typed `Record<Code, number>`, so a new code cannot go unmapped). */
export function errorStatusLookup<C extends string>(service: string, table: Readonly<Record<C, number>>): (code: C) => number {
  return (code) => {
    const status = table[code] as number | undefined;
    if (status === undefined) throw new Error(`unmapped ${service} error code ${String(code)}`);
    return status;
  };
}

/** The refusal codes the error handler answers with. */
export type RequestErrorCode = 'malformedRequest' | 'payloadTooLarge' | 'unsupportedMediaType' | 'internalError';

/**
 * Fastify's error handler for a service (`who`: "HQ", "the bureau", as the
 * messages say it): schema failures and unreadable bodies are
 * `malformedRequest`, oversized bodies 413, other media types 415, anything
 * else `internalError`, logged without long digit runs.
 */
export function requestErrorHandler(who: string, sendRefusal: (reply: FastifyReply, refusal: { code: RequestErrorCode; message: string }) => unknown) {
  return function errorHandler(this: FastifyInstance, error: Error & { statusCode?: number; code?: string; validation?: unknown }, request: FastifyRequest, reply: FastifyReply) {
    if (hasZodFastifySchemaValidationErrors(error)) {
      // Paths and zod's messages only: zod 4 does not put the input value into messages, so no PIN, card number, name or address echoes back.
      const detail = error.validation.slice(0, 5).map((issue) => `${issue.instancePath || '/'}: ${issue.message}`).join('; ');
      return sendRefusal(reply, { code: 'malformedRequest', message: `${error.validationContext ?? 'request'} does not match the schema: ${detail}`.slice(0, 500) });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendRefusal(reply, { code: 'payloadTooLarge', message: `the request body is larger than ${who} accepts` });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendRefusal(reply, { code: 'unsupportedMediaType', message: `${who} accepts application/json bodies only` });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendRefusal(reply, { code: 'malformedRequest', message: 'the request body is empty or its length is wrong' });
      default:
        break;
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendRefusal(reply, { code: 'malformedRequest', message: 'the request could not be read' });
    }
    // Long digit runs scrubbed: a driver error quoting a parameter must not carry a card or phone number into the log.
    request.log.error({ err: { type: error.name, code: error.code, message: String(error.message).replace(/\d{6,}/g, '[digits]') } }, 'request failed');
    return sendRefusal(reply, { code: 'internalError', message: `${who} failed to handle the request` });
  };
}

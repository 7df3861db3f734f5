/** HTTP status for each refusal code: one exhaustive switch, so a new code cannot go unmapped. */
import type { FastifyReply } from 'fastify';
import type { BureauErrorBody, BureauErrorCode } from '../../shared/bureau-api/common';

export function statusForError(code: BureauErrorCode): number {
  switch (code) {
    case 'missingAuthentication':
    case 'malformedAuthentication':
    case 'staleTimestamp':
    case 'replayedNonce':
    case 'authenticationFailed':
      return 401;
    case 'malformedRequest':
      return 400;
    case 'notFound':
      return 404;
    case 'payloadTooLarge':
      return 413;
    case 'unsupportedMediaType':
      return 415;
    case 'internalError':
      return 500;
    default: {
      const never: never = code;
      throw new Error(`unmapped bureau error code ${String(never)}`);
    }
  }
}

export function sendRefusal(reply: FastifyReply, refusal: { code: BureauErrorCode; message: string }) {
  const body: BureauErrorBody = { code: refusal.code, message: refusal.message };
  return reply.code(statusForError(refusal.code)).send(body);
}

/** Statuses a route can answer with a BureauErrorBody, for the OpenAPI document. */
export const ERROR_STATUSES = [400, 401, 404, 413, 415, 500] as const;

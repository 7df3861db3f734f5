/** HTTP status for each refusal code: one exhaustive switch, so a new code cannot go unmapped. */
import type { FastifyReply } from 'fastify';
import type { HqErrorBody, HqErrorCode } from '../../shared/hq-api/common';
import type { Refusal } from '../context';

export function statusForError(code: HqErrorCode): number {
  switch (code) {
    case 'missingAuthentication':
    case 'malformedAuthentication':
    case 'staleTimestamp':
    case 'replayedNonce':
    case 'authenticationFailed':
    case 'unknownKiosk':
    case 'adminTokenRequired':
      return 401;
    case 'malformedRequest':
    case 'pinBlockInvalid':
    case 'pinBlockStale':
    case 'pinBlockUnknownKey':
      return 400;
    case 'notAuthenticated':
    case 'notCustomerSession':
    case 'identityNotVerified':
    case 'cardNotUsable':
    case 'accountSuspended':
    case 'notOperatorSession':
    case 'operatorNotPermitted':
      return 403;
    case 'notFound':
    case 'sessionNotFound':
      return 404;
    case 'sessionExpired':
    case 'sessionMismatch':
    case 'pinBlockReplayed':
    case 'noCustomerSelected':
      return 409;
    case 'payloadTooLarge':
      return 413;
    case 'unsupportedMediaType':
      return 415;
    case 'internalError':
      return 500;
    default: {
      const never: never = code;
      throw new Error(`unmapped HQ error code ${String(never)}`);
    }
  }
}

export function sendRefusal(reply: FastifyReply, refusal: Pick<Refusal, 'code' | 'message'>) {
  const body: HqErrorBody = { code: refusal.code, message: refusal.message };
  return reply.code(statusForError(refusal.code)).send(body);
}

/** Statuses a route can answer with an HqErrorBody, for the OpenAPI document. */
export const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 415, 500] as const;

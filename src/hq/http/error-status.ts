/** HTTP status for each refusal code: one table typed over every code, so a new code cannot go unmapped. */
import type { FastifyReply } from 'fastify';
import type { HqErrorBody, HqErrorCode } from '../../shared/hq-api/common';
import { COMMON_ERROR_STATUS, errorStatusLookup } from '../../server-kit/http/refusals';
import type { Refusal } from '../context';

const HQ_ERROR_STATUS: Record<HqErrorCode, number> = {
  ...COMMON_ERROR_STATUS,
  // One code for unknown kiosk, disabled kiosk and bad signature (issue 15).
  authenticationFailed: 401,
  unknownKiosk: 401,
  adminTokenRequired: 401,
  pinBlockInvalid: 400,
  pinBlockStale: 400,
  pinBlockUnknownKey: 400,
  pinBlockKeyRetired: 400,
  notAuthenticated: 403,
  notCustomerSession: 403,
  identityNotVerified: 403,
  cardNotUsable: 403,
  accountSuspended: 403,
  notOperatorSession: 403,
  operatorNotPermitted: 403,
  sessionNotFound: 404,
  sessionExpired: 409,
  sessionMismatch: 409,
  pinBlockReplayed: 409,
  noCustomerSelected: 409,
  noDiagnosticsRequest: 409,
  busy: 429,
  overloaded: 503,
};

export const statusForError: (code: HqErrorCode) => number = errorStatusLookup('HQ', HQ_ERROR_STATUS);

export function sendRefusal(reply: FastifyReply, refusal: Pick<Refusal, 'code' | 'message'>) {
  const body: HqErrorBody = { code: refusal.code, message: refusal.message };
  return reply.code(statusForError(refusal.code)).send(body);
}

/** Statuses a route can answer with an HqErrorBody, for the OpenAPI document. */
export const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 415, 429, 500, 503] as const;

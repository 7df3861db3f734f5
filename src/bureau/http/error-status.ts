/** HTTP status for each refusal code: one table typed over every code, so a new code cannot go unmapped. */
import type { FastifyReply } from 'fastify';
import type { BureauErrorBody, BureauErrorCode } from '../../shared/bureau-api/common';
import { COMMON_ERROR_STATUS, errorStatusLookup } from '../../server-kit/http/refusals';

const BUREAU_ERROR_STATUS: Record<BureauErrorCode, number> = { ...COMMON_ERROR_STATUS, authenticationFailed: 401 };

export const statusForError: (code: BureauErrorCode) => number = errorStatusLookup('bureau', BUREAU_ERROR_STATUS);

export function sendRefusal(reply: FastifyReply, refusal: { code: BureauErrorCode; message: string }) {
  const body: BureauErrorBody = { code: refusal.code, message: refusal.message };
  return reply.code(statusForError(refusal.code)).send(body);
}

/** Statuses a route can answer with a BureauErrorBody, for the OpenAPI document. */
export const ERROR_STATUSES = [400, 401, 404, 413, 415, 500] as const;

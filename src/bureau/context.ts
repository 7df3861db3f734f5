/** What a bureau operation needs, built once by `buildBureauApp` and passed down (no globals). */
import type { FastifyBaseLogger } from 'fastify';
import type { BureauErrorCode } from '../shared/bureau-api/common';
import type { Db } from '../server-kit/db/db';

export type Clock = () => Date;

export interface BureauContext {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
}

/** An operation's refusal: a closed code from the shared API and a message for logs (never personal data). */
export type Refusal = { ok: false; code: BureauErrorCode; message: string };
export type Outcome<T> = { ok: true; value: T } | Refusal;

export function refuse(code: BureauErrorCode, message: string): Refusal {
  return { ok: false, code, message };
}

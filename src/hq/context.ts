/** Everything an HQ operation needs, built once by `buildHqApp` and passed down (no globals). */
import type { FastifyBaseLogger } from 'fastify';
import type { HqErrorCode } from '../shared/hq-api/common';
import type { HqPolicy } from './config/hq-policy';
import type { Db } from '../server-kit/db/db';
import type { DerivedKeys } from './keys/derived-keys';
import type { HqKeys } from './keys/hq-keys';

export type Clock = () => Date;

export interface HqContext {
  db: Db;
  keys: HqKeys;
  derived: DerivedKeys;
  policy: HqPolicy;
  clock: Clock;
  log: FastifyBaseLogger;
}

/** An operation's refusal: a closed code from the shared API and a message for logs (never customer data). */
export type Refusal = { ok: false; code: HqErrorCode; message: string };
export type Outcome<T> = { ok: true; value: T } | Refusal;

export function refuse(code: Refusal['code'], message: string): Refusal {
  return { ok: false, code, message };
}

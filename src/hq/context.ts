/** Everything an HQ operation needs, built once by `buildHqApp` and passed down (no globals). */
import type { FastifyBaseLogger } from 'fastify';
import type { HqErrorCode } from '../shared/hq-api/common';
import type { HqPolicy } from './config/hq-policy';
import type { Db } from '../server-kit/db/db';
import type { BureauClient } from '../shared/bureau-api/bureau-client';
import type { RegistrationOutbox } from './credit-bureau/registration-outbox';
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
  /** The credit bureau (src/hq/config/bureau-config.ts); absent or null: none configured, no increase is decided. */
  bureau?: BureauClient | null;
  /** Limit changes waiting to be registered at the bureau (art. 41-35). */
  registrations?: RegistrationOutbox;
}

/** An operation's refusal: a closed code from the shared API and a message for logs (never customer data). */
export type Refusal = { ok: false; code: HqErrorCode; message: string };
export type Outcome<T> = { ok: true; value: T } | Refusal;

export function refuse(code: Refusal['code'], message: string): Refusal {
  return { ok: false, code, message };
}

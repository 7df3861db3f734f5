import type { Migration } from '../../../server-kit/db/migrate';

/**
 * The bureau registration outbox (Money Lending Business Act art. 41-35: the
 * lender tells its designated credit bureau the new contract data after a
 * limit change). A row is written in the same transaction as the limit
 * change, so a committed change always has its registration queued, and is
 * sent after commit and by housekeeping until the bureau accepts it
 * (src/hq/credit-bureau/registration-outbox.ts).
 *
 * `idempotency_key` makes a registration happen once in effect: the same
 * limit change never queues twice, and a registration is the contract's
 * whole state (docs/bureau.md), so sending a row again after a lost answer
 * writes the same state. Rows are sent in `change_seq` order per customer:
 * an older state is never sent after a newer one.
 */
export const bureauRegistrations: Migration = {
  id: '007_bureau_registrations',
  sql: `
CREATE TABLE bureau_registrations (
  change_seq bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  customer_id bigint NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
  credit_limit bigint NOT NULL CHECK (credit_limit >= 0),
  balance bigint NOT NULL CHECK (balance >= 0),
  reason text NOT NULL CHECK (reason IN ('increase', 'offerAccepted', 'decrease')),
  queued_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  registered_at timestamptz
);
CREATE INDEX bureau_registrations_pending ON bureau_registrations (next_attempt_at) WHERE registered_at IS NULL;
`,
};

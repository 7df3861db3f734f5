import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Partial approvals are offers, not changes (issue 14: a partial approval
 * is applied only with the customer's consent). One offer per session,
 * held until `expires_at` (LimitPolicy.offerHoldSeconds); answered once.
 * `previous_limit` is the limit the offer was made against: an offer whose
 * customer's limit has changed since is no longer valid.
 */
export const limitOffers: Migration = {
  id: '006_limit_offers',
  sql: `
CREATE TABLE limit_offers (
  session_id uuid PRIMARY KEY REFERENCES sessions (session_id) ON DELETE CASCADE,
  customer_id bigint NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
  previous_limit integer NOT NULL,
  offered_limit integer NOT NULL,
  offered_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  answered_at timestamptz,
  accepted boolean
);
`,
};

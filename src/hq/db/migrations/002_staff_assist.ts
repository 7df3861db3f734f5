import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Staff-assisted operations and technicians' diagnostics bundles (issue 8).
 *
 * `staff_assists`: one row per operator session, naming the customer the
 * staff member last looked up and what was proven about that customer in
 * this session (identity document verified, staff confirmation). A new
 * lookup replaces the row and clears what was proven; identity attempts are
 * kept while the same customer is looked up again, so a re-lookup cannot
 * reset the attempt cap (HqPolicy.maxIdentityAttempts).
 * (Migration 005 drops `identity_attempts`: a lookup of ANOTHER customer
 * reset it, so A, B, A gave fresh tries. Refused documents are now counted
 * per customer and per operator session, where no lookup reaches them.)
 *
 * `diagnostics_bundles`: what technicians upload; validated JSON without
 * personal data (src/shared/diagnostics/diagnostics-bundle.ts).
 */
export const staffAssist: Migration = {
  id: '002_staff_assist',
  sql: `
CREATE TABLE staff_assists (
  session_id uuid PRIMARY KEY REFERENCES sessions (session_id) ON DELETE CASCADE,
  staff_id text NOT NULL REFERENCES operators (staff_id) ON DELETE CASCADE,
  customer_id bigint NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
  card_id bigint REFERENCES cards (card_id) ON DELETE CASCADE,
  looked_up_at timestamptz NOT NULL,
  identity_verified_at timestamptz,
  identity_attempts integer NOT NULL DEFAULT 0,
  document_kind text,
  confirmed_at timestamptz
);

CREATE TABLE diagnostics_bundles (
  bundle_id bigserial PRIMARY KEY,
  kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id) ON DELETE CASCADE,
  staff_id text NOT NULL,
  received_at timestamptz NOT NULL,
  bundle jsonb NOT NULL
);
CREATE INDEX diagnostics_bundles_kiosk ON diagnostics_bundles (kiosk_id, received_at);
`,
};

import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Identity assurance at the unmanned machine (issue 13).
 *
 * Why a counter on the customer AND a failures table:
 * - `customers.identity_failures` / `identity_locked_at` are the rule's
 *   state. The count is per customer, so every card of that customer (an
 *   old and a re-issued card, say) shares one budget, whichever kiosk or
 *   session the documents came from; it lives in the database, so a restart
 *   or a new session gives no fresh tries. It is moved only by
 *   src/hq/identity/identity-failures.ts, inside the verify transaction,
 *   with the customer row locked (`SELECT ... FOR UPDATE`): two kiosks
 *   failing for one customer at the same moment are serialised on that row,
 *   so the lock falls at exactly HqPolicy.maxIdentityAttempts. A verified
 *   document resets the count; only staff clear the lock (after a
 *   registered document and their confirmation).
 * - `identity_failures` is the history, never reset: one row per refused
 *   document, naming the kiosk, the session, the customer and the card, the
 *   route (customer or staff), the document kind and the reason class (never
 *   the document number). Per-card counts are a query on it; the per-kiosk
 *   hourly rate alert counts its rows.
 *
 * Per-session counts go: `staff_assists.identity_attempts` was reset by a
 * lookup of another customer (A, B, A gave fresh tries, contrary to 002's
 * comment) and is dropped. `sessions.identity_attempts` stays, now counting
 * only the documents an OPERATOR session had refused (the staff cap, which
 * no lookup touches); the customer route no longer uses it.
 *
 * `identity_documents_on_file` gains where a document came from when staff
 * register one after checking its photo (recorded_at/_by/_session); the
 * document number is kept as on file, never in any log.
 *
 * `staff_assists` keeps, between staff verification and confirmation, what
 * the verified document was: whether it matched a registered number (then
 * confirmation clears the identity lock) and, for a kind with no number on
 * file, its number and expiry to register on confirmation. Both are cleared
 * by the next lookup or verification.
 *
 * `fleet_alerts`: alerts for people beside the journal's tamper alerts
 * (`journal_alerts`, migration 100), shown in the fleet console and at
 * GET /admin/alerts: `identityLocked` (a customer's identity checks locked,
 * at the kiosk of the last failure) and `identityFailureRate` (more than
 * HqPolicy.kioskIdentityFailuresPerHourAlert refused documents at one kiosk
 * within an hour). No document number, no card number: the masked card only.
 */
export const identityAssurance: Migration = {
  id: '005_identity_assurance',
  sql: `
ALTER TABLE customers
  ADD COLUMN identity_failures integer NOT NULL DEFAULT 0 CHECK (identity_failures >= 0),
  ADD COLUMN identity_locked_at timestamptz;

CREATE TABLE identity_failures (
  failure_id    bigserial PRIMARY KEY,
  at            timestamptz NOT NULL,
  kiosk_id      text NOT NULL REFERENCES kiosks (kiosk_id) ON DELETE CASCADE,
  session_id    uuid,
  customer_id   bigint NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
  card_id       bigint REFERENCES cards (card_id) ON DELETE SET NULL,
  route         text NOT NULL CHECK (route IN ('customer', 'staff')),
  document_kind text NOT NULL,
  reason_class  text NOT NULL
);
CREATE INDEX identity_failures_kiosk_at ON identity_failures (kiosk_id, at);
CREATE INDEX identity_failures_customer_at ON identity_failures (customer_id, at);
CREATE INDEX identity_failures_card_at ON identity_failures (card_id, at);

ALTER TABLE staff_assists
  DROP COLUMN identity_attempts,
  ADD COLUMN document_registered boolean NOT NULL DEFAULT false,
  ADD COLUMN pending_document_number text,
  ADD COLUMN pending_document_expiry date;

ALTER TABLE identity_documents_on_file
  ADD COLUMN recorded_at timestamptz,
  ADD COLUMN recorded_by text,
  ADD COLUMN recorded_session uuid;

CREATE TABLE fleet_alerts (
  alert_id        bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('identityLocked', 'identityFailureRate')),
  kiosk_id        text NOT NULL REFERENCES kiosks (kiosk_id) ON DELETE CASCADE,
  customer_id     bigint REFERENCES customers (customer_id) ON DELETE SET NULL,
  card_masked     text,
  detail          text NOT NULL,
  raised_at       timestamptz NOT NULL,
  acknowledged_at timestamptz
);
CREATE INDEX fleet_alerts_open ON fleet_alerts (kiosk_id) WHERE acknowledged_at IS NULL;
CREATE INDEX fleet_alerts_kiosk_kind_raised ON fleet_alerts (kiosk_id, kind, raised_at);
`,
};

import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Named console operators (issue 17; not the kiosk staff of `operators`): an account per person with a role,
 * a scrypt password hash (src/hq/operators/operator-accounts.ts) and the
 * lock-out counter; server-side console sessions, stored by the SHA-256 of
 * the cookie's token (a stolen database holds no usable session), each with
 * its CSRF synchronizer token and both expiries. The operation log gains the
 * operator behind an action; actions not about one kiosk (an announcement to
 * every kiosk, an account change) have no kiosk.
 */
export const consoleOperators: Migration = {
  id: '010_console_operators',
  sql: `
CREATE TABLE console_operators (
  operator_id bigserial PRIMARY KEY,
  login text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'operator', 'administrator')),
  password_hash text NOT NULL,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE TABLE console_sessions (
  token_hash text PRIMARY KEY,
  operator_id bigint NOT NULL REFERENCES console_operators (operator_id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX console_sessions_operator ON console_sessions (operator_id);
ALTER TABLE operation_log ADD COLUMN console_operator_id bigint REFERENCES console_operators (operator_id);
ALTER TABLE operation_log ALTER COLUMN kiosk_id DROP NOT NULL;
ALTER TABLE fleet_alerts ADD COLUMN acknowledged_by bigint REFERENCES console_operators (operator_id);
CREATE INDEX operation_log_operator ON operation_log (console_operator_id) WHERE console_operator_id IS NOT NULL;
`,
};

import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Alerts wired to HQ's housekeeping (issue 17; issue 19: "tamper alerts can
 * be acknowledged"):
 * - the `journalBacklog` rule's kind (src/hq/fleet/alert-rules.ts);
 * - a lease on each outbox row: an instance claims a due row for one
 *   attempt (`lease_until`, `lease_owner`) so two instances on one database
 *   never post the same alert at once (src/hq/fleet/alert-webhook.ts);
 * Who acknowledged a journal tamper alert is the operation log's row
 * (`journalAlertAcknowledgement`, with the operator's id): `journal_alerts`
 * is created by migration 100, after this one.
 */
export const alertWiring: Migration = {
  id: '016_alert_wiring',
  sql: `
ALTER TABLE fleet_alerts DROP CONSTRAINT fleet_alerts_kind_check;
ALTER TABLE fleet_alerts ADD CONSTRAINT fleet_alerts_kind_check
  CHECK (kind IN ('identityLocked', 'identityFailureRate', 'silentKiosk', 'deviceFault', 'retainBinFull', 'tamperAlert', 'journalBacklog'));
ALTER TABLE alert_outbox ADD COLUMN lease_until timestamptz;
ALTER TABLE alert_outbox ADD COLUMN lease_owner text;
ALTER TABLE alert_outbox ADD COLUMN last_attempt_at timestamptz;
`,
};

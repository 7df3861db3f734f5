import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Alerts that reach someone (issue 17): the rules HQ evaluates itself
 * (src/hq/fleet/alert-rules.ts) raise fleet alerts of new kinds, and every
 * alert raised is queued in a durable outbox for the configured webhook
 * (src/hq/fleet/alert-webhook.ts): a row per alert, retried with backoff
 * until the receiver answers 2xx.
 */
export const alertDelivery: Migration = {
  id: '012_alert_delivery',
  sql: `
ALTER TABLE fleet_alerts DROP CONSTRAINT fleet_alerts_kind_check;
ALTER TABLE fleet_alerts ADD CONSTRAINT fleet_alerts_kind_check
  CHECK (kind IN ('identityLocked', 'identityFailureRate', 'silentKiosk', 'deviceFault', 'retainBinFull', 'tamperAlert'));
CREATE TABLE alert_outbox (
  alert_id        bigint PRIMARY KEY REFERENCES fleet_alerts (alert_id) ON DELETE CASCADE,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  delivered_at    timestamptz,
  last_error      text
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE delivered_at IS NULL;
`,
};

import type { Migration } from '../../../server-kit/db/migrate';

/**
 * A kiosk's history for the console's per-kiosk page (issue 17, "A kiosk's
 * history"): its status reports as they arrived, bounded in two ways
 * (src/hq/fleet/status-history.ts): at most one row a minute per kiosk
 * unless what it reports changed (a change within the minute replaces that
 * minute's row), and rows older than the retention (8 days) are pruned by
 * the retention job (src/hq/retention.ts). The report is kept whole as JSON, so
 * fields a newer kiosk adds are there without a migration.
 *
 * Customer sessions per hour come from HQ's own `sessions` (one row per card
 * a kiosk authenticated or identified), read by kiosk and time through the
 * new index rather than a scan.
 */
export const kioskHistory: Migration = {
  id: '013_kiosk_history',
  sql: `
CREATE TABLE kiosk_status_history (
  history_id  bigserial PRIMARY KEY,
  kiosk_id    text        NOT NULL REFERENCES kiosks (kiosk_id) ON DELETE CASCADE,
  received_at timestamptz NOT NULL,
  report      jsonb       NOT NULL
);
CREATE INDEX kiosk_status_history_kiosk_at ON kiosk_status_history (kiosk_id, received_at);
CREATE INDEX kiosk_status_history_at ON kiosk_status_history (received_at);
CREATE INDEX sessions_kiosk_opened ON sessions (kiosk_id, opened_at);
`,
};

import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Indexes for retention (issue 19, "Bounded growth"; src/hq/retention.ts):
 * each prune deletes by age, so each table it prunes is searched by the
 * time it prunes on instead of being scanned whole.
 */
export const retentionIndexes: Migration = {
  id: '102_retention_indexes',
  sql: `
CREATE INDEX sessions_retention ON sessions ((coalesce(ended_at, last_activity_at)));
CREATE INDEX console_sessions_retention ON console_sessions ((coalesce(ended_at, last_seen_at)));
CREATE INDEX diagnostics_bundles_received_at ON diagnostics_bundles (received_at);
CREATE INDEX operation_log_at ON operation_log (at);
`,
};

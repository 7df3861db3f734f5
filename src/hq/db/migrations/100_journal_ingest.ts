import type { Migration } from '../migrate';

// Owned by the journal/sync work (issue 6): per-kiosk journal events, cursors, receipts, tamper alerts.
export const journalIngest: Migration = {
  id: '100_journal_ingest',
  sql: `SELECT 1`,
};

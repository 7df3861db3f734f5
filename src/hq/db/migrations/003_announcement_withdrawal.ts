import type { Migration } from '../../../server-kit/db/migrate';

/**
 * An announcement can be withdrawn (the maintenance finished early, or it was
 * announced by mistake). The row stays, with the time it was withdrawn, so
 * HQ keeps the record of what kiosks were told; withdrawn rows leave every
 * kiosk's calendar at its next refresh.
 */
export const announcementWithdrawal: Migration = {
  id: '003_announcement_withdrawal',
  sql: `ALTER TABLE service_announcements ADD COLUMN withdrawn_at timestamptz;`,
};

import type { Migration } from '../migrate';

// Owned by the HQ server work (issue 5): accounts, cards, kiosks, policy, calendar, fleet.
export const core: Migration = {
  id: '001_core',
  sql: `SELECT 1`,
};

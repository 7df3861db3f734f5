import type { Migration } from '../../../server-kit/db/migrate';

/**
 * What kiosks report beyond device health (issue 19, "What kiosks report";
 * issue 16, crash counts): the last report's free disk, retain bin, sync
 * backlog and lag, clock skew, pinned keys, configuration hash and crash
 * counts, as one validated document per kiosk (`KioskVitals` with `crashes`,
 * src/shared/hq-api/kiosk-status.ts), replaced by each report. The console
 * shows them; nothing filters on them in SQL except the retain bin, which a
 * report also writes to `retain_bin_state` (migration 011).
 */
export const kioskVitals: Migration = {
  id: '021_kiosk_vitals',
  sql: `
ALTER TABLE kiosks ADD COLUMN vitals jsonb;
`,
};

import type { Migration } from '../../../server-kit/db/migrate';

/**
 * What the console's fleet triage (issue 17: "a fleet of thousands can be
 * triaged from one page") filters and sorts on, kept per kiosk so one
 * query over 5,000 kiosks reads no history:
 * - `device_fault_since`: when the kiosk's reports first had a device not
 *   online, cleared when all are online again (src/hq/fleet/fleet-service.ts);
 * - `retain_bin_state`: the card reader's retain bin as the last journal
 *   event about it said (`card.captured` with `retainBin`,
 *   `retainBin.emptied`; XFS4IoT CardReader retain-bin states).
 */
export const fleetTriage: Migration = {
  id: '011_fleet_triage',
  sql: `
ALTER TABLE kiosks ADD COLUMN device_fault_since timestamptz;
ALTER TABLE kiosks ADD COLUMN retain_bin_state text CHECK (retain_bin_state IN ('ok', 'high', 'full'));
CREATE INDEX fleet_alerts_open_kiosk ON fleet_alerts (kiosk_id) WHERE acknowledged_at IS NULL;
`,
};

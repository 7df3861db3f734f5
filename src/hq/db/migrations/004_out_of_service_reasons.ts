import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Why a kiosk is out of service, as it reported it (every condition holding
 * it, most important first), for the fleet view and the operator console.
 * Null for kiosks that have not said (older kiosks send only the flag).
 */
export const outOfServiceReasons: Migration = {
  id: '004_out_of_service_reasons',
  sql: `ALTER TABLE kiosks ADD COLUMN out_of_service_reasons jsonb;`,
};

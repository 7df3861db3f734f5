import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Kiosk provisioning (issue 16): when and by whom a kiosk was revoked, and
 * every revoked key by fingerprint (SHA-256 of its SPKI DER,
 * src/shared/hq-api/key-fingerprint.ts), kept for good so the key is refused
 * at any later enrolment, under this kiosk id or another.
 */
export const kioskProvisioning: Migration = {
  id: '030_kiosk_provisioning',
  sql: `
    ALTER TABLE kiosks ADD COLUMN revoked_at timestamptz;
    CREATE TABLE revoked_kiosk_keys (
      fingerprint text PRIMARY KEY CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
      kiosk_id text NOT NULL,
      revoked_at timestamptz NOT NULL
    );
  `,
};

import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Remote diagnostics (issue 17): a console operator asks a kiosk for its
 * diagnostics bundle; the kiosk learns of it from its next status ack and
 * uploads the bundle signed as itself (src/hq/diagnostics). At most one open
 * request per kiosk; a request is closed by the bundle that fulfils it.
 * A bundle so made has no technician (`staff_id` null) and names its request.
 */
export const diagnosticsRequests: Migration = {
  id: '014_diagnostics_requests',
  sql: `
CREATE TABLE diagnostics_requests (
  request_id   bigserial PRIMARY KEY,
  kiosk_id     text        NOT NULL REFERENCES kiosks (kiosk_id) ON DELETE CASCADE,
  requested_by bigint      NOT NULL REFERENCES console_operators (operator_id),
  requested_at timestamptz NOT NULL,
  told_at      timestamptz,
  fulfilled_at timestamptz,
  bundle_id    bigint REFERENCES diagnostics_bundles (bundle_id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX diagnostics_requests_open ON diagnostics_requests (kiosk_id) WHERE fulfilled_at IS NULL;
ALTER TABLE diagnostics_bundles ALTER COLUMN staff_id DROP NOT NULL;
ALTER TABLE diagnostics_bundles ADD COLUMN request_id bigint REFERENCES diagnostics_requests (request_id);
ALTER TABLE diagnostics_bundles ADD CONSTRAINT diagnostics_bundles_made_by CHECK (staff_id IS NOT NULL OR request_id IS NOT NULL);
`,
};

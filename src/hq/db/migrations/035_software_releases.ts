import type { Migration } from '../../../server-kit/db/migrate';

/**
 * Signed software releases HQ publishes to kiosks (issue 16, "Signed,
 * staged updates"; src/hq/updates). One row per channel and version: the
 * manifest exactly as the release team signed it (its fields, and the text's
 * signature), and when its artefact, stored under HQ's updates folder by
 * its SHA-256, arrived. A release is offered to kiosks only once
 * `artefact_stored_at` is set.
 */
export const softwareReleases: Migration = {
  id: '035_software_releases',
  sql: `
    CREATE TABLE software_releases (
      channel text NOT NULL,
      version text NOT NULL,
      file_name text NOT NULL,
      size_bytes bigint NOT NULL CHECK (size_bytes > 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      rollout_percent integer NOT NULL CHECK (rollout_percent BETWEEN 0 AND 100),
      min_journal_schema integer NOT NULL,
      published_at timestamptz NOT NULL,
      signature text NOT NULL,
      received_at timestamptz NOT NULL,
      artefact_stored_at timestamptz,
      PRIMARY KEY (channel, version)
    );
    CREATE INDEX software_releases_file_name ON software_releases (file_name);
  `,
};

import type { Migration } from '../../../server-kit/db/migrate';

/**
 * When each housekeeping job last ran, across every HQ instance on this
 * database (issue 19): a job runs under an advisory lock and only when its
 * last run is older than its interval, so N instances prune once, not N times.
 */
export const housekeepingRuns: Migration = {
  id: '020_housekeeping_runs',
  sql: `
    CREATE TABLE housekeeping_runs (
      job text PRIMARY KEY,
      last_run_at timestamptz NOT NULL
    );
  `,
};

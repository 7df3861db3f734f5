import { applyMigrations, type Migration } from '../../server-kit/db/migrate';
import type { Db } from '../../server-kit/db/db';
import { MIGRATIONS } from './migrations';

/**
 * Applies the bureau's pending migrations, recorded in
 * `bureau_schema_migrations` (not HQ's `schema_migrations`: pointed at a
 * database that already holds HQ, the bureau must not read HQ's migration
 * ids as its own). src/server-kit/db/migrate.ts does the work.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  return applyMigrations(db, migrations, 'bureau_schema_migrations');
}

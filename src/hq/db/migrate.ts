import { applyMigrations, pendingMigrations, type Migration } from '../../server-kit/db/migrate';
import type { Db, Queryable } from '../../server-kit/db/db';
import { MIGRATIONS } from './migrations';

export type { Migration } from '../../server-kit/db/migrate';

/** Applies HQ's pending migrations, recorded in `schema_migrations` (src/server-kit/db/migrate.ts). */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  return applyMigrations(db, migrations, 'schema_migrations');
}

/** HQ's migrations this database has not applied (readiness). */
export function pendingHqMigrations(db: Queryable, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  return pendingMigrations(db, migrations, 'schema_migrations');
}

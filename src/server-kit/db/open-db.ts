import type { Db } from './db';
import { openPgliteDb } from './pglite-db';
import { openPostgresDb } from './postgres-db';

/** A database URL (HQ_DATABASE_URL, BUREAU_DATABASE_URL): real PostgreSQL. Otherwise PGlite in `dataDir`, or in memory. */
export async function openDb(options: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (options.databaseUrl) return openPostgresDb(options.databaseUrl);
  return openPgliteDb(options.dataDir);
}

import type { Db } from './db';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';

/**
 * Applies pending migrations in id order, each in its own transaction, and
 * records them in `bureau_schema_migrations` (not HQ's `schema_migrations`:
 * pointed at a database that already holds HQ, the bureau must not read
 * HQ's migration ids as its own). Plain SQL, the same text on PostgreSQL and
 * PGlite.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  await db.query('CREATE TABLE IF NOT EXISTS bureau_schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const done = new Set((await db.query<{ id: string }>('SELECT id FROM bureau_schema_migrations')).rows.map((r) => r.id));
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    if (done.has(migration.id)) continue;
    await db.transaction(async (tx) => {
      await tx.query(migration.sql);
      await tx.query('INSERT INTO bureau_schema_migrations (id) VALUES ($1)', [migration.id]);
    });
    applied.push(migration.id);
  }
  return applied;
}

import type { Db } from './db';

/** One schema migration: plain SQL, the same text on PostgreSQL and PGlite (applyMigrations applies them). */
export interface Migration {
  /** Unique, ordered: `001_core`, `100_journal_ingest`, `001_bureau_core`, ... */
  id: string;
  sql: string;
}

/**
 * Applies pending migrations in id order, each in its own transaction, and
 * records them in `ledgerTable`. Each service names its own ledger, so two
 * services pointed at one database never read each other's migration ids
 * as their own. Plain SQL on purpose: the same text runs on PostgreSQL and
 * PGlite. Returns the ids applied now.
 */
export async function applyMigrations(db: Db, migrations: readonly Migration[], ledgerTable: string): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(ledgerTable)) throw new Error(`migration ledger table name ${ledgerTable} is not a plain identifier`);
  await db.query(`CREATE TABLE IF NOT EXISTS ${ledgerTable} (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query<{ id: string }>(`SELECT id FROM ${ledgerTable}`)).rows.map((r) => r.id));
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    if (done.has(migration.id)) continue;
    await db.transaction(async (tx) => {
      await tx.query(migration.sql);
      await tx.query(`INSERT INTO ${ledgerTable} (id) VALUES ($1)`, [migration.id]);
    });
    applied.push(migration.id);
  }
  return applied;
}

import type { Db, Queryable } from './db';

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
 *
 * Safe when several instances start together on one PostgreSQL (issue 19):
 * every step holds a transaction-scoped advisory lock named after the
 * ledger and re-reads the ledger under it, so the second instance waits,
 * then finds the work done, instead of racing on CREATE TABLE.
 */
export async function applyMigrations(db: Db, migrations: readonly Migration[], ledgerTable: string): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(ledgerTable)) throw new Error(`migration ledger table name ${ledgerTable} is not a plain identifier`);
  const lock = (tx: Queryable) => tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrations:${ledgerTable}`]);
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${ledgerTable} (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    const ran = await db.transaction(async (tx) => {
      await lock(tx);
      const done = await tx.query(`SELECT 1 FROM ${ledgerTable} WHERE id = $1`, [migration.id]);
      if (done.rows.length > 0) return false;
      await tx.query(migration.sql);
      await tx.query(`INSERT INTO ${ledgerTable} (id) VALUES ($1)`, [migration.id]);
      return true;
    });
    if (ran) applied.push(migration.id);
  }
  return applied;
}

/** Migration ids not yet in `ledgerTable` (readiness: an instance older than its database, or the reverse, says so). */
export async function pendingMigrations(db: Queryable, migrations: readonly Migration[], ledgerTable: string): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(ledgerTable)) throw new Error(`migration ledger table name ${ledgerTable} is not a plain identifier`);
  const done = new Set((await db.query<{ id: string }>(`SELECT id FROM ${ledgerTable}`)).rows.map((r) => r.id));
  return migrations.map((m) => m.id).filter((id) => !done.has(id));
}

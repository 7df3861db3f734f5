import { PGlite } from '@electric-sql/pglite';
import type { Db, Isolation, Queryable, QueryResult } from './db';

/**
 * PGlite has one connection: its transactions already run one at a time, so
 * serialization failures cannot happen and no retry loop is needed.
 * `dataDir` undefined means in memory.
 */
export async function openPgliteDb(dataDir?: string): Promise<Db> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  const run = async <R>(target: Pick<PGlite, 'query' | 'exec'>, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    // PGlite's `query` uses the extended protocol, which takes one statement; a migration is many.
    // Without parameters, `exec` (simple protocol, like pg's parameterless query) runs them all; the last result is the answer.
    if (!params || params.length === 0) {
      const results = await target.exec(sql);
      const last = results[results.length - 1];
      return { rows: (last?.rows ?? []) as R[], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
    }
    const result = await target.query<R>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction<T>(work: (tx: Queryable) => Promise<T>, options?: { isolation?: Isolation }) {
      return db.transaction(async (tx) => {
        if (options?.isolation) await tx.query(`SET TRANSACTION ISOLATION LEVEL ${options.isolation.toUpperCase()}`);
        return work({ query: (sql, params) => run(tx, sql, params) });
      });
    },
    close: () => db.close(),
  };
}

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
  const run = async <R>(target: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const result = await target.query<R>(sql, params as unknown[] | undefined);
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

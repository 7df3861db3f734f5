import pg from 'pg';
import { isRetryable, MAX_TRANSACTION_ATTEMPTS, type Db, type Isolation, type Queryable, type QueryResult } from './db';

// int8 (bigint) columns hold seqs and yen amounts far below 2^53: read them as numbers.
pg.types.setTypeParser(20, (value) => Number(value));

export function openPostgresDb(connectionString: string, poolSize = 10, name = 'main'): Db {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // node-postgres: an idle pooled client that loses its server (restart, admin shutdown, a forced DROP DATABASE)
  // emits 'error' on the pool, which crashes the process if nobody listens. The pool drops that client; the next
  // query opens a new connection or fails with its own error, so there is nothing more to do here.
  pool.on('error', () => undefined);
  const run = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const result = await client.query(sql, params as unknown[] | undefined);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction<T>(work: (tx: Queryable) => Promise<T>, options?: { isolation?: Isolation }) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        // A checked-out client whose server goes away mid-transaction (the database restarted, sessions
        // killed) emits 'error' as well; unheard, that crashes the process. The failing query rejects on
        // its own, so just note it and hand the client back as broken, so the pool discards it.
        let broken: Error | undefined;
        const onClientError = (error: Error) => { broken = error; };
        client.on('error', onClientError);
        try {
          await client.query(`BEGIN ISOLATION LEVEL ${(options?.isolation ?? 'read committed').toUpperCase()}`);
          const result = await work({ query: (sql, params) => run(client, sql, params) });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (attempt < MAX_TRANSACTION_ATTEMPTS && isRetryable(error)) {
            await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
            continue;
          }
          throw error;
        } finally {
          client.off('error', onClientError);
          client.release(broken);
        }
      }
    },
    close: () => pool.end(),
    poolStats: () => ({ [name]: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } }),
  };
}

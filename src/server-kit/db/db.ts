/**
 * A reference service's store (HQ's, the bureau's) behind one small
 * interface, so the same SQL runs on real PostgreSQL (`pg`, production) and
 * PGlite (PostgreSQL in WASM, the embedded development default;
 * TOOLCHAIN.md: single connection, not power-cut durable, never the
 * production store).
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs `work` in one transaction. Serialization failures (SQLSTATE 40001,
   * 40P01) are retried a bounded number of times, so callers write the
   * transaction as if it ran alone.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: { isolation?: Isolation }): Promise<T>;
  close(): Promise<void>;
  /** Connection counts of the pool behind it (PostgreSQL); absent on PGlite's single connection. */
  poolStats?(): PoolStats;
}

/** Connections by pool name: open, idle, and clients waiting for one (metrics). */
export type PoolStats = Record<string, { total: number; idle: number; waiting: number }>;

export const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
export const MAX_TRANSACTION_ATTEMPTS = 8;

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresDb } from '../../src/server-kit/db/postgres-db';
import { openPgliteDb } from '../../src/server-kit/db/pglite-db';
import { createTestDatabase } from '../support/postgres-database';
import type { Db } from '../../src/server-kit/db/db';

describe('HQ store runs the same SQL on real PostgreSQL and PGlite', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => { for (const c of cleanups) await c(); });

  for (const kind of ['postgres', 'pglite'] as const) {
    it(`commits and rolls back transactions on ${kind}`, async () => {
      let db: Db;
      if (kind === 'postgres') {
        const database = await createTestDatabase();
        db = openPostgresDb(database.url);
        cleanups.push(async () => { await db.close(); await database.drop(); });
      } else {
        db = await openPgliteDb();
        cleanups.push(() => db.close());
      }
      await db.query('CREATE TABLE t (id int PRIMARY KEY, v bigint)');
      await db.transaction(async (tx) => { await tx.query('INSERT INTO t VALUES (1, 9007199254740)'); });
      await expect(db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (2, 2)');
        throw new Error('abort');
      })).rejects.toThrow('abort');
      const { rows } = await db.query<{ id: number; v: number }>('SELECT id, v FROM t ORDER BY id');
      expect(rows).toEqual([{ id: 1, v: 9007199254740 }]);
      expect(db.kind).toBe(kind);
    });
  }
});

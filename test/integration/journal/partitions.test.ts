/**
 * `journal_events` partitioned by JST month on HQ's receive time, hashes as
 * bytea (issue 19, "Bounded growth"; migration 101), on PGlite and on real
 * PostgreSQL: the migration keeps every row of a populated old-schema
 * database, a month boundary routes rows to the right partitions,
 * housekeeping creates partitions ahead and empties DEFAULT.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/hq/db/migrations';
import { migrate } from '../../../src/hq/db/migrate';
import { GrowthHousekeeper } from '../../../src/hq/growth-housekeeping';
import { ingestBatch } from '../../../src/hq/journal-ingest/ingest-batch';
import { readKioskJournalPosition } from '../../../src/hq/journal-ingest/journal-positions';
import { journalMonthOf, journalPartitionMonths } from '../../../src/hq/journal-ingest/journal-partitions';
import { generateHqKeys } from '../../../src/hq/keys/hq-keys';
import { DEFAULT_RETENTION } from '../../../src/hq/retention';
import type { Db } from '../../../src/server-kit/db/db';
import { openPgliteDb } from '../../../src/server-kit/db/pglite-db';
import { openPostgresDb } from '../../../src/server-kit/db/postgres-db';
import { findChainBreak, GENESIS_HASH, type JournalRow } from '../../../src/shared/journal';
import { createTestDatabase } from '../../support/postgres-database';
import { chainRows, sha256Hex, signedBatch } from './chain-rows';
import { enrolKiosk, openHqStore, STORE_KINDS, type HqStore } from './hq-fixture';

const hqKeys = generateHqKeys();

async function partitionOf(db: Db, kioskId: string): Promise<Record<number, string>> {
  const rows = (await db.query<{ seq: number | string; part: string }>(
    'SELECT seq, tableoid::regclass::text AS part FROM journal_events WHERE kiosk_id = $1 ORDER BY seq', [kioskId])).rows;
  return Object.fromEntries(rows.map((r) => [Number(r.seq), r.part]));
}

async function storedRows(db: Db, kioskId: string): Promise<JournalRow[]> {
  const rows = (await db.query<{ seq: number | string; occurred_at: Date | string; monotonic_ms: number | string; session_id: string | null; type: JournalRow['type']; actor: JournalRow['actor']; payload: JournalRow['payload']; prev_hash: string; hash: string }>(
    `SELECT seq, occurred_at, monotonic_ms, session_id, type, actor, payload, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash
       FROM journal_events WHERE kiosk_id = $1 ORDER BY seq`, [kioskId])).rows;
  return rows.map((r) => ({
    seq: Number(r.seq), occurredAt: new Date(r.occurred_at).toISOString(), monotonicMs: Number(r.monotonic_ms), kioskId, sessionId: r.session_id,
    type: r.type, actor: r.actor, payload: r.payload, prevHash: r.prev_hash, hash: r.hash,
  }) as JournalRow);
}

describe.each(STORE_KINDS)('journal partitions on %s', (kind) => {
  describe('migration 101 on a populated database of the old schema', () => {
    let db: Db;
    let drop: () => Promise<void> = async () => undefined;
    beforeEach(async () => {
      if (kind === 'postgres') {
        const database = await createTestDatabase();
        db = openPostgresDb(database.url);
        drop = database.drop;
      } else {
        db = await openPgliteDb();
      }
    });
    afterEach(async () => { await db.close(); await drop(); });

    it('keeps every row, puts each in its month, and the chain still verifies and continues', async () => {
      await migrate(db, MIGRATIONS.filter((m) => m.id <= '100_journal_ingest'));
      const a = await enrolKiosk(db, 'KIOSK-MIG-A');
      const b = await enrolKiosk(db, 'KIOSK-MIG-B');
      const rowsA = chainRows(a.kioskId, 1, 8, GENESIS_HASH);
      const rowsB = chainRows(b.kioskId, 1, 3, GENESIS_HASH);
      // As the old ingest stored them: hashes as hex text.
      const oldInsert = (row: JournalRow, receivedAt: string) => db.query(
        `INSERT INTO journal_events (kiosk_id, seq, occurred_at, monotonic_ms, session_id, type, actor, payload, prev_hash, hash, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [row.kioskId, row.seq, row.occurredAt, row.monotonicMs, row.sessionId, row.type, JSON.stringify(row.actor), JSON.stringify(row.payload), row.prevHash, row.hash, receivedAt]);
      for (const row of rowsA) await oldInsert(row, row.seq <= 4 ? '2026-10-15T03:00:00.000Z' : '2026-11-20T03:00:00.000Z');
      // 2026-11-30 15:30 UTC is 2026-12-01 00:30 in Japan: December's partition.
      for (const row of rowsB) await oldInsert(row, '2026-11-30T15:30:00.000Z');
      await db.query('INSERT INTO journal_cursors (kiosk_id, high_water_mark, head_hash, event_count) VALUES ($1, 8, $2, 8), ($3, 3, $4, 3)',
        [a.kioskId, rowsA.at(-1)!.hash, b.kioskId, rowsB.at(-1)!.hash]);

      expect(await migrate(db)).toEqual(expect.arrayContaining(['101_journal_partitions', '102_retention_indexes']));

      expect(await storedRows(db, a.kioskId)).toEqual(rowsA);
      expect(await storedRows(db, b.kioskId)).toEqual(rowsB);
      expect(findChainBreak(await storedRows(db, a.kioskId), GENESIS_HASH, 0, sha256Hex)).toBeNull();
      expect(Object.values(await partitionOf(db, a.kioskId))).toEqual([...Array(4).fill('journal_events_2026_10'), ...Array(4).fill('journal_events_2026_11')]);
      expect(Object.values(await partitionOf(db, b.kioskId))).toEqual(Array(3).fill('journal_events_2026_12'));
      const types = (await db.query<{ h: string; c: string }>('SELECT pg_typeof(hash)::text AS h, (SELECT pg_typeof(head_hash)::text FROM journal_cursors LIMIT 1) AS c FROM journal_events LIMIT 1')).rows[0]!;
      expect(types).toEqual({ h: 'bytea', c: 'bytea' });
      expect((await db.query('SELECT to_regclass($1) AS t', ['journal_events_unpartitioned'])).rows[0]!.t).toBeNull();
      // Partitions for the database's current and next month exist too.
      expect(await journalPartitionMonths(db)).toContain(journalMonthOf(new Date()));

      // The cursor reads back as hex, and the next batch continues the chain.
      expect((await readKioskJournalPosition(db, a.kioskId)).headHash).toBe(rowsA.at(-1)!.hash);
      const next = chainRows(a.kioskId, 9, 2, rowsA.at(-1)!.hash);
      expect(await ingestBatch(db, a.kioskId, signedBatch(a.kioskId, next, a.privateKey), hqKeys.receiptPrivateKey))
        .toMatchObject({ outcome: 'accepted', ackedThrough: 10, inserted: 2 });
      // A row HQ holds, sent again with another hash, is still caught against the bytea column.
      const forged = chainRows(a.kioskId, 3, 1, rowsA[1]!.hash, new Date('2030-02-02T00:00:00.000Z'));
      expect(await ingestBatch(db, a.kioskId, signedBatch(a.kioskId, forged, a.privateKey), hqKeys.receiptPrivateKey))
        .toMatchObject({ outcome: 'refused', reason: 'historyConflict', atSeq: 3 });
    });
  });

  describe('on a migrated store', () => {
    let store: HqStore;
    beforeEach(async () => { store = await openHqStore(kind); });
    afterEach(async () => { await store.dispose(); });

    const ingestAt = (kioskId: string, rows: JournalRow[], key: Parameters<typeof signedBatch>[2], at: string) =>
      ingestBatch(store.db, kioskId, signedBatch(kioskId, rows, key), hqKeys.receiptPrivateKey, { now: () => new Date(at) });

    it('routes the last instant of a JST month and the first of the next to their partitions; housekeeping keeps two months ahead, once across instances', async () => {
      const kiosk = await enrolKiosk(store.db, 'KIOSK-MONTH');
      const instanceA = new GrowthHousekeeper(store.db, DEFAULT_RETENTION);
      const instanceB = new GrowthHousekeeper(store.db, DEFAULT_RETENTION);
      await instanceA.prune(new Date('2031-01-15T12:00:00+09:00'));
      expect(instanceA.lastPartitions?.ensured).toEqual(['2031-01', '2031-02', '2031-03']);
      await instanceB.prune(new Date('2031-01-15T12:00:01+09:00'));
      expect(instanceB.lastPartitions).toBeNull();
      expect((await journalPartitionMonths(store.db)).filter((m) => m.startsWith('2031'))).toEqual(['2031-01', '2031-02', '2031-03']);

      const first = chainRows(kiosk.kioskId, 1, 3, GENESIS_HASH);
      const second = chainRows(kiosk.kioskId, 4, 3, first.at(-1)!.hash);
      // The last millisecond of January in Japan, then midnight of 1 February in Japan (still 31 January in UTC).
      expect(await ingestAt(kiosk.kioskId, first, kiosk.privateKey, '2031-01-31T23:59:59.999+09:00')).toMatchObject({ outcome: 'accepted', inserted: 3 });
      expect(await ingestAt(kiosk.kioskId, second, kiosk.privateKey, '2031-01-31T15:00:00.000Z')).toMatchObject({ outcome: 'accepted', inserted: 3 });
      expect(await partitionOf(store.db, kiosk.kioskId)).toEqual({
        1: 'journal_events_2031_01', 2: 'journal_events_2031_01', 3: 'journal_events_2031_01',
        4: 'journal_events_2031_02', 5: 'journal_events_2031_02', 6: 'journal_events_2031_02',
      });

      // The clock crosses into February: the next run adds April.
      await instanceB.prune(new Date('2031-02-01T00:00:00+09:00'));
      expect(instanceB.lastPartitions?.ensured).toEqual(['2031-02', '2031-03', '2031-04']);
      expect((await journalPartitionMonths(store.db)).filter((m) => m.startsWith('2031'))).toEqual(['2031-01', '2031-02', '2031-03', '2031-04']);
      expect(Number((await store.db.query<{ n: string }>('SELECT count(*) AS n FROM journal_events_default')).rows[0]!.n)).toBe(0);
    });

    it('sends a row with no partition for its month to DEFAULT, and housekeeping moves it into its month and says so', async () => {
      const kiosk = await enrolKiosk(store.db, 'KIOSK-DEFAULT');
      const rows = chainRows(kiosk.kioskId, 1, 3, GENESIS_HASH);
      expect(await ingestAt(kiosk.kioskId, rows, kiosk.privateKey, '2040-06-10T10:00:00+09:00')).toMatchObject({ outcome: 'accepted', inserted: 3 });
      expect(Object.values(await partitionOf(store.db, kiosk.kioskId))).toEqual(Array(3).fill('journal_events_default'));

      const warnings: object[] = [];
      const housekeeper = new GrowthHousekeeper(store.db, DEFAULT_RETENTION, { warn: (detail) => warnings.push(detail), info: () => undefined });
      await housekeeper.prune(new Date('2040-06-10T10:05:00+09:00'));
      expect(housekeeper.lastPartitions?.movedFromDefault).toEqual([{ month: '2040-06', rows: 3 }]);
      expect(warnings).toEqual([{ movedFromDefault: [{ month: '2040-06', rows: 3 }] }]);
      expect(Object.values(await partitionOf(store.db, kiosk.kioskId))).toEqual(Array(3).fill('journal_events_2040_06'));
      expect(await storedRows(store.db, kiosk.kioskId)).toEqual(rows);
    });
  });
});

/**
 * Bytes per `journal_events` row on PostgreSQL before and after migration
 * 101 (hashes as bytea, monthly partitions; issue 19, "Bounded growth"):
 * 50,000 rows written as the old schema stored them, measured with
 * `pg_total_relation_size` (heap, TOAST and indexes) after VACUUM, then the
 * real migration applied to them and the partitions measured the same way.
 * `npm run bench -- --only row-size`.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../src/hq/db/migrate';
import { MIGRATIONS } from '../src/hq/db/migrations';
import { openPostgresDb } from '../src/server-kit/db/postgres-db';
import { canonicalJson, chainInput, GENESIS_HASH, type JournalRow } from '../src/shared/journal';
import { startPostgresCluster } from '../test/support/postgres-cluster';
import type { BenchResult, BenchSuite } from './bench-result';

const KIOSKS = 10;
const ROWS_PER_KIOSK = 5_000;
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The journal bench's mix: an identification result a third of the time, device status otherwise. */
function rowsFor(kioskId: string): JournalRow[] {
  const rows: JournalRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= ROWS_PER_KIOSK; seq++) {
    const event = seq % 3 === 0
      ? { type: 'identification.result', actor: { kind: 'customer', maskedCard: '400000******0051' }, sessionId: '0f8a7c34-9b1d-4e55-8a0b-3c2d1e0f9a77', payload: { method: 'cardAndPin', outcome: 'ok' } }
      : { type: 'device.statusChanged', actor: { kind: 'system' }, sessionId: null, payload: { device: 'cardReader', from: 'online', to: 'deviceBusy' } };
    const unhashed = { seq, occurredAt: new Date(Date.UTC(2026, 9, 1) + seq * 60_000).toISOString(), monotonicMs: seq * 60_000, kioskId, prevHash: prev, ...event } as Omit<JournalRow, 'hash'>;
    const row = { ...unhashed, hash: sha256Hex(chainInput(unhashed)) } as JournalRow;
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

async function bytesPerRow(db: pg.Client, rows: number): Promise<number> {
  await db.query('VACUUM ANALYZE');
  // A partitioned table's own size is 0: sum its partitions (pg_partition_tree lists none for a plain table).
  const result = await db.query<{ bytes: string }>(
    `SELECT CASE WHEN c.relkind = 'p' THEN (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree(c.oid))
                 ELSE pg_total_relation_size(c.oid) END AS bytes
       FROM pg_class c WHERE c.oid = 'journal_events'::regclass`);
  return Number(result.rows[0]!.bytes) / rows;
}

const suite: BenchSuite = {
  name: 'row-size',
  async run(): Promise<BenchResult[]> {
    const cluster = startPostgresCluster();
    try {
      const admin = new pg.Client({ connectionString: cluster.adminUrl });
      await admin.connect();
      await admin.query('CREATE DATABASE row_size_bench');
      await admin.end();
      const url = cluster.adminUrl.replace(/\/postgres$/, '/row_size_bench');
      const db = openPostgresDb(url);
      await migrate(db, MIGRATIONS.filter((m) => m.id <= '100_journal_ingest'));
      for (let k = 1; k <= KIOSKS; k++) {
        const rows = rowsFor(`KIOSK-SIZE-${k}`);
        // As the old ingest wrote them: hashes as 64 hex characters.
        await db.query(
          `INSERT INTO journal_events (kiosk_id, seq, occurred_at, monotonic_ms, session_id, type, actor, payload, prev_hash, hash, received_at)
           SELECT u.kiosk_id, u.seq, u.occurred_at, u.monotonic_ms, u.session_id, u.type, u.actor, u.payload, u.prev_hash, u.hash, u.occurred_at
             FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[], $10::text[])
               AS u (kiosk_id, seq, occurred_at, monotonic_ms, session_id, type, actor, payload, prev_hash, hash)`,
          [rows.map((r) => r.kioskId), rows.map((r) => r.seq), rows.map((r) => r.occurredAt), rows.map((r) => r.monotonicMs), rows.map((r) => r.sessionId),
            rows.map((r) => r.type), rows.map((r) => canonicalJson(r.actor)), rows.map((r) => canonicalJson(r.payload)), rows.map((r) => r.prevHash), rows.map((r) => r.hash)]);
      }
      const total = KIOSKS * ROWS_PER_KIOSK;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const before = await bytesPerRow(client, total);
      await migrate(db);
      const after = await bytesPerRow(client, total);
      await client.end();
      await db.close();
      return [
        { name: `journal_events bytes/row, hex text hashes (before migration 101), ${total} rows`, value: Math.round(before), unit: 'B' },
        { name: 'journal_events bytes/row, bytea hashes, partitioned (after migration 101)', value: Math.round(after), unit: 'B', baseline: Math.round(before), ratio: after / before },
      ];
    } finally {
      cluster.stop();
    }
  },
};

export default suite;

/**
 * Journal and sync benchmarks (issue 6, "Performance"):
 * - journal append (validation, hash chain, durable commit) against a bare
 *   better-sqlite3 insert of the same bytes at the same durability (WAL,
 *   synchronous=FULL): goal >= 0.8x;
 * - backlog drain of 35,000 events (about a week offline) from the kiosk to
 *   HQ on real PostgreSQL, over HTTP with signed requests: goal < 5 s;
 * - HQ ingest (schema validation, signature, chain check, unnest insert,
 *   cursor) against a raw `unnest` insert of the same rows: goal >= 0.7x;
 * - the technician's chain check over 100,000 rows: the longest event-loop
 *   stall of the sliced walk against the whole walk in one go.
 * Every ratio comes from interleaved rounds (./interleaved.ts).
 */
import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { buildHqApp } from '../src/hq/app';
import { migrate } from '../src/hq/db/migrate';
import { openPostgresDb } from '../src/server-kit/db/postgres-db';
import { ingestBatch, insertRows } from '../src/hq/journal-ingest/ingest-batch';
import { generateHqKeys, generatePepper } from '../src/hq/keys/hq-keys';
import { HqClient } from '../src/main/hq-client/hq-client';
import { Journal } from '../src/main/journal/journal';
import { EVENT_COLUMNS } from '../src/main/journal/journal-rows';
import { JOURNAL_DDL } from '../src/main/journal/journal-schema';
import { sha256Hex } from '../src/main/journal/sha256';
import { ed25519BatchSigner } from '../src/main/sync/batch-signer';
import { hqJournalPushClient } from '../src/main/sync/hq-journal-push-client';
import { SyncWorker } from '../src/main/sync/sync-worker';
import { JournalBatchRequest } from '../src/shared/hq-api/journal-ingest';
import { canonicalJson, chainInput, GENESIS_HASH, type JournalEvent, type JournalRow } from '../src/shared/journal';
import { startPostgresCluster } from '../test/support/postgres-cluster';
import type { BenchResult, BenchSuite } from './bench-result';
import { elapsedMs, interleaved, ratioRow, summarize } from './interleaved';

// Each append is its own durable commit (an fsync or two), and one slow
// fsync can take as long as dozens of quick ones: a round of EVENTS_PER_ROUND
// commits spreads such a hiccup thin, and the median over APPEND_ROUNDS
// rounds keeps a bad round from deciding the row.
const APPEND_ROUNDS = 21;
const EVENTS_PER_ROUND = 300;
const BACKLOG = 35_000;
const BATCH = 5_000;

function sampleEvent(i: number): JournalEvent {
  return i % 3 === 0
    ? { type: 'identification.result', actor: { kind: 'customer', maskedCard: '400000******0051' }, sessionId: '0f8a7c34-9b1d-4e55-8a0b-3c2d1e0f9a77', payload: { method: 'cardAndPin', outcome: 'ok' } }
    : { type: 'device.statusChanged', actor: { kind: 'system' }, payload: { device: 'cardReader', from: 'online', to: 'deviceBusy' } };
}

/** Same table, same pragmas as the journal, nothing else: the floor for a durable insert. */
function bareDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(JOURNAL_DDL.split('-- Rows are append-only')[0]!);
  return db;
}

async function appendBench(dir: string): Promise<BenchResult> {
  const journal = Journal.open(join(dir, 'journal.db'), { kioskId: 'KIOSK-BENCH' });
  const bare = bareDb(join(dir, 'bare.db'));
  const insert = bare.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let appended = 0;
  const eventsPerSecond = (ns: number) => EVENTS_PER_ROUND / (ns / 1e9);
  try {
    const result = await interleaved({
      rounds: APPEND_ROUNDS,
      higherIsBetter: true,
      measured: () => {
        const start = process.hrtime.bigint();
        for (let i = 0; i < EVENTS_PER_ROUND; i++) {
          const appendedNow = journal.append(sampleEvent(appended + i));
          if (!appendedNow.ok) throw new Error(`append failed: ${appendedNow.error.code}`);
        }
        return eventsPerSecond(Number(process.hrtime.bigint() - start));
      },
      // The bare insert writes the very bytes the journal stored this round.
      baseline: () => {
        const rows = journal.pending(appended, EVENTS_PER_ROUND);
        appended += EVENTS_PER_ROUND;
        const start = process.hrtime.bigint();
        for (const r of rows) insert.run(r.seq, r.occurredAt, r.monotonicMs, r.kioskId, r.sessionId, r.type, canonicalJson(r.actor), canonicalJson(r.payload), r.prevHash, r.hash);
        return eventsPerSecond(Number(process.hrtime.bigint() - start));
      },
    });
    return ratioRow('journal append (durable) vs bare insert', 'events/s', result);
  } finally {
    journal.close();
    bare.close();
  }
}

/** A week offline: rows made directly (one transaction) so the set-up does not take 35,000 fsyncs. */
function makeRows(kioskId: string, n: number): JournalRow[] {
  const rows: JournalRow[] = [];
  let prevHash = GENESIS_HASH;
  const start = Date.parse('2025-01-06T00:00:00.000Z');
  for (let seq = 1; seq <= n; seq++) {
    const event = sampleEvent(seq);
    const unhashed = {
      seq, occurredAt: new Date(start + seq * 17_000).toISOString(), monotonicMs: seq * 17_000, kioskId,
      sessionId: event.sessionId ?? null, type: event.type, actor: event.actor, payload: event.payload as Record<string, unknown>, prevHash,
    };
    const row = { ...unhashed, hash: sha256Hex(chainInput(unhashed)) };
    rows.push(row);
    prevHash = row.hash;
  }
  return rows;
}

function fillJournal(path: string, kioskId: string, rows: JournalRow[]): void {
  Journal.open(path, { kioskId }).close();
  const db = new Database(path);
  const insert = db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const r of rows) insert.run(r.seq, r.occurredAt, r.monotonicMs, r.kioskId, r.sessionId, r.type, canonicalJson(r.actor), canonicalJson(r.payload), r.prevHash, r.hash);
  })();
  db.close();
}

const CHAIN_ROWS = 100_000;
// A whole walk takes about a second: a few rounds are enough for a median.
const CHAIN_ROUNDS = 3;

/**
 * The technician's chain check over a large journal: the whole walk in one
 * go (what `verify()` costs the event loop) against the longest slice of
 * `verifyInSlices`, the longest the kiosk stops answering while it runs.
 * Both rows come from the same rounds: each sliced walk gives its total time
 * and its longest stall, each whole walk its time.
 */
async function chainCheckBench(dir: string): Promise<BenchResult[]> {
  const path = join(dir, 'chain.db');
  fillJournal(path, 'KIOSK-CHAIN', makeRows('KIOSK-CHAIN', CHAIN_ROWS));
  const journal = Journal.open(path, { kioskId: 'KIOSK-CHAIN' });
  const stalls: number[] = [];
  try {
    const total = await interleaved({
      rounds: CHAIN_ROUNDS,
      higherIsBetter: false,
      measured: async (round) => {
        let longestSliceMs = 0;
        let sliceStart = process.hrtime.bigint();
        const start = sliceStart;
        const sliced = await journal.verifyInSlices({
          pause: async () => {
            longestSliceMs = Math.max(longestSliceMs, Number(process.hrtime.bigint() - sliceStart) / 1e6);
            await new Promise<void>((resolve) => setImmediate(resolve));
            sliceStart = process.hrtime.bigint();
          },
        });
        longestSliceMs = Math.max(longestSliceMs, Number(process.hrtime.bigint() - sliceStart) / 1e6);
        const slicedMs = Number(process.hrtime.bigint() - start) / 1e6;
        if (!sliced.ok || sliced.checked !== CHAIN_ROWS) throw new Error('chain check bench: the sliced walk did not verify');
        if (round > 0) stalls.push(longestSliceMs);
        return slicedMs;
      },
      baseline: () => elapsedMs(() => {
        if (!journal.verify().ok) throw new Error('chain check bench: the journal did not verify');
      }),
    });
    const stall = summarize(stalls, total.samples.baseline, false);
    return [
      ratioRow(`chain check ${CHAIN_ROWS} rows: longest event-loop stall, sliced vs whole`, 'ms', stall),
      ratioRow(`chain check ${CHAIN_ROWS} rows: total time, sliced vs whole`, 'ms', total),
    ];
  } finally {
    journal.close();
  }
}

async function syncBenches(dir: string): Promise<BenchResult[]> {
  const cluster = startPostgresCluster();
  const dbName = 'journal_bench';
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const db = openPostgresDb(cluster.adminUrl.replace(/\/postgres$/, `/${dbName}`));
    await migrate(db);
    const keys = generateHqKeys();
    const enrol = async (kioskId: string) => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      await db.query('INSERT INTO kiosks (kiosk_id, public_key) VALUES ($1, $2)', [kioskId, publicKey.export({ type: 'spki', format: 'pem' }).toString()]);
      return privateKey;
    };

    // Backlog drain over HTTP, signed requests, real HQ app.
    const drainKiosk = 'KIOSK-DRAIN';
    const drainKey = await enrol(drainKiosk);
    const journalPath = join(dir, 'backlog.db');
    fillJournal(journalPath, drainKiosk, makeRows(drainKiosk, BACKLOG));
    const app = await buildHqApp({ db, keys, pepper: generatePepper(), logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const journal = Journal.open(journalPath, { kioskId: drainKiosk });
    const worker = new SyncWorker({
      journal, kioskId: drainKiosk, signBatch: ed25519BatchSigner(drainKey),
      client: hqJournalPushClient(new HqClient({ baseUrl, kioskId: drainKiosk, privateKey: drainKey, timeoutMs: 60_000 })),
      batchSize: { initial: BATCH, max: BATCH },
    });
    const drainStart = process.hrtime.bigint();
    const drained = await worker.drain();
    const drainMs = Number(process.hrtime.bigint() - drainStart) / 1e6;
    if (!drained.ok || journal.stats().pending !== 0) throw new Error(`backlog drain failed: ${JSON.stringify(drained)}`);
    journal.close();
    await app.close();

    // HQ ingest against a raw unnest insert of the same rows, same batch size.
    const ingestKiosk = 'KIOSK-INGEST';
    const ingestKey = await enrol(ingestKiosk);
    const rawKiosk = 'KIOSK-RAW';
    await enrol(rawKiosk);
    const rows = makeRows(ingestKiosk, BACKLOG);
    const rawRows = rows.map((r) => ({ ...r, kioskId: rawKiosk }));
    const sign = ed25519BatchSigner(ingestKey);
    const bodies: string[] = [];
    for (let i = 0; i < rows.length; i += BATCH) {
      const events = rows.slice(i, i + BATCH);
      const last = events.at(-1)!;
      const batch = { firstSeq: events[0]!.seq, lastSeq: last.seq, headHash: last.hash, events, signature: sign({ kioskId: ingestKiosk, firstSeq: events[0]!.seq, lastSeq: last.seq, headHash: last.hash }) };
      // As the route receives it: JSON text, then the shared schema.
      bodies.push(JSON.stringify(batch));
    }
    // One batch a round; the first batch is the warm-up.
    const eventsPerSecond = (ms: number) => BATCH / (ms / 1000);
    const ingest = await interleaved({
      rounds: bodies.length - 1,
      higherIsBetter: true,
      measured: async (round) => eventsPerSecond(await elapsedMs(async () => {
        const answer = await ingestBatch(db, ingestKiosk, JournalBatchRequest.parse(JSON.parse(bodies[round]!)), keys.receiptPrivateKey);
        if (answer.outcome !== 'accepted') throw new Error(`ingest refused: ${JSON.stringify(answer)}`);
      })),
      baseline: async (round) => eventsPerSecond(await elapsedMs(() => db.transaction((tx) => insertRows(tx, rawKiosk, rawRows.slice(round * BATCH, (round + 1) * BATCH), new Date())))),
    });
    await db.close();
    return [
      { name: `backlog drain ${BACKLOG} events to HQ (PostgreSQL, HTTP)`, value: Math.round(drainMs), unit: 'ms' },
      ratioRow('HQ ingest vs raw unnest insert (PostgreSQL)', 'events/s', ingest),
    ];
  } finally {
    cluster.stop();
  }
}

const suite: BenchSuite = {
  name: 'journal',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'journal-bench-'));
    try {
      return [await appendBench(dir), ...(await chainCheckBench(dir)), ...(await syncBenches(dir))];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;

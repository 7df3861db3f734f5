/**
 * The backlog-drain bench (issue 19, "Load protection"): after an HQ outage
 * every kiosk drains its backlog at once; customers at the machines must not
 * wait behind it. `npm run bench -- --only drain`; never part of the default
 * `npm run bench` (minutes long).
 *
 * HQ as its own process on a throw-away PostgreSQL, as the fleet bench
 * starts it (fleet.bench.ts: `prepare`, `startHq`). Each of DRAIN_KIOSKS
 * kiosks (default 1,000) holds DRAIN_EVENTS journal events (default 500, a
 * real hash chain) in memory and drains them with the kiosk's own
 * `SyncWorker` (default batch size and backoff), `hqJournalPushClient`,
 * `HqClient` and batch signer: signed batches, HQ's receipts verified, 429
 * and 503 answered with Retry-After honoured as a kiosk honours them. All
 * start at once. Card authentications at the real PIN cost run alongside at
 * the fleet's peak customer rate (a customer every 3 minutes per kiosk,
 * Poisson arrivals; DRAIN_AUTH_PER_SECOND overrides), and also in a quiet
 * phase before and after the drain (DRAIN_QUIET_SECONDS each, default 30;
 * the two together are the baseline, so drift during the run lands on both
 * sides). FLEET_PIN_VERIFICATION=pvv stores the PINs as keyed verification
 * values instead of scrypt, as in the fleet bench.
 *
 * Reports: drain time (all kiosks start to the last event acknowledged),
 * events per second, authentication p50/p99 during the drain and in the
 * quiet phases, authentication errors, and pushes shed (429/503 seen by the
 * kiosks; HQ's own `hq_load_shed_total` beside it).
 */
import { createHash, randomInt, randomUUID, type KeyObject } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { HqClient } from '../src/main/hq-client/hq-client';
import type { AcknowledgeResult, JournalStats } from '../src/main/journal/journal';
import { ed25519BatchSigner, ed25519ReceiptVerifier } from '../src/main/sync/batch-signer';
import { hqJournalPushClient } from '../src/main/sync/hq-journal-push-client';
import type { JournalPushClient } from '../src/main/sync/journal-push-client';
import { SyncWorker, type SyncJournal } from '../src/main/sync/sync-worker';
import type { JournalEvent } from '../src/shared/journal';
import { chainInput, GENESIS_HASH, type JournalRow } from '../src/shared/journal/journal-row';
import { startPostgresCluster } from '../test/support/postgres-cluster';
import type { BenchResult, BenchSuite } from './bench-result';
import { percentile, PIN_VERIFICATION, pinVerificationFile, prepare, startHq, tearDown } from './fleet.bench';

const KIOSKS = Number(process.env.DRAIN_KIOSKS ?? 1000);
const EVENTS = Number(process.env.DRAIN_EVENTS ?? 500);
const QUIET_SECONDS = Number(process.env.DRAIN_QUIET_SECONDS ?? 30);
const MAX_DRAIN_SECONDS = Number(process.env.DRAIN_MAX_SECONDS ?? 1800);
/** A customer every 3 minutes per kiosk at peak (the fleet bench's model). */
const AUTH_PER_SECOND = Number(process.env.DRAIN_AUTH_PER_SECOND ?? KIOSKS / 180);
const PIN = '4826';
/** The kiosk's default HQ timeout (kiosk-config.ts `hq.timeoutMs`). */
const KIOSK_TIMEOUT_MS = 8000;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * A kiosk journal in memory with the real row format and hash chain: what
 * the sync worker reads (SyncJournal). Acknowledged rows are dropped (the
 * bench holds KIOSKS x EVENTS rows at the start).
 */
class BacklogJournal implements SyncJournal {
  private rows: JournalRow[] = [];
  private head = { seq: 0, hash: GENESIS_HASH };
  private acked = 0;

  constructor(private readonly kioskId: string, backlog: number) {
    for (let i = 0; i < backlog; i++) this.append({ type: 'card.taken', actor: { kind: 'customer' }, payload: {} } as JournalEvent);
  }

  append(event: JournalEvent) {
    const unhashed = {
      seq: this.head.seq + 1, occurredAt: new Date().toISOString(), monotonicMs: Math.floor(performance.now()), kioskId: this.kioskId, sessionId: null,
      type: event.type, actor: event.actor, payload: event.payload as Record<string, unknown>, prevHash: this.head.hash,
    };
    const row = { ...unhashed, hash: sha256(chainInput(unhashed as Omit<JournalRow, 'hash'>)) } as JournalRow;
    this.rows.push(row);
    this.head = { seq: row.seq, hash: row.hash };
    return { ok: true as const, seq: row.seq, hash: row.hash };
  }

  pending(afterSeq: number, limit: number): JournalRow[] {
    const start = this.rows.findIndex((r) => r.seq > afterSeq);
    return start < 0 ? [] : this.rows.slice(start, start + limit);
  }

  ackedSeq(): number { return this.acked; }

  markAcknowledged(seq: number): AcknowledgeResult {
    if (seq > this.head.seq) return { ok: false, code: 'beyondHead' };
    this.acked = Math.max(this.acked, seq);
    this.rows = this.rows.filter((r) => r.seq > this.acked);
    return { ok: true, ackedSeq: this.acked };
  }

  stats(): JournalStats {
    return {
      count: this.head.seq, headSeq: this.head.seq, headHash: this.head.hash, ackedSeq: this.acked, pending: this.head.seq - this.acked,
      oldestPendingAt: this.rows[0]?.occurredAt ?? null, oldestPendingAgeMs: null, health: { state: 'ok', freeBytes: null, lastErrorCode: null }, predecessor: null,
    };
  }

  onAppend(): () => void { return () => undefined; }
}

interface AuthSamples { latencies: number[]; errors: Map<string, number> }

/** Card authentications at `perSecond` (Poisson arrivals) from random kiosks until `until()` says stop. */
async function authenticationsWhile(clients: readonly HqClient[], cards: readonly string[], perSecond: number, until: () => boolean): Promise<AuthSamples> {
  const samples: AuthSamples = { latencies: [], errors: new Map() };
  const inFlight = new Set<Promise<void>>();
  while (!until()) {
    const client = clients[randomInt(clients.length)]!;
    const started = performance.now();
    const p = client.authenticateCard({ sessionId: randomUUID(), cardNumber: cards[randomInt(cards.length)]!, pinDigits: Buffer.from(PIN, 'latin1') }).then((r) => {
      samples.latencies.push(performance.now() - started);
      const kind = r.ok ? (r.value.outcome === 'ok' ? null : r.value.outcome) : `${r.error.kind}${r.error.kind === 'http' ? ` ${r.error.status} ${r.error.code}` : ''}`;
      if (kind) samples.errors.set(kind, (samples.errors.get(kind) ?? 0) + 1);
    }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    await new Promise((r) => setTimeout(r, -Math.log(1 - Math.random()) * (1000 / perSecond)));
  }
  await Promise.all([...inFlight]);
  samples.latencies.sort((a, b) => a - b);
  return samples;
}

const forSeconds = (seconds: number) => {
  const end = Date.now() + seconds * 1000;
  return () => Date.now() >= end;
};

/** HQ's event-loop delay p99 and max (ms) since the last scrape: prom-client resets its histogram at each one. */
async function hqLoopDelay(url: string): Promise<{ p99: number; max: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const seconds = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { p99: seconds('nodejs_eventloop_lag_p99_seconds') * 1000, max: seconds('nodejs_eventloop_lag_max_seconds') * 1000 };
}

async function shedByHq(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('hq_load_shed_total{')).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

const suite: BenchSuite = {
  name: 'drain',
  onlyWhenAsked: true,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'hq-drain-'));
    const cluster = process.env.HQ_BENCH_DATABASE_URL ? null : startPostgresCluster();
    let hq: ChildProcess | null = null;
    try {
      let databaseUrl = process.env.HQ_BENCH_DATABASE_URL ?? '';
      if (cluster) {
        const admin = new pg.Client({ connectionString: cluster.adminUrl });
        await admin.connect();
        await admin.query('CREATE DATABASE drain');
        await admin.end();
        databaseUrl = cluster.adminUrl.replace(/\/postgres$/, '/drain');
      }
      process.stderr.write(`drain: preparing ${KIOSKS} kiosks x ${EVENTS} events...\n`);
      const pvvKeysFile = pinVerificationFile(dir);
      const fleet = await prepare(databaseUrl, dir, KIOSKS, pvvKeysFile);
      const started = await startHq(databaseUrl, join(dir, 'secrets'), pvvKeysFile ? ['--pvv-keys', pvvKeysFile] : []);
      hq = started.child;
      const clientOf = (k: { id: string; key: KeyObject }) => new HqClient({ baseUrl: started.url, kioskId: k.id, privateKey: k.key, pinnedKeys: fleet.pinnedKeys, timeoutMs: KIOSK_TIMEOUT_MS });
      const clients = fleet.kiosks.map(clientOf);

      process.stderr.write(`drain: warm-up, then ${QUIET_SECONDS} s of authentications alone (${AUTH_PER_SECOND.toFixed(1)}/s)...\n`);
      await authenticationsWhile(clients, fleet.cards, AUTH_PER_SECOND, forSeconds(10));
      const before = await authenticationsWhile(clients, fleet.cards, AUTH_PER_SECOND, forSeconds(QUIET_SECONDS));

      let shedSeen = 0;
      const workers = fleet.kiosks.map((k, i) => {
        const journal = new BacklogJournal(k.id, EVENTS);
        const push = hqJournalPushClient(clients[i]!);
        const counting: JournalPushClient = {
          async push(batch) {
            const outcome = await push.push(batch);
            if (outcome.kind === 'failed' && outcome.retryAfterMs !== undefined) shedSeen++;
            return outcome;
          },
        };
        // The kiosk's defaults for batch size and backoff; no periodic push once drained.
        return { journal, worker: new SyncWorker({ journal, client: counting, kioskId: k.id, signBatch: ed25519BatchSigner(k.key), verifyReceipt: ed25519ReceiptVerifier(fleet.pinnedKeys.receipt.publicKey), intervalMs: 3_600_000 }) };
      });
      const shedBefore = await shedByHq(started.url);
      // Where a slow authentication waited: HQ's event loop, or this process's (the fleet that builds and signs the batches).
      await hqLoopDelay(started.url);
      const benchLoop = monitorEventLoopDelay({ resolution: 10 });
      benchLoop.enable();
      process.stderr.write(`drain: ${KIOSKS} kiosks draining ${KIOSKS * EVENTS} events at once...\n`);
      const drainStart = performance.now();
      let drainedAt: number | null = null;
      const giveUpAt = Date.now() + MAX_DRAIN_SECONDS * 1000;
      for (const w of workers) w.worker.start();
      const watch = (async () => {
        while (Date.now() < giveUpAt) {
          if (workers.every((w) => w.journal.stats().pending === 0)) { drainedAt = performance.now(); return; }
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      const during = await authenticationsWhile(clients, fleet.cards, AUTH_PER_SECOND, () => drainedAt !== null || Date.now() >= giveUpAt);
      await watch;
      await Promise.all(workers.map((w) => w.worker.stop()));
      const left = workers.reduce((sum, w) => sum + w.journal.stats().pending, 0);
      // The loop delay first: any scrape (shedByHq too) resets prom-client's histogram.
      benchLoop.disable();
      const hqLoop = await hqLoopDelay(started.url);
      const shedByHqDuring = (await shedByHq(started.url)) - shedBefore;
      const benchLoopP99 = benchLoop.percentile(99) / 1e6;
      const benchLoopMax = benchLoop.max / 1e6;

      process.stderr.write(`drain: ${QUIET_SECONDS} s of authentications alone again...\n`);
      const after = await authenticationsWhile(clients, fleet.cards, AUTH_PER_SECOND, forSeconds(QUIET_SECONDS));
      const quiet = [...before.latencies, ...after.latencies].sort((a, b) => a - b);
      const drainSeconds = ((drainedAt ?? performance.now()) - drainStart) / 1000;
      const errorsOf = (s: AuthSamples) => [...s.errors.values()].reduce((a, b) => a + b, 0);
      const lines = [
        `drain: ${KIOSKS} kiosks x ${EVENTS} events: ${drainedAt === null ? `NOT finished in ${MAX_DRAIN_SECONDS} s (${left} events left)` : `drained in ${drainSeconds.toFixed(1)} s`}; pushes shed ${shedSeen} (HQ counted ${shedByHqDuring})`,
        `  card auth during drain: ${during.latencies.length} requests, p50 ${percentile(during.latencies, 50).toFixed(0)} ms, p99 ${percentile(during.latencies, 99).toFixed(0)} ms, errors ${errorsOf(during)}`,
        `  card auth quiet (before + after): ${quiet.length} requests, p50 ${percentile(quiet, 50).toFixed(0)} ms, p99 ${percentile(quiet, 99).toFixed(0)} ms, errors ${errorsOf(before) + errorsOf(after)}`,
        `  event-loop delay during drain: HQ p99 ${hqLoop.p99.toFixed(0)} ms, max ${hqLoop.max.toFixed(0)} ms; this (fleet) process p99 ${benchLoopP99.toFixed(0)} ms, max ${benchLoopMax.toFixed(0)} ms`,
        ...[...during.errors].map(([kind, n]) => `  error during drain: ${kind} x${n}`),
      ];
      process.stderr.write(`${lines.join('\n')}\n`);
      const label = `${KIOSKS} kiosks x ${EVENTS} events, PINs as ${PIN_VERIFICATION}`;
      const results: BenchResult[] = [
        { name: `drain ${label}: time${drainedAt === null ? ' (NOT finished)' : ''}`, value: drainSeconds, unit: 's' },
        { name: `drain ${label}: events acknowledged per second`, value: (KIOSKS * EVENTS - left) / drainSeconds, unit: 'events/s' },
        { name: `drain ${label}: card-auth p99 during drain vs quiet`, value: percentile(during.latencies, 99), baseline: percentile(quiet, 99), ratio: percentile(quiet, 99) / percentile(during.latencies, 99), unit: 'ms' },
        { name: `drain ${label}: card-auth p50 during drain vs quiet`, value: percentile(during.latencies, 50), baseline: percentile(quiet, 50), ratio: percentile(quiet, 50) / percentile(during.latencies, 50), unit: 'ms' },
        { name: `drain ${label}: card-auth errors during drain`, value: errorsOf(during), unit: 'requests' },
        { name: `drain ${label}: pushes shed (429/503 with Retry-After)`, value: shedSeen, unit: 'requests' },
        { name: `drain ${label}: HQ event-loop delay p99 during drain`, value: hqLoop.p99, unit: 'ms' },
        { name: `drain ${label}: fleet process event-loop delay p99 during drain`, value: benchLoopP99, unit: 'ms' },
      ];
      return results;
    } finally {
      await tearDown([hq], cluster, dir);
    }
  },
};

export default suite;

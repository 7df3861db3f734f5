/**
 * The fleet-load benchmark (issue 19): `npm run bench -- --only fleet`; never
 * part of the default `npm run bench` (it takes minutes). HQ runs as its own
 * process (`npm run hq` with HQ_DATABASE_URL and shared secrets) on
 * PostgreSQL (a throw-away cluster started like the tests' one, or
 * HQ_BENCH_DATABASE_URL, an empty database); this process is the fleet, each
 * kiosk signing like a real one (the kiosk's HqClient and request signer):
 * - one status-and-calendar exchange every 30 s (the status report naming
 *   the calendar version held; HQ's ack carries the calendar only when it
 *   changed, as real kiosks do since issue 19),
 * - a 10-event journal push (a real hash chain, signed batch) every minute,
 * - a customer (card authentication at the real scrypt cost, or with
 *   FLEET_PIN_VERIFICATION=pvv the keyed PIN verification value, design B
 *   in docs/hq.md) every 3 minutes on average (exponential gaps: the
 *   peak-hour rate),
 * each kiosk starting at a random phase with ±10 % jitter on every period.
 * FLEET_INSTANCES=2 starts two HQ processes on the one database and
 * spreads the kiosks over them.
 * The fleet steps through FLEET_STEPS kiosks (default 250,500,1000,2000),
 * FLEET_STEP_SECONDS each (default 60), and reports per route p50/p95/p99
 * and errors, and the largest fleet whose card-authentication p99 stayed
 * under 300 ms with zero errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, randomInt, randomUUID, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createCustomer, enrollKiosk, issueCard } from '../src/hq/accounts/account-admin';
import { migrate } from '../src/hq/db/migrate';
import { deriveKeys } from '../src/hq/keys/derived-keys';
import { hqKeysResponse } from '../src/hq/keys/hq-keys';
import { initSharedSecrets } from '../src/hq/keys/shared-secrets';
import { loadPinVerificationKeys, rotatePinVerificationKeys } from '../src/hq/pin/pin-verification-keys';
import { HqClient, type HqResult } from '../src/main/hq-client/hq-client';
import { trustHqKeys } from '../src/main/hq-client/trusted-hq-keys';
import { ed25519BatchSigner } from '../src/main/sync/batch-signer';
import { openPostgresDb } from '../src/server-kit/db/postgres-db';
import { chainInput, GENESIS_HASH, type JournalRow } from '../src/shared/journal/journal-row';
import { startPostgresCluster } from '../test/support/postgres-cluster';
import type { BenchResult, BenchSuite } from './bench-result';

const ROOT = resolve(import.meta.dirname, '..');
const STEPS = (process.env.FLEET_STEPS ?? '250,500,1000,2000').split(',').map(Number).filter((n) => n > 0);
const STEP_SECONDS = Number(process.env.FLEET_STEP_SECONDS ?? 60);
const CARDS = Number(process.env.FLEET_CARDS ?? 40);
/** How HQ stores PINs for this run (fleet and drain benches): `scrypt` (HQ's default) or `pvv` (a key file apart from the secrets, passed as --pvv-keys). */
export const PIN_VERIFICATION = process.env.FLEET_PIN_VERIFICATION === 'pvv' ? 'pvv' : 'scrypt';
/** HQ processes on the one database and secrets (FLEET_INSTANCES, default 1); kiosks are spread over them. */
const INSTANCES = Math.max(1, Number(process.env.FLEET_INSTANCES ?? 1));
const RUN_LABEL = INSTANCES > 1 ? `${PIN_VERIFICATION}, ${INSTANCES} instances` : PIN_VERIFICATION;

/** With `pvv`: a fresh key file beside (never in) the secrets folder, for `prepare` and `startHq`'s `--pvv-keys`. */
export function pinVerificationFile(dir: string): string | undefined {
  if (PIN_VERIFICATION !== 'pvv') return undefined;
  const file = join(dir, 'pvv.keys');
  rotatePinVerificationKeys(file);
  return file;
}
const GOAL_P99_MS = 300;
const PIN = '4826';
const STATUS_PERIOD_MS = 30_000;
const PUSH_PERIOD_MS = 60_000;
const CUSTOMER_MEAN_MS = 180_000;
const EVENTS_PER_PUSH = 10;
/** One status period: every kiosk of the first step has made its first report (its first history row) before anything is counted. */
const WARM_UP_SECONDS = 30;
const BENCH_CONFIG_HASH = createHash('sha256').update('fleet bench config').digest('hex');

type Route = 'status' | 'journal' | 'cardAuth';
const ROUTES: Route[] = ['cardAuth', 'status', 'journal'];

interface Kiosk {
  id: string;
  key: KeyObject;
  client: HqClient;
  seq: number;
  prevHash: string;
  pending: JournalRow[];
  /** The version of HQ's calendar this kiosk holds (null until HQ sent one). */
  calendarVersion: string | null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const jittered = (ms: number) => ms * (0.9 + Math.random() * 0.2);

function appendEvents(kiosk: Kiosk, count: number): void {
  for (let i = 0; i < count; i++) {
    const unhashed = {
      seq: ++kiosk.seq, occurredAt: new Date().toISOString(), monotonicMs: Math.floor(performance.now()), kioskId: kiosk.id, sessionId: null,
      type: 'card.taken' as const, actor: { kind: 'customer' as const }, payload: {}, prevHash: kiosk.prevHash,
    };
    const row = { ...unhashed, hash: sha256(chainInput(unhashed)) } as JournalRow;
    kiosk.prevHash = row.hash;
    kiosk.pending.push(row);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Stops the bench's HQ (waiting for it), its throw-away cluster and folder; shared with the drain bench. */
export async function tearDown(hqs: readonly (ChildProcess | null)[], cluster: { stop(): void } | null, dir: string): Promise<void> {
  for (const hq of hqs) {
    if (!hq || hq.exitCode !== null) continue;
    const exited = new Promise((r) => hq.once('exit', r));
    hq.kill('SIGTERM');
    await exited;
  }
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}

export async function startHq(databaseUrl: string, secretsDir: string, extraArgs: readonly string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/hq/cli.ts'), '--port', '0', '--secrets', secretsDir, '--data', join(secretsDir, '..', 'data'), ...extraArgs], {
    cwd: ROOT, env: { ...process.env, HQ_DATABASE_URL: databaseUrl, HQ_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match && Number(match[1]) > 0) resolvePromise({ child, url: match[0] });
    });
    child.once('exit', (code) => reject(new Error(`HQ exited with ${code}: ${out}`)));
  });
}

/** `pvvKeysFile`: cards are issued as keyed PVVs under its key (HQ must be started with the same file). */
export async function prepare(databaseUrl: string, dir: string, kioskCount: number, pvvKeysFile?: string) {
  const secrets = initSharedSecrets(join(dir, 'secrets'));
  const db = openPostgresDb(databaseUrl);
  await migrate(db);
  const derived = deriveKeys(secrets.pepper, pvvKeysFile ? loadPinVerificationKeys({ file: pvvKeysFile, env: {} }) : null);
  const cards: string[] = [];
  for (let i = 0; i < CARDS; i++) {
    const customerId = await createCustomer(db, {
      memberNumber: String(100_000_000 + i), nameKanji: '負荷 太郎', nameKana: 'フカ タロウ', nameLatin: { surname: 'FUKA', givenNames: 'TARO' },
      dateOfBirth: '1985-01-01', address: '東京都千代田区1-1', annualIncome: 6_000_000, employment: 'employed', creditLimit: 300_000, balance: 0,
      suspended: false, otherLendersBorrowing: 0, delinquent: false, documentsOnFile: [],
    }, new Date());
    const cardNumber = `59${String(i).padStart(14, '0')}`;
    await issueCard(db, derived, { cardNumber, pin: Buffer.from(PIN, 'latin1'), holder: { customerId }, status: 'active', expiresOn: '2035-12-31', failedPinAttempts: 0, lockedAt: null });
    cards.push(cardNumber);
  }
  const kiosks: { id: string; key: KeyObject }[] = [];
  for (let i = 0; i < kioskCount; i++) {
    const pair = generateKeyPairSync('ed25519');
    const id = `KIOSK-F-${String(i).padStart(5, '0')}`;
    await enrollKiosk(db, { kioskId: id, publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    kiosks.push({ id, key: pair.privateKey });
  }
  await db.close();
  const trusted = trustHqKeys(hqKeysResponse(secrets.keys));
  if (!trusted.ok) throw new Error(trusted.problems.join('; '));
  return { cards, kiosks, pinnedKeys: trusted.keys };
}

interface StepResult { kiosks: number; latencies: Record<Route, number[]>; errors: Record<Route, number>; errorKinds: Map<string, number> }

/** Each kiosk's client and journal position, kept across steps (a kiosk's chain continues). */
/** Kiosk i talks to urls[i % urls.length]: with several instances, each takes an equal share of every step (a load balancer's round robin by kiosk). */
function fleetOf(urls: readonly string[], fleet: Awaited<ReturnType<typeof prepare>>): Kiosk[] {
  return fleet.kiosks.map((k, i) => ({
    id: k.id, key: k.key, seq: 0, prevHash: GENESIS_HASH, pending: [], calendarVersion: null,
    client: new HqClient({ baseUrl: urls[i % urls.length]!, kioskId: k.id, privateKey: k.key, pinnedKeys: fleet.pinnedKeys, timeoutMs: 30_000 }),
  }));
}

async function runStep(all: Kiosk[], cards: readonly string[], size: number, seconds = STEP_SECONDS): Promise<StepResult> {
  const latencies: Record<Route, number[]> = { status: [], journal: [], cardAuth: [] };
  const errors: Record<Route, number> = { status: 0, journal: 0, cardAuth: 0 };
  const errorKinds = new Map<string, number>();
  const endAt = Date.now() + seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const record = (route: Route, work: () => Promise<HqResult<unknown>>, accept: (value: unknown) => boolean = () => true) => {
    const started = performance.now();
    const p = work().then((result) => {
      latencies[route].push(performance.now() - started);
      const ok = result.ok && accept(result.value);
      if (!ok) {
        errors[route]++;
        const kind = result.ok ? `unexpected ${JSON.stringify(result.value).slice(0, 60)}` : `${result.error.kind}${result.error.kind === 'http' ? ` ${result.error.status} ${result.error.code}` : ''}`;
        errorKinds.set(`${route}: ${kind}`, (errorKinds.get(`${route}: ${kind}`) ?? 0) + 1);
      }
    }).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const every = (firstMs: number, nextMs: () => number, act: () => void) => {
    const tick = () => {
      if (Date.now() >= endAt) return;
      act();
      const t = setTimeout(() => { timers.delete(t); tick(); }, nextMs());
      timers.add(t);
    };
    const t = setTimeout(() => { timers.delete(t); tick(); }, firstMs);
    timers.add(t);
  };
  const kiosks = all.slice(0, size);
  for (const kiosk of kiosks) {
    const signBatch = ed25519BatchSigner(kiosk.key);
    every(Math.random() * STATUS_PERIOD_MS, () => jittered(STATUS_PERIOD_MS), () => {
      record('status', async () => {
        const result = await kiosk.client.reportStatus({
          softwareVersion: '0.1.0+bench', outOfService: false, outOfServiceReasons: [], devices: { cardReader: { state: 'online' } },
          diskFreeBytes: 20e9, retainBin: { count: 3, state: 'ok' }, syncBacklog: { pending: kiosk.pending.length, lagSeconds: null },
          hqKeysPinned: true, configHash: BENCH_CONFIG_HASH, crashes: { processCrashes: 0, rendererFailures: 0 }, calendarVersion: kiosk.calendarVersion,
        });
        if (result.ok && result.value.calendar) kiosk.calendarVersion = result.value.calendar.version;
        return result;
      });
    });
    every(Math.random() * PUSH_PERIOD_MS, () => jittered(PUSH_PERIOD_MS), () => {
      appendEvents(kiosk, EVENTS_PER_PUSH);
      const rows = kiosk.pending.slice();
      const last = rows.at(-1)!;
      const batch = { firstSeq: rows[0]!.seq, lastSeq: last.seq, headHash: last.hash, events: rows, signature: signBatch({ kioskId: kiosk.id, firstSeq: rows[0]!.seq, lastSeq: last.seq, headHash: last.hash }) };
      record('journal', async () => {
        const result = await kiosk.client.pushJournalBatch(batch);
        if (result.ok && result.value.outcome === 'accepted') {
          const acked = result.value.ackedThrough;
          kiosk.pending = kiosk.pending.filter((r) => r.seq > acked);
        }
        return result;
      }, (value) => (value as { outcome: string }).outcome === 'accepted');
    });
    const customerGap = () => -Math.log(1 - Math.random()) * CUSTOMER_MEAN_MS;
    every(customerGap(), customerGap, () => {
      const cardNumber = cards[randomInt(cards.length)]!;
      record('cardAuth', () => kiosk.client.authenticateCard({ sessionId: randomUUID(), cardNumber, pinDigits: Buffer.from(PIN, 'latin1') }), (value) => (value as { outcome: string }).outcome === 'ok');
    });
  }
  await new Promise((r) => setTimeout(r, seconds * 1000));
  for (const t of timers) clearTimeout(t);
  await Promise.all([...inFlight]);
  for (const route of ROUTES) latencies[route].sort((a, b) => a - b);
  return { kiosks: size, latencies, errors, errorKinds };
}

const suite: BenchSuite = {
  name: 'fleet',
  onlyWhenAsked: true,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'hq-fleet-'));
    const cluster = process.env.HQ_BENCH_DATABASE_URL ? null : startPostgresCluster();
    const hqs: ChildProcess[] = [];
    const results: BenchResult[] = [];
    try {
      let databaseUrl = process.env.HQ_BENCH_DATABASE_URL ?? '';
      if (cluster) {
        const admin = new pg.Client({ connectionString: cluster.adminUrl });
        await admin.connect();
        await admin.query('CREATE DATABASE fleet');
        await admin.end();
        databaseUrl = cluster.adminUrl.replace(/\/postgres$/, '/fleet');
      }
      process.stderr.write(`fleet: preparing ${Math.max(...STEPS)} kiosks and ${CARDS} cards (PINs as ${PIN_VERIFICATION})...\n`);
      const pvvKeysFile = pinVerificationFile(dir);
      const fleet = await prepare(databaseUrl, dir, Math.max(...STEPS), pvvKeysFile);
      const urls: string[] = [];
      for (let i = 0; i < INSTANCES; i++) {
        const started = await startHq(databaseUrl, join(dir, 'secrets'), pvvKeysFile ? ['--pvv-keys', pvvKeysFile] : []);
        hqs.push(started.child);
        urls.push(started.url);
      }
      // Warm-up at the first step's size, not counted: JIT, connections, PostgreSQL's caches, each kiosk's first report.
      const kiosks = fleetOf(urls, fleet);
      await runStep(kiosks, fleet.cards, Math.min(STEPS[0]!, kiosks.length), WARM_UP_SECONDS);
      let largest = 0;
      let lastPassed = 0;
      const lines = ['kiosks  route     requests  p50 ms  p95 ms  p99 ms  errors'];
      for (const size of STEPS) {
        process.stderr.write(`fleet: ${size} kiosks for ${STEP_SECONDS} s...\n`);
        const step = await runStep(kiosks, fleet.cards, size);
        const errorTotal = ROUTES.reduce((sum, r) => sum + step.errors[r], 0);
        const authP99 = percentile(step.latencies.cardAuth, 99);
        for (const route of ROUTES) {
          const l = step.latencies[route];
          lines.push(`${String(size).padStart(6)}  ${route.padEnd(8)}  ${String(l.length).padStart(8)}  ${percentile(l, 50).toFixed(0).padStart(6)}  ${percentile(l, 95).toFixed(0).padStart(6)}  ${percentile(l, 99).toFixed(0).padStart(6)}  ${String(step.errors[route]).padStart(6)}`);
        }
        for (const [kind, count] of step.errorKinds) lines.push(`        error ${kind} x${count}`);
        results.push({ name: `fleet ${size} kiosks (${RUN_LABEL}): card-auth p99`, value: authP99, unit: 'ms' });
        results.push({ name: `fleet ${size} kiosks (${RUN_LABEL}): errors`, value: errorTotal, unit: 'requests' });
        const passed = authP99 < GOAL_P99_MS && errorTotal === 0 && step.latencies.cardAuth.length > 0;
        // Every step is measured (the figures say where it breaks); the answer is the last size before the first failure.
        if (passed && largest === lastPassed) largest = size;
        lastPassed = passed ? size : -1;
      }
      process.stderr.write(`${lines.join('\n')}\n`);
      results.push({ name: `fleet (${RUN_LABEL}): largest with card-auth p99 < ${GOAL_P99_MS} ms, zero errors (steps ${STEPS.join(',')}, ${STEP_SECONDS} s)`, value: largest, unit: 'kiosks' });
      return results;
    } finally {
      await tearDown(hqs, cluster, dir);
    }
  },
};

export default suite;

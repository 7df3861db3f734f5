/**
 * HQ benchmarks (issue 5, "Performance"): card authentications per second
 * with the real PIN hash cost, against the bare scrypt rate measured in the
 * same run (so the ratio is HQ's overhead: HTTP, signature, PIN block,
 * row-locked counter update, operation log); and limit-review latency over
 * HTTP; and the operator console's fleet page (issue 17: triage counts
 * over the whole fleet, one page of 50 ranked by attention) for a fleet of
 * CONSOLE_KIOSKS kiosks against the same rows as JSON from /admin/fleet (a
 * plain read of every row: the ratio is what triage and HTML cost); and HQ's event-loop
 * delay (p99) while FLOOD_POSTS unauthenticated 15 MB posts to the journal
 * route are refused, against the same process idle for as long (issue 15,
 * "Authenticate before parsing": the client shares the process, so the row
 * bounds HQ's share from above). PGlite in memory;
 * set HQ_BENCH_DATABASE_URL (an empty database) to also run on PostgreSQL.
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createOperator } from '../src/hq/operators/operator-accounts';
import { startOperatorSession } from '../src/hq/operators/operator-sessions';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildHqApp } from '../src/hq/app';
import { createCustomer, enrollKiosk, issueCard } from '../src/hq/accounts/account-admin';
import type { Db } from '../src/server-kit/db/db';
import { migrate } from '../src/hq/db/migrate';
import { openDb } from '../src/server-kit/db/open-db';
import { deriveKeys } from '../src/hq/keys/derived-keys';
import { generateSecrets } from '../src/hq/keys/hq-keys';
import { hashPin, PIN_SCRYPT_COST, verifyPin } from '../src/hq/pin/pin-hash';
import { HqClient } from '../src/main/hq-client/hq-client';
import { signRequest } from '../src/main/hq-client/request-signer';
import type { BenchResult, BenchSuite } from './bench-result';
import { cannedBureauFetch } from './canned-bureau';
import { elapsedMs, interleaved, ratioRow } from './interleaved';

// Ratios come from interleaved rounds (./interleaved.ts): so many requests a
// round that one slow request does not decide it, so many rounds that the
// median means something, and the suite still runs in seconds.
const AUTH_ROUNDS = 5;
const AUTHENTICATIONS_PER_ROUND = 40;
const REVIEW_ROUNDS = 10;
const REVIEWS_PER_ROUND = 4;
const CONSOLE_ROUNDS = 10;
const PAGES_PER_ROUND = 3;
const CONSOLE_KIOSKS = 5_000;
const ADMIN_TOKEN = 'bench-admin-token';
const CONCURRENCY = 8;
const FLOOD_ROUNDS = 5;
const FLOOD_POSTS = 4;
const FLOOD_BYTES = 15 * 1024 * 1024;
const CARD = '5000000000000001';
const PIN = '4826';

async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await work(next++);
  }));
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * 15 MB of valid JSON shaped like a journal batch (many small objects: what
 * costs a parser most), built once for every round.
 */
function floodBody(): Buffer {
  const one = '{"seq":1,"kind":"cardInserted","at":"2026-06-10T03:00:00.000Z"},';
  const count = Math.floor((FLOOD_BYTES - 32) / one.length);
  return Buffer.from(`{"events":[${one.repeat(count).slice(0, -1)}]}`);
}

/**
 * One unauthenticated post of `body` to the journal route, signed by a key HQ
 * does not know for a kiosk id it does not know (well-formed headers: the
 * costliest refusal). Resolves with the status when HQ answers, or 0 when HQ
 * closed the connection before the client finished sending; a 2xx throws.
 */
function strangerPost(port: number, body: Buffer): Promise<number> {
  const stranger = generateKeyPairSync('ed25519').privateKey;
  const path = '/v1/journal/batches';
  const headers = signRequest({ origin: `http://127.0.0.1:${port}`, kioskId: 'KIOSK-STRANGER', privateKey: stranger, method: 'POST', path, body, now: new Date() });
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) } }, (response) => {
      response.resume();
      response.on('end', () => {
        if ((response.statusCode ?? 0) < 400) reject(new Error(`a stranger's post was accepted: ${response.statusCode}`));
        else resolve(response.statusCode ?? 0);
        req.destroy();
      });
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** p99 of the event-loop delay, in ms, while `work` runs (perf_hooks, 1 ms resolution). */
async function loopDelayP99(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    await work();
  } finally {
    histogram.disable();
  }
  return histogram.percentile(99) / 1e6;
}

/** Mean time of `count` calls of `fn` one after another: one round's sample. */
async function meanMs(count: number, fn: () => Promise<unknown>): Promise<number> {
  return (await elapsedMs(async () => { for (let i = 0; i < count; i++) await fn(); })) / count;
}

async function benchStore(label: string, db: Db): Promise<BenchResult[]> {
  await migrate(db);
  const secrets = generateSecrets();
  const derived = deriveKeys(secrets.pepper);
  // Open all day every day, so the limit review runs whatever the wall clock says.
  const kiosk = generateKeyPairSync('ed25519');
  await enrollKiosk(db, { kioskId: 'KIOSK-BENCH-01', publicKeyPem: kiosk.publicKey.export({ type: 'spki', format: 'pem' }).toString(), calendar: { storeHours: { default: { open: '00:00', close: '24:00' } } } });
  const customerId = await createCustomer(db, {
    memberNumber: '900000001', nameKanji: '試験 太郎', nameKana: 'シケン タロウ', dateOfBirth: '1980-01-01', address: '東京都', annualIncome: 9_000_000,
    employment: 'employed', creditLimit: 100_000,
  }, new Date());
  await issueCard(db, derived, { cardNumber: CARD, pin: Buffer.from(PIN), holder: { customerId } });
  // The credit bureau answered in-process (canned-bureau.ts), so the review row stays a full review
  // without the bureau's round trip (that comparison is bureau-review.bench.ts).
  const lenderKey = generateKeyPairSync('ed25519').privateKey;
  const bureau = { url: 'http://bureau.invalid', lenderId: 'BENCH-LENDER', timeoutMs: 3000, sign: (m: Uint8Array) => sign(null, m, lenderKey), fetch: cannedBureauFetch };
  const app = await buildHqApp({ db, keys: secrets.keys, pepper: secrets.pepper, logger: false, adminToken: ADMIN_TOKEN, bureau });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const client = new HqClient({ baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, kioskId: 'KIOSK-BENCH-01', privateKey: kiosk.privateKey });
  try {
    const stored = await hashPin(Buffer.from(PIN), derived);
    const perSecond = (seconds: number) => AUTHENTICATIONS_PER_ROUND / seconds;
    // The warm-up round also warms the JIT, the connection pool and libuv's thread pool.
    const authentication = await interleaved({
      rounds: AUTH_ROUNDS,
      higherIsBetter: true,
      measured: async () => perSecond(await inParallel(AUTHENTICATIONS_PER_ROUND, CONCURRENCY, async () => {
        const r = await client.authenticateCard({ sessionId: randomUUID(), cardNumber: CARD, pinDigits: Buffer.from(PIN) });
        if (!r.ok || r.value.outcome !== 'ok') throw new Error(`authentication failed: ${JSON.stringify(r)}`);
      })),
      baseline: async () => perSecond(await inParallel(AUTHENTICATIONS_PER_ROUND, CONCURRENCY, async () => { await verifyPin(Buffer.from(PIN), stored, derived); })),
    });

    const sessionId = randomUUID();
    await client.authenticateCard({ sessionId, cardNumber: CARD, pinDigits: Buffer.from(PIN) });
    // Each request asks 10,000 yen more than the last: every one is a full review (approved, then documents or cap rules).
    let requested = 200_000;
    // Last year's withholding slip in the customer's name: always recent enough (docs/policy.md, "Income certificates").
    const incomeCertificate = { kind: 'withholdingSlip' as const, holderName: '試験 太郎', incomeYear: new Date().getUTCFullYear() - 1, annualIncome: 9_000_000 };
    const review = await interleaved({
      rounds: REVIEW_ROUNDS,
      higherIsBetter: false,
      measured: () => meanMs(REVIEWS_PER_ROUND, async () => {
        requested += 10_000;
        const r = await client.reviewLimitIncrease({ sessionId, requestedLimit: requested, incomeCertificate });
        if (!r.ok) throw new Error(`review failed: ${JSON.stringify(r)}`);
      }),
      baseline: () => meanMs(REVIEWS_PER_ROUND, async () => { await client.getCalendar(); }),
    });

    // A fleet as the console meets it: every kiosk has reported software and device health.
    const publicKeyPem = kiosk.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await db.query(`INSERT INTO kiosks (kiosk_id, public_key) SELECT 'KIOSK-BENCH-' || lpad(n::text, 4, '0'), $1 FROM generate_series(2, $2::int) AS n`, [publicKeyPem, CONSOLE_KIOSKS]);
    await db.query(`UPDATE kiosks SET software_version = '0.1.0', out_of_service = false, last_contact_at = now(), device_health_at = now(),
      device_health = '{"cardReader":{"state":"online"},"idScanner":{"state":"hardwareError","detail":"lamp <failure> & \\"glare\\""}}'`);
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const fetchOk = async (path: string, authorization: string) => {
      const response = await fetch(`${base}${path}`, { headers: { authorization } });
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return response.text();
    };
    // A named operator's session, as the sign-in form would make it (src/hq/operators).
    const operator = await createOperator(db, { login: 'bench', displayName: 'Bench', role: 'viewer', password: 'bench passphrase' }, new Date(), { log2N: 10, r: 8, p: 1 });
    const session = await startOperatorSession(db, operator!.operatorId, new Date());
    const fetchPage = async (path: string) => {
      const response = await fetch(`${base}${path}`, { headers: { cookie: `hq_console_session=${session.token}` } });
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return response.text();
    };
    if (!(await fetchPage('/console')).includes(`/ ${CONSOLE_KIOSKS.toLocaleString('en')}`)) throw new Error('the console does not count the whole fleet');
    const fleetPage = await interleaved({
      rounds: CONSOLE_ROUNDS,
      higherIsBetter: false,
      measured: () => meanMs(PAGES_PER_ROUND, () => fetchPage('/console')),
      baseline: () => meanMs(PAGES_PER_ROUND, () => fetchOk('/admin/fleet', `Bearer ${ADMIN_TOKEN}`)),
    });

    // Strangers' posts against idle for as long as the last flood took: the same process, the same clock, interleaved.
    const port = typeof address === 'object' && address ? address.port : 0;
    const body = floodBody();
    let floodMs = 100;
    const flood = await interleaved({
      rounds: FLOOD_ROUNDS,
      higherIsBetter: false,
      measured: () => loopDelayP99(async () => {
        floodMs = await elapsedMs(() => Promise.all(Array.from({ length: FLOOD_POSTS }, () => strangerPost(port, body))));
      }),
      baseline: () => loopDelayP99(() => sleep(Math.max(floodMs, 20))),
    });

    const cost = `scrypt N=2^${PIN_SCRYPT_COST.log2N} r=${PIN_SCRYPT_COST.r} p=${PIN_SCRYPT_COST.p}`;
    return [
      ratioRow(`hq.${label}.cardAuthentication (${cost}, ${CONCURRENCY} in flight; baseline bare scrypt verify)`, 'auth/s', authentication),
      ratioRow(`hq.${label}.limitReview median over HTTP (baseline: calendar read over HTTP)`, 'ms', review),
      ratioRow(`hq.${label}.operatorConsole fleet page, ${CONSOLE_KIOSKS} kiosks (baseline: /admin/fleet JSON)`, 'ms', fleetPage),
      ratioRow(`hq.${label}.eventLoopDelay p99 during ${FLOOD_POSTS} parallel unauthenticated 15 MB posts (baseline: idle as long)`, 'ms', flood),
    ];
  } finally {
    await app.close();
  }
}

const suite: BenchSuite = {
  name: 'hq',
  async run() {
    const results: BenchResult[] = [];
    const pglite = await openDb({});
    try {
      results.push(...await benchStore('pglite', pglite));
    } finally {
      await pglite.close();
    }
    // An EMPTY database only: the bench writes its own kiosk, customer and card.
    if (process.env.HQ_BENCH_DATABASE_URL) {
      const postgres = await openDb({ databaseUrl: process.env.HQ_BENCH_DATABASE_URL });
      try {
        results.push(...await benchStore('postgres', postgres));
      } finally {
        await postgres.close();
      }
    }
    return results;
  },
};

export default suite;

/**
 * /metrics, /health/live and /health/ready (issue 19, "Metrics and health"):
 * metric names and types after real traffic, who may read /metrics,
 * readiness failing when the database goes away or lags behind the code,
 * and 503 with Retry-After under event-loop overload.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHqApp, type BuildHqAppOptions } from '../../../src/hq/app';
import { migrate } from '../../../src/hq/db/migrate';
import { MIGRATIONS } from '../../../src/hq/db/migrations';
import { generateSecrets } from '../../../src/hq/keys/hq-keys';
import { openPgliteDb } from '../../../src/server-kit/db/pglite-db';
import { openPostgresDb } from '../../../src/server-kit/db/postgres-db';
import { createTestDatabase } from '../../support/postgres-database';
import { pinBuffer, startHarness, STORES, type HqHarness } from './hq-harness';

/** `# TYPE name type` lines of a Prometheus exposition. */
function types(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe.each(STORES)('/metrics on %s', (kind) => {
  let hq: HqHarness;
  beforeAll(async () => { hq = await startHarness(kind); });
  afterAll(async () => { await hq?.close(); });

  it('exposes latency per route, authentication outcomes, ingest, pool and event-loop metrics with their types', async () => {
    const card = await hq.newCustomerCard({ pin: '4826' });
    expect((await hq.client.authenticateCard({ sessionId: randomUUID(), cardNumber: card.cardNumber, pinDigits: pinBuffer('4826') })).ok).toBe(true);
    expect((await hq.client.authenticateCard({ sessionId: randomUUID(), cardNumber: card.cardNumber, pinDigits: pinBuffer('1357') })).ok).toBe(true);
    const answer = await fetch(`${hq.url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    const text = await answer.text();
    const declared = types(text);
    expect(Object.fromEntries([
      'hq_http_request_duration_seconds', 'hq_kiosk_request_authentications_total', 'hq_card_authentications_total',
      'hq_journal_ingest_rows_total', 'hq_journal_ingest_batch_events', 'hq_load_shed_total', 'hq_pin_hashes',
      'nodejs_eventloop_lag_p99_seconds', 'process_cpu_seconds_total',
    ].map((name) => [name, declared.get(name)]))).toEqual({
      hq_http_request_duration_seconds: 'histogram', hq_kiosk_request_authentications_total: 'counter', hq_card_authentications_total: 'counter',
      hq_journal_ingest_rows_total: 'counter', hq_journal_ingest_batch_events: 'histogram', hq_load_shed_total: 'counter', hq_pin_hashes: 'gauge',
      nodejs_eventloop_lag_p99_seconds: 'gauge', process_cpu_seconds_total: 'counter',
    });
    expect(text).toMatch(/^hq_card_authentications_total\{outcome="ok"\} 1$/m);
    expect(text).toMatch(/^hq_card_authentications_total\{outcome="wrongPin"\} 1$/m);
    expect(text).toMatch(/^hq_http_request_duration_seconds_count\{method="POST",route="\/v1\/card\/authenticate",status_code="200"\} 2$/m);
    expect(text).toMatch(/^hq_kiosk_request_authentications_total\{result="ok"\} 2$/m);
    // The pool exists on PostgreSQL only (PGlite has one connection in-process).
    expect(declared.get('hq_db_pool_connections')).toBe(kind === 'postgres' ? 'gauge' : undefined);
    // Labels are templates and codes, never a card number.
    expect(text).not.toContain(card.cardNumber);
  });
});

describe('who may read /metrics', () => {
  const secrets = generateSecrets();
  let db: Awaited<ReturnType<typeof openPgliteDb>>;
  beforeAll(async () => { db = await openPgliteDb(); await migrate(db); });
  afterAll(async () => { await db?.close(); });
  const scrape = async (options: Partial<BuildHqAppOptions>, request: { remoteAddress?: string; authorization?: string }) => {
    const app = await buildHqApp({ db, keys: secrets.keys, pepper: secrets.pepper, logger: false, ...options });
    try {
      const answer = await app.inject({
        method: 'GET', url: '/metrics', ...(request.remoteAddress ? { remoteAddress: request.remoteAddress } : {}),
        headers: request.authorization ? { authorization: request.authorization } : {},
      });
      return answer.statusCode;
    } finally {
      await app.close();
    }
  };

  it('without a metrics token: loopback only, whatever X-Forwarded-For claims', async () => {
    expect(await scrape({}, { remoteAddress: '127.0.0.1' })).toBe(200);
    expect(await scrape({}, { remoteAddress: '10.1.2.3' })).toBe(401);
    expect(await scrape({ trustProxy: true }, { remoteAddress: '10.1.2.3' })).toBe(401);
  });

  it('with a metrics token: that bearer token, not the admin token, from anywhere', async () => {
    const options = { metricsToken: 'metrics-token-for-the-scraper', adminToken: secrets.adminToken };
    expect(await scrape(options, { remoteAddress: '10.1.2.3', authorization: 'Bearer metrics-token-for-the-scraper' })).toBe(200);
    expect(await scrape(options, { remoteAddress: '127.0.0.1' })).toBe(401);
    expect(await scrape(options, { remoteAddress: '10.1.2.3', authorization: `Bearer ${secrets.adminToken}` })).toBe(401);
  });
});

describe('readiness', () => {
  const secrets = generateSecrets();
  const ready = async (app: Awaited<ReturnType<typeof buildHqApp>>) => {
    const answer = await app.inject({ method: 'GET', url: '/health/ready' });
    return { status: answer.statusCode, body: answer.json() as { ok: boolean; checks: Record<string, string>; pendingMigrations?: string[] } };
  };

  it('is ready on real PostgreSQL, and not once the database is gone (live still answers)', async () => {
    const database = await createTestDatabase();
    const db = openPostgresDb(database.url);
    await migrate(db);
    const app = await buildHqApp({ db, keys: secrets.keys, pepper: secrets.pepper, logger: false });
    try {
      expect(await ready(app)).toEqual({ status: 200, body: { ok: true, checks: { database: 'ok', migrations: 'ok', secrets: 'ok' } } });
      // The database stops serving this HQ: its connections are terminated and it no longer exists.
      await database.drop();
      expect(await ready(app)).toEqual({ status: 503, body: { ok: false, checks: { database: 'failed', migrations: 'failed', secrets: 'ok' } } });
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await db.close();
      await database.drop();
    }
  });

  it('is not ready on a pool whose server is not there', async () => {
    const db = openPostgresDb('postgres://postgres@127.0.0.1:1/none');
    const app = await buildHqApp({ db, keys: secrets.keys, pepper: secrets.pepper, logger: false });
    try {
      expect((await ready(app)).body.checks.database).toBe('failed');
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('is not ready while the database lacks one of this instance\'s migrations, and names it (PGlite)', async () => {
    const db = await openPgliteDb();
    await migrate(db, MIGRATIONS.slice(0, -1));
    const app = await buildHqApp({ db, keys: secrets.keys, pepper: secrets.pepper, logger: false });
    try {
      expect(await ready(app)).toEqual({ status: 503, body: { ok: false, checks: { database: 'ok', migrations: 'failed', secrets: 'ok' }, pendingMigrations: [MIGRATIONS.at(-1)!.id] } });
    } finally {
      await app.close();
      await db.close();
    }
  });
});

describe('overload', () => {
  it('answers 503 overloaded with Retry-After while the event loop is held up', async () => {
    const db = await openPgliteDb();
    await migrate(db);
    const secrets = generateSecrets();
    const app = await buildHqApp({ db, keys: secrets.keys, pepper: secrets.pepper, logger: false, pressure: { maxEventLoopDelayMs: 20, sampleIntervalMs: 5, retryAfterSeconds: 7 } });
    // Hold the loop 60 ms in every 70: the delay under-pressure samples stays far above 20 ms.
    const hog = setInterval(() => { const until = Date.now() + 60; while (Date.now() < until) { /* busy */ } }, 10);
    try {
      let answer = await app.inject({ method: 'GET', url: '/health/live' });
      // Between attempts a real timer turn, so the hog and under-pressure's sampler both get to run (back-to-back injects may not yield to timers).
      for (let i = 0; i < 200 && answer.statusCode !== 503; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        answer = await app.inject({ method: 'GET', url: '/health/live' });
      }
      expect(answer.statusCode).toBe(503);
      expect(answer.headers['retry-after']).toBe('7');
      expect(answer.json()).toMatchObject({ code: 'overloaded' });
    } finally {
      clearInterval(hog);
      await app.close();
      await db.close();
    }
  });
});

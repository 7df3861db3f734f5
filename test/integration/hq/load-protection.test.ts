/**
 * Load protection (issue 19): journal ingest has its own concurrency budget;
 * over it HQ answers 429 busy with Retry-After at once, the kiosk's push
 * client hands the pause to the sync worker (which honours it with jitter:
 * test/unit/journal/sync-worker.test.ts), and interactive routes are not
 * held up by a full ingest budget.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHqApp } from '../../../src/hq/app';
import { HqClient } from '../../../src/main/hq-client/hq-client';
import type { Db, Queryable } from '../../../src/server-kit/db/db';
import { HQ_ROUTES } from '../../../src/shared/hq-api/routes';
import { signRequest } from '../../../src/main/hq-client/request-signer';
import { hqJournalPushClient } from '../../../src/main/sync/hq-journal-push-client';
import type { JournalBatchRequest } from '../../../src/shared/hq-api/journal-ingest';
import { pinBuffer, startHarness, STORES, TEST_SCRYPT_COST, type HqHarness } from './hq-harness';

/** A signed journal push whose body arrives only in part: it holds an ingest slot until destroyed. */
function holdIngestSlot(hq: HqHarness): Promise<ClientRequest> {
  const body = Buffer.from(JSON.stringify({ firstSeq: 1, lastSeq: 1, padding: 'x'.repeat(4096) }));
  const path = HQ_ROUTES.pushJournalBatch.path;
  const headers = signRequest({ origin: new URL(hq.url).origin, kioskId: hq.kioskId, privateKey: hq.kioskKey, method: 'POST', path, body, now: hq.clock.now });
  const url = new URL(path, hq.url);
  const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) } });
  req.on('error', () => undefined);
  req.write(body.subarray(0, 10));
  return new Promise((resolve) => {
    // Held once HQ counts it in flight (the slot is taken before the body is read).
    const poll = setInterval(() => {
      void fetch(`${hq.url}/metrics`).then((r) => r.text()).then((text) => {
        if (/^hq_budget_in_flight\{budget="ingest"\} 1$/m.test(text)) {
          clearInterval(poll);
          resolve(req);
        }
      });
    }, 20);
  });
}

const dummyBatch = { firstSeq: 1, lastSeq: 1, headHash: '0'.repeat(64), events: [], signature: 'x' } as unknown as JournalBatchRequest;

describe.each(STORES)('ingest budget on %s', (kind) => {
  let hq: HqHarness;
  beforeAll(async () => { hq = await startHarness(kind, { app: { budgets: { ingest: 1, ingestQueue: 0, retryAfterSeconds: 12 } } }); });
  afterAll(async () => { await hq?.close(); });

  it('answers a push over the budget 429 busy with Retry-After, which reaches the sync worker; card authentication still goes through', async () => {
    const held = await holdIngestSlot(hq);
    try {
      const answer = await hq.client.pushJournalBatch(dummyBatch);
      expect(answer).toMatchObject({ ok: false, error: { kind: 'http', status: 429, code: 'busy', retryAfterMs: 12_000 } });
      expect(await hqJournalPushClient(hq.client).push(dummyBatch)).toMatchObject({ kind: 'failed', failure: 'serverError', retryAfterMs: 12_000 });
      const card = await hq.newCustomerCard({ pin: '4826' });
      const auth = await hq.client.authenticateCard({ sessionId: randomUUID(), cardNumber: card.cardNumber, pinDigits: pinBuffer('4826') });
      expect(auth.ok && auth.value.outcome).toBe('ok');
      const metrics = await (await fetch(`${hq.url}/metrics`)).text();
      expect(metrics).toMatch(/^hq_load_shed_total\{budget="ingest"\} 2$/m);
    } finally {
      held.destroy();
    }
    // The slot comes back when the held request ends (aborted here): the next push is not shed.
    let next = await hq.client.pushJournalBatch(dummyBatch);
    for (let i = 0; i < 50 && !next.ok && next.error.kind === 'http' && next.error.status === 429; i++) {
      await new Promise((r) => setTimeout(r, 20));
      next = await hq.client.pushJournalBatch(dummyBatch);
    }
    expect(next.ok || next.error.kind !== 'http' || next.error.status !== 429).toBe(true);
  });
});

describe.each(STORES)('ingest budget line on %s', (kind) => {
  let hq: HqHarness;
  beforeAll(async () => { hq = await startHarness(kind, { app: { budgets: { ingest: 1, ingestQueue: 1, queueWaitMs: 1500, retryAfterSeconds: 7 } } }); });
  afterAll(async () => { await hq?.close(); });
  const gauge = async (name: string) => Number(new RegExp(`^${name}\\{budget="ingest"\\} (\\d+)$`, 'm').exec(await (await fetch(`${hq.url}/metrics`)).text())?.[1]);

  it('lets a burst wait a moment for a slot, sheds beyond the line at once, and sheds a waiter whose moment ran out', async () => {
    const held = await holdIngestSlot(hq);
    let waiter: ReturnType<HqHarness['client']['pushJournalBatch']>;
    try {
      // The first push over the limit waits in the line (one place)...
      waiter = hq.client.pushJournalBatch(dummyBatch);
      for (let i = 0; i < 100 && await gauge('hq_budget_queued') !== 1; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await gauge('hq_budget_queued')).toBe(1);
      // ... the next finds the line full: shed at once.
      const shed = await hq.client.pushJournalBatch(dummyBatch);
      expect(shed).toMatchObject({ ok: false, error: { kind: 'http', status: 429, code: 'busy', retryAfterMs: 7_000 } });
    } finally {
      held.destroy();
    }
    // The held push ended: its slot passed to the waiter, which HQ answered (not 429: the dummy batch is refused on its merits).
    const answered = await waiter!;
    expect(answered.ok || answered.error.kind !== 'http' || answered.error.status !== 429).toBe(true);
    expect(await gauge('hq_budget_queued')).toBe(0);
    expect(await gauge('hq_budget_in_flight')).toBe(0);

    // A waiter whose moment runs out is shed with Retry-After.
    const heldAgain = await holdIngestSlot(hq);
    try {
      const started = Date.now();
      const late = await hq.client.pushJournalBatch(dummyBatch);
      expect(late).toMatchObject({ ok: false, error: { kind: 'http', status: 429, code: 'busy', retryAfterMs: 7_000 } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    } finally {
      heldAgain.destroy();
    }
    for (let i = 0; i < 100 && await gauge('hq_budget_in_flight') !== 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await gauge('hq_budget_in_flight')).toBe(0);
  });
});

describe.each(STORES)('which pool a request\'s own checks use, on %s', (kind) => {
  let hq: HqHarness;
  let app: FastifyInstance;
  let client: HqClient;
  const ingestQueries: string[] = [];
  beforeAll(async () => {
    hq = await startHarness(kind);
    // The same store seen through a recorder: what runs on the "ingest pool" is what it sees.
    const recorder: Db = Object.assign(Object.create(hq.db) as Db, {
      query: (text: string, params?: unknown[]) => { ingestQueries.push(text); return hq.db.query(text, params); },
      transaction: <T>(work: (tx: Queryable) => Promise<T>) => hq.db.transaction(work),
    });
    app = await buildHqApp({ db: hq.db, ingestDb: recorder, keys: hq.secrets.keys, pepper: hq.secrets.pepper, clock: () => hq.clock.now, logger: false, operatorPasswordCost: TEST_SCRYPT_COST });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    client = new HqClient({ baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, kioskId: hq.kioskId, privateKey: hq.kioskKey, clock: () => hq.clock.now });
  });
  afterAll(async () => {
    await app?.close();
    await hq?.close();
  });

  it('looks a journal push\'s kiosk up on the ingest pool, and a card authentication\'s on the interactive one', async () => {
    ingestQueries.length = 0;
    await client.pushJournalBatch(dummyBatch);
    expect(ingestQueries.some((q) => /FROM kiosks WHERE kiosk_id/.test(q))).toBe(true);
    // The nonce only once the push holds an ingest slot, on the interactive pool (kiosk-auth.ts says why).
    expect(ingestQueries.some((q) => /INSERT INTO kiosk_request_nonces/.test(q))).toBe(false);
    const card = await hq.newCustomerCard({ pin: '4826' });
    ingestQueries.length = 0;
    const auth = await client.authenticateCard({ sessionId: randomUUID(), cardNumber: card.cardNumber, pinDigits: pinBuffer('4826') });
    expect(auth.ok && auth.value.outcome).toBe('ok');
    expect(ingestQueries).toEqual([]);
  });
});

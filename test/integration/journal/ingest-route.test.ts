/**
 * The ingest route in the real HQ app (kiosk signatures, shared schemas,
 * registered from HQ_ROUTES with its own body limit): bad input gets a clear
 * answer and changes nothing; the status route shows HQ's position and
 * alerts to the kiosk.
 */
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalStatusRoute } from '../../../src/hq/journal-ingest/status-route';
import { HqClient } from '../../../src/main/hq-client/hq-client';
import { Journal } from '../../../src/main/journal/journal';
import { ed25519BatchSigner } from '../../../src/main/sync/batch-signer';
import { hqJournalPushClient, hqReceiptVerifier } from '../../../src/main/sync/hq-journal-push-client';
import { SyncWorker } from '../../../src/main/sync/sync-worker';
import { JOURNAL_BATCH_BODY_LIMIT, JournalStatusResponse } from '../../../src/shared/hq-api/journal-ingest';
import { HQ_ROUTES } from '../../../src/shared/hq-api/routes';
import { tempDir } from '../../unit/journal/journal-fixture';
import { enrolKiosk, generateHqKeys, openHqStore, signedRequest, startHq, type EnrolledKiosk, type HqStore, type RunningHq } from './hq-fixture';

describe('journal ingest route (PGlite)', () => {
  let store: HqStore;
  let hq: RunningHq;
  let kiosk: EnrolledKiosk;
  let client: HqClient;
  let temp: ReturnType<typeof tempDir>;
  let journal: Journal;
  const keys = generateHqKeys();

  beforeAll(async () => {
    store = await openHqStore('pglite');
    kiosk = await enrolKiosk(store.db, 'KIOSK-ROUTE-1');
    hq = await startHq(store.db, keys);
    client = new HqClient({ baseUrl: hq.url, kioskId: kiosk.kioskId, privateKey: kiosk.privateKey });
    temp = tempDir();
    journal = Journal.open(join(temp.dir, 'journal.db'), { kioskId: kiosk.kioskId, freeBytes: () => 1e12 });
    for (let i = 0; i < 5; i++) journal.append({ type: 'card.taken', actor: { kind: 'customer' }, payload: {} });
  });
  afterAll(async () => {
    journal.close();
    temp.remove();
    await hq.stop();
    await store.dispose();
  });

  async function storedCount(): Promise<number> {
    return Number((await store.db.query<{ n: string | number }>('SELECT count(*) AS n FROM journal_events')).rows[0]!.n);
  }

  it('refuses an unsigned request before looking at the batch', async () => {
    const response = await fetch(`${hq.url}/v1/journal/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(await storedCount()).toBe(0);
  });

  it.each([
    ['not an object', []],
    ['no events', { firstSeq: 1, lastSeq: 1, headHash: 'a'.repeat(64), events: [], signature: 'A'.repeat(86) + '==' }],
    ['a row with a PIN in its payload', {
      firstSeq: 1, lastSeq: 1, headHash: 'a'.repeat(64), signature: 'A'.repeat(86) + '==',
      events: [{ seq: 1, occurredAt: '2025-01-06T00:00:00.000Z', monotonicMs: 1, kioskId: 'KIOSK-ROUTE-1', sessionId: null, type: 'pin.reset', actor: { kind: 'system' }, payload: { outcome: 'changed', identityDocument: 'passport', pin: '1234' }, prevHash: '0'.repeat(64), hash: 'a'.repeat(64) }],
    }],
    ['an unmasked card number', {
      firstSeq: 1, lastSeq: 1, headHash: 'a'.repeat(64), signature: 'A'.repeat(86) + '==',
      events: [{ seq: 1, occurredAt: '2025-01-06T00:00:00.000Z', monotonicMs: 1, kioskId: 'KIOSK-ROUTE-1', sessionId: null, type: 'card.read', actor: { kind: 'system' }, payload: { maskedCard: '4000000000000051' }, prevHash: '0'.repeat(64), hash: 'a'.repeat(64) }],
    }],
  ])('answers 400 malformedRequest to %s, stores nothing, and does not echo the value', async (_name, body) => {
    const result = await client.pushJournalBatch(body as never);
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: 'malformedRequest' } });
    expect(JSON.stringify(result)).not.toContain('4000000000000051');
    expect(await storedCount()).toBe(0);
  });

  it('answers 413 to a body beyond the batch limit', async () => {
    const result = await client.pushJournalBatch({ junk: 'x'.repeat(JOURNAL_BATCH_BODY_LIMIT) } as never);
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status: 413, code: 'payloadTooLarge' } });
  });

  it('reads a batch past Fastify\'s 1 MiB default, by the limit the route table gives it, while other routes keep the default', async () => {
    expect(HQ_ROUTES.pushJournalBatch.bodyLimit).toBe(JOURNAL_BATCH_BODY_LIMIT);
    // 2 MiB: a batch of this size is read and then judged by its schema; any other route refuses it unread.
    const padding = 'x'.repeat(2 * 1024 * 1024);
    expect(await client.pushJournalBatch({ junk: padding } as never)).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: 'malformedRequest' } });
    expect(await client.reportStatus({ junk: padding } as never)).toMatchObject({ ok: false, error: { kind: 'http', status: 413, code: 'payloadTooLarge' } });
    expect(await storedCount()).toBe(0);
  });

  it('acknowledges nothing when HQ\'s receipt does not verify with the key the kiosk pinned', async () => {
    const other = generateHqKeys();
    const pinnedToOther = new HqClient({
      baseUrl: hq.url, kioskId: kiosk.kioskId, privateKey: kiosk.privateKey,
      pinnedKeys: { pin: { publicKey: other.pinPublicKey, keyId: other.pinKeyId }, receipt: { publicKey: other.receiptPublicKey, keyId: other.receiptKeyId } },
    });
    const worker = new SyncWorker({
      journal, client: hqJournalPushClient(pinnedToOther), kioskId: kiosk.kioskId, signBatch: ed25519BatchSigner(kiosk.privateKey), verifyReceipt: hqReceiptVerifier(pinnedToOther),
    });
    // HQ signs its answers with the same receipt key (issue 15): the answer is refused before its receipt is read.
    expect(await worker.drain()).toEqual({ ok: false, pushed: 0, error: 'badResponse' });
    // Nothing acknowledged; the failure itself is journaled (sync.failing) for the next push.
    expect(journal.stats()).toMatchObject({ pending: 6, ackedSeq: 0 });
  });

  it('takes a signed batch, checks HQ\'s receipt with the key fetched from HQ, and shows the position on /v1/journal/status', async () => {
    const worker = new SyncWorker({
      journal, client: hqJournalPushClient(client), kioskId: kiosk.kioskId, signBatch: ed25519BatchSigner(kiosk.privateKey), verifyReceipt: hqReceiptVerifier(client),
    });
    expect(await worker.drain()).toEqual({ ok: true, pushed: 6 });
    expect(journal.stats()).toMatchObject({ pending: 0, ackedSeq: 6 });
    const status = await signedRequest(hq, kiosk, 'GET', '/v1/journal/status');
    expect(status.status).toBe(200);
    expect(JournalStatusResponse.safeParse(status.body)).toMatchObject({ success: true, data: { kioskId: kiosk.kioskId, highWaterMark: 6, headHash: journal.stats().headHash, eventCount: 6, openAlerts: [] } });
  });

  it('answers 401 when mounted without kiosk authentication (the plugin guards itself)', async () => {
    const app = Fastify();
    await app.register(journalStatusRoute, { db: store.db, prefix: '/v1' });
    const response = await app.inject({ method: 'GET', url: '/v1/journal/status' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'missingAuthentication' });
    await app.close();
  });
});

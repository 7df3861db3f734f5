/**
 * Two real HQ processes on one PostgreSQL behind the test's own round-robin
 * proxy (issue 19, "A real multi-instance test"): requests alternate between
 * the instances, a replay is refused by the instance that did not see the
 * first request, a session opened on one continues on the other, wrong PINs
 * for one card fired at both at once lock it at exactly the threshold, and a
 * kiosk's journal sync continues across them. PostgreSQL only: several
 * instances share a database server, which PGlite is not.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, enrollKiosk, issueCard } from '../../../src/hq/accounts/account-admin';
import { deriveKeys, type DerivedKeys } from '../../../src/hq/keys/derived-keys';
import { hqKeysResponse } from '../../../src/hq/keys/hq-keys';
import { loadSharedSecrets } from '../../../src/hq/keys/shared-secrets';
import { HqClient } from '../../../src/main/hq-client/hq-client';
import { signRequest } from '../../../src/main/hq-client/request-signer';
import { trustHqKeys, type TrustedHqKeys } from '../../../src/main/hq-client/trusted-hq-keys';
import { Journal } from '../../../src/main/journal/journal';
import { ed25519BatchSigner, ed25519ReceiptVerifier } from '../../../src/main/sync/batch-signer';
import { hqJournalPushClient } from '../../../src/main/sync/hq-journal-push-client';
import { SyncWorker } from '../../../src/main/sync/sync-worker';
import type { Db } from '../../../src/server-kit/db/db';
import { openPostgresDb } from '../../../src/server-kit/db/postgres-db';
import { startHqInstances, type HqInstances } from '../../support/hq-instances';
import { createTestDatabase } from '../../support/postgres-database';
import { tempDir } from '../../unit/journal/journal-fixture';
import { newSessionId, pinBuffer, randomCardNumber, secretsInLogs, TEST_SCRYPT_COST } from './hq-harness';

const LOCK_THRESHOLD = 4;
const PIN = '4826';

describe('two HQ instances on one PostgreSQL behind a round-robin proxy', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let hq: HqInstances;
  let db: Db;
  let derived: DerivedKeys;
  let pinned: TrustedHqKeys;
  let kiosk: { kioskId: string; key: KeyObject; client: HqClient };
  const cardsUsed: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    hq = await startHqInstances({ databaseUrl: database.url, args: ['--lock-threshold', String(LOCK_THRESHOLD)] });
    db = openPostgresDb(database.url);
    const secrets = loadSharedSecrets({ dir: hq.secretsDir, env: {} });
    derived = deriveKeys(secrets.pepper);
    const trusted = trustHqKeys(hqKeysResponse(secrets.keys));
    if (!trusted.ok) throw new Error(trusted.problems.join('; '));
    pinned = trusted.keys;
    kiosk = await enrol('KIOSK-MULTI-01');
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    await hq?.close();
    await database?.drop();
  });

  async function enrol(kioskId: string) {
    const pair = generateKeyPairSync('ed25519');
    await enrollKiosk(db, { kioskId, publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    // Pinned keys, as a production kiosk has them: every answer must carry the instances' one shared receipt key.
    return { kioskId, key: pair.privateKey, client: new HqClient({ baseUrl: hq.url, kioskId, privateKey: pair.privateKey, pinnedKeys: pinned, timeoutMs: 30_000 }) };
  }

  async function newCard(creditLimit = 300_000) {
    const customerId = await createCustomer(db, {
      memberNumber: String(100_000_000 + Math.floor(Math.random() * 800_000_000)), nameKanji: '複数 太郎', nameKana: 'フクスウ タロウ', nameLatin: { surname: 'FUKUSU', givenNames: 'TARO' },
      dateOfBirth: '1985-01-01', address: `東京都千代田区1-${randomUUID().slice(0, 6)}`, annualIncome: 6_000_000, employment: 'employed', creditLimit, balance: 0,
      suspended: false, otherLendersBorrowing: 0, delinquent: false, documentsOnFile: [],
    }, new Date());
    const cardNumber = randomCardNumber();
    cardsUsed.push(cardNumber);
    const cardId = await issueCard(db, derived, { cardNumber, pin: pinBuffer(PIN), holder: { customerId }, status: 'active', expiresOn: '2035-12-31', failedPinAttempts: 0, lockedAt: null }, TEST_SCRYPT_COST);
    return { cardNumber, cardId };
  }

  /** Requests the proxy forwarded since `from`, by path. */
  const routedSince = (from: number, path: string) => hq.proxy.routed.slice(from).filter((r) => r.path === path);

  async function metric(instance: number, name: string, label: string): Promise<number> {
    const text = await (await fetch(`${hq.instances[instance]!.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
    return line ? Number(line.split(' ').at(-1)) : 0;
  }

  it('alternates requests between the instances, each answering under the one shared receipt key', async () => {
    const from = hq.proxy.routed.length;
    for (let i = 0; i < 6; i++) {
      const calendar = await kiosk.client.getCalendar();
      expect(calendar.ok ? true : calendar.error).toBe(true);
    }
    const served = routedSince(from, '/v1/calendar');
    expect(served.map((r) => r.upstream)).toEqual([0, 1, 0, 1, 0, 1].map((u) => (u + served[0]!.upstream) % 2));
    expect(served.every((r) => r.status === 200 && r.requestId !== null)).toBe(true);
  });

  it('refuses on one instance a request the other already served (one replay guard in the database)', async () => {
    const headers = signRequest({ origin: hq.url, kioskId: kiosk.kioskId, privateKey: kiosk.key, method: 'GET', path: '/v1/calendar', body: undefined, now: new Date() });
    const from = hq.proxy.routed.length;
    const first = await fetch(`${hq.url}/v1/calendar`, { headers });
    const again = await fetch(`${hq.url}/v1/calendar`, { headers });
    expect(first.status).toBe(200);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { code: string }).code).toBe('replayedNonce');
    const [a, b] = routedSince(from, '/v1/calendar');
    expect(a!.upstream).not.toBe(b!.upstream);
  });

  it('continues a session opened on one instance on the other', async () => {
    const card = await newCard(300_000);
    const sessionId = newSessionId();
    const from = hq.proxy.routed.length;
    const auth = await kiosk.client.authenticateCard({ sessionId, cardNumber: card.cardNumber, pinDigits: pinBuffer(PIN) });
    expect(auth.ok && auth.value.outcome).toBe('ok');
    const decreased = await kiosk.client.decreaseLimit({ sessionId, newLimit: 200_000 });
    expect(decreased.ok && decreased.value.outcome === 'decreased' && decreased.value.previousLimit).toBe(300_000);
    const [authenticated] = routedSince(from, '/v1/card/authenticate');
    const [decrease] = routedSince(from, '/v1/limit/decrease');
    expect(authenticated!.upstream).not.toBe(decrease!.upstream);
    // A session neither instance opened is refused, so the decrease above was accepted for the session, not for any.
    const stranger = await kiosk.client.decreaseLimit({ sessionId: newSessionId(), newLimit: 100_000 });
    expect(stranger.ok).toBe(false);
  });

  it('locks a card at exactly the threshold when wrong PINs for it reach both instances at once', async () => {
    const card = await newCard();
    const attempts = 10;
    const before = [await metric(0, 'hq_card_authentications_total', 'outcome="wrongPin"'), await metric(1, 'hq_card_authentications_total', 'outcome="wrongPin"')];
    const from = hq.proxy.routed.length;
    const results = await Promise.all(Array.from({ length: attempts }, () =>
      kiosk.client.authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer('1590') })));
    const outcomes = results.map((r) => (r.ok ? r.value.outcome : `error:${r.error.kind}`));
    expect(outcomes.filter((o) => o === 'wrongPin')).toHaveLength(LOCK_THRESHOLD - 1);
    expect(outcomes.filter((o) => o === 'locked')).toHaveLength(attempts - (LOCK_THRESHOLD - 1));
    const { rows } = await db.query<{ failed_pin_attempts: number; locked: boolean }>('SELECT failed_pin_attempts, locked_at IS NOT NULL AS locked FROM cards WHERE card_id = $1', [card.cardId]);
    expect(rows[0]).toEqual({ failed_pin_attempts: LOCK_THRESHOLD, locked: true });
    // Split across both: each instance took its half of the attempts, and the wrong PINs counted were counted by both together.
    const served = routedSince(from, '/v1/card/authenticate');
    expect(served).toHaveLength(attempts);
    expect(served.filter((r) => r.upstream === 0)).toHaveLength(attempts / 2);
    const after = [await metric(0, 'hq_card_authentications_total', 'outcome="wrongPin"'), await metric(1, 'hq_card_authentications_total', 'outcome="wrongPin"')];
    expect(after[0]! - before[0]! + after[1]! - before[1]!).toBe(LOCK_THRESHOLD - 1);
  });

  it('takes a kiosk\'s journal from both instances as one unbroken chain', async () => {
    const syncing = await enrol('KIOSK-MULTI-02');
    const temp = tempDir();
    const journal = Journal.open(join(temp.dir, 'journal.db'), { kioskId: syncing.kioskId, freeBytes: () => 1e12 });
    const worker = new SyncWorker({
      journal,
      client: hqJournalPushClient(syncing.client),
      kioskId: syncing.kioskId,
      signBatch: ed25519BatchSigner(syncing.key),
      verifyReceipt: ed25519ReceiptVerifier(pinned.receipt.publicKey),
      batchSize: { initial: 8, min: 4, max: 8 },
      backoff: { baseMs: 5, maxMs: 40 },
      intervalMs: 10,
      importantDelayMs: 1,
    });
    const from = hq.proxy.routed.length;
    try {
      worker.start();
      for (let i = 0; i < 60; i++) {
        expect(journal.append({ type: 'retainBin.emptied', actor: { kind: 'technician', technicianId: 'TE-1' }, payload: { cardsRemoved: i } }).ok).toBe(true);
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 30));
      }
      // A hang guard, not a timing assertion: the condition decides.
      const deadline = Date.now() + 60_000;
      while (journal.stats().pending > 0 || worker.status().state !== 'idle') {
        if (Date.now() > deadline) throw new Error(`journal not drained: ${JSON.stringify(journal.stats())}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await worker.stop();
    }
    const kioskRows = journal.pending(0, 100_000);
    const hqRows = await db.query<{ seq: number | string; hash: string }>('SELECT seq, encode(hash, \'hex\') AS hash FROM journal_events WHERE kiosk_id = $1 ORDER BY seq', [syncing.kioskId]);
    expect(hqRows.rows.map((r) => Number(r.seq))).toEqual(kioskRows.map((r) => r.seq));
    expect(hqRows.rows.map((r) => r.hash)).toEqual(kioskRows.map((r) => r.hash));
    const pushes = routedSince(from, '/v1/journal/batches');
    expect(new Set(pushes.filter((p) => p.status === 200).map((p) => p.upstream))).toEqual(new Set([0, 1]));
    const alerts = await db.query('SELECT 1 FROM journal_alerts WHERE kiosk_id = $1', [syncing.kioskId]);
    expect(alerts.rows).toEqual([]);
    journal.close();
    temp.remove();
  });

  it('logs no card number or PIN on either instance', () => {
    expect(secretsInLogs(hq.instances.map((i) => i.logs()), { cardNumbers: cardsUsed, pins: [PIN, '1590'] })).toEqual([]);
  });
});

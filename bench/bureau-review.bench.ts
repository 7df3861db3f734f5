/**
 * Limit review latency with the credit bureau in the loop (issue 14):
 * the kiosk's increase review over HTTP to HQ, HQ's enquiry over HTTP to a
 * real bureau (its own PGlite, the enquiry recorded there), against the same
 * review with HQ's bureau calls answered in-process by a canned empty record
 * (no socket, no bureau store). Interleaved rounds in one run, so the ratio
 * is the bureau round trip's share. `npm run bench -- --only bureau-review`.
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildBureauApp } from '../src/bureau/app';
import { migrate as migrateBureau } from '../src/bureau/db/migrate';
import { enrollLender } from '../src/bureau/lenders/lender-admin';
import { createCustomer, enrollKiosk, issueCard } from '../src/hq/accounts/account-admin';
import { buildHqApp } from '../src/hq/app';
import type { BureauLinkConfig } from '../src/hq/config/bureau-config';
import { migrate } from '../src/hq/db/migrate';
import { deriveKeys } from '../src/hq/keys/derived-keys';
import { generateSecrets } from '../src/hq/keys/hq-keys';
import { HqClient } from '../src/main/hq-client/hq-client';
import { openPgliteDb } from '../src/server-kit/db/pglite-db';
import { DEMO_LENDER_ID } from '../src/shared/demo/demo-lenders';
import type { BenchResult, BenchSuite } from './bench-result';
import { cannedBureauFetch } from './canned-bureau';
import { elapsedMs, interleaved, ratioRow } from './interleaved';

const ROUNDS = 10;
const REVIEWS_PER_ROUND = 4;
const CARD = '5000000000000002';
const PIN = '4826';

const urlOf = (app: FastifyInstance) => {
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
};

/** An HQ on its own store with one open-all-day kiosk and one customer, its bureau link as given; a logged-in client. */
async function hqWith(bureau: BureauLinkConfig) {
  const db = await openPgliteDb();
  await migrate(db);
  const secrets = generateSecrets();
  const derived = deriveKeys(secrets.pepper);
  const kiosk = generateKeyPairSync('ed25519');
  await enrollKiosk(db, { kioskId: 'KIOSK-BENCH-01', publicKeyPem: kiosk.publicKey.export({ type: 'spki', format: 'pem' }).toString(), calendar: { storeHours: { default: { open: '00:00', close: '24:00' } } } });
  const customerId = await createCustomer(db, {
    memberNumber: '900000002', nameKanji: '試験 次郎', nameKana: 'シケン ジロウ', dateOfBirth: '1980-01-01', address: '東京都千代田区1-1-1', annualIncome: 90_000_000,
    employment: 'employed', creditLimit: 100_000,
  }, new Date());
  await issueCard(db, derived, { cardNumber: CARD, pin: Buffer.from(PIN), holder: { customerId } });
  const app = await buildHqApp({ db, keys: secrets.keys, pepper: secrets.pepper, logger: false, bureau });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new HqClient({ baseUrl: urlOf(app), kioskId: 'KIOSK-BENCH-01', privateKey: kiosk.privateKey });
  const sessionId = randomUUID();
  await client.authenticateCard({ sessionId, cardNumber: CARD, pinDigits: Buffer.from(PIN) });
  // Each review asks 10,000 yen more than the last: every one is a full review, approved (and registered).
  let requested = 100_000;
  // Above 500,000 yen the law needs a certificate (art. 13(3)): the customer's own withholding slip.
  const incomeCertificate = { kind: 'withholdingSlip' as const, holderName: '試験 次郎', incomeYear: new Date().getUTCFullYear() - 1, annualIncome: 90_000_000 };
  const review = async () => {
    requested += 10_000;
    const r = await client.reviewLimitIncrease({ sessionId, requestedLimit: requested, incomeCertificate });
    if (!r.ok || r.value.outcome !== 'approved') throw new Error(`review not approved: ${JSON.stringify(r)}`);
  };
  return { review, close: async () => { await app.close(); await db.close(); } };
}

const suite: BenchSuite = {
  name: 'bureau-review',
  async run(): Promise<BenchResult[]> {
    const bureauDb = await openPgliteDb();
    await migrateBureau(bureauDb);
    const lender = generateKeyPairSync('ed25519');
    await enrollLender(bureauDb, { lenderId: DEMO_LENDER_ID, publicKeyPem: lender.publicKey.export({ type: 'spki', format: 'pem' }).toString() }, new Date());
    const bureauApp = await buildBureauApp({ db: bureauDb, logger: false });
    await bureauApp.listen({ port: 0, host: '127.0.0.1' });
    const link = { lenderId: DEMO_LENDER_ID, timeoutMs: 3000, sign: (m: Uint8Array) => sign(null, m, lender.privateKey) };
    const withBureau = await hqWith({ ...link, url: urlOf(bureauApp) });
    const canned = await hqWith({ ...link, url: 'http://bureau.invalid', fetch: cannedBureauFetch });
    try {
      const result = await interleaved({
        rounds: ROUNDS,
        higherIsBetter: false,
        measured: async () => (await elapsedMs(async () => { for (let i = 0; i < REVIEWS_PER_ROUND; i++) await withBureau.review(); })) / REVIEWS_PER_ROUND,
        baseline: async () => (await elapsedMs(async () => { for (let i = 0; i < REVIEWS_PER_ROUND; i++) await canned.review(); })) / REVIEWS_PER_ROUND,
      });
      return [ratioRow('limit review with the bureau round trip (vs bureau answered in-process)', 'ms', result)];
    } finally {
      await withBureau.close();
      await canned.close();
      await bureauApp.close();
      await bureauDb.close();
    }
  },
};

export default suite;

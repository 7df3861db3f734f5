/**
 * A real bureau for integration tests: the app listening on 127.0.0.1 over
 * a real store (a fresh database in the run's PostgreSQL, or PGlite in
 * memory), the demo records, lenders enrolled with their own Ed25519 keys,
 * BureauClients speaking real HTTP, a settable clock, and every log line
 * captured.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildBureauApp } from '../../../src/bureau/app';
import type { Db } from '../../../src/server-kit/db/db';
import { migrate } from '../../../src/bureau/db/migrate';
import { openPgliteDb } from '../../../src/server-kit/db/pglite-db';
import { openPostgresDb } from '../../../src/server-kit/db/postgres-db';
import { enrollLender } from '../../../src/bureau/lenders/lender-admin';
import { createBureauLogger } from '../../../src/bureau/logging';
import { seedBureauDemo } from '../../../src/bureau/seed/seed-bureau';
import { BureauClient } from '../../../src/shared/bureau-api/bureau-client';
import { DEMO_LENDER_ID } from '../../../src/shared/demo/demo-lenders';
import { createTestDatabase } from '../../support/postgres-database';

export const STORES = ['pglite', 'postgres'] as const;
export type StoreKind = (typeof STORES)[number];

/** Wednesday 2026-06-10 12:00 in Tokyo. */
export const SEED_TIME = new Date('2026-06-10T03:00:00Z');

export interface EnrolledLender {
  lenderId: string;
  key: KeyObject;
  client: BureauClient;
}

export interface BureauHarness {
  kind: StoreKind;
  db: Db;
  app: FastifyInstance;
  url: string;
  clock: { now: Date };
  logLines: string[];
  /** The kiosks' lender (DEMO-LENDER), enrolled over its seeded record. */
  demoLender: EnrolledLender;
  /** MIDORI-CREDIT, another lender of the seed, enrolled too. */
  otherLender: EnrolledLender;
  enroll(lenderId: string): Promise<EnrolledLender>;
  newClient(lenderId: string, key: KeyObject): BureauClient;
  count(table: 'bureau_enquiries' | 'bureau_contracts' | 'bureau_request_nonces'): Promise<number>;
  close(): Promise<void>;
}

async function openStore(kind: StoreKind): Promise<{ db: Db; drop(): Promise<void> }> {
  if (kind === 'pglite') return { db: await openPgliteDb(), drop: async () => undefined };
  const database = await createTestDatabase();
  return { db: openPostgresDb(database.url), drop: () => database.drop() };
}

export async function startBureauHarness(kind: StoreKind): Promise<BureauHarness> {
  const store = await openStore(kind);
  const db = store.db;
  await migrate(db);
  await seedBureauDemo(db, { now: SEED_TIME });
  const clock = { now: SEED_TIME };
  const logLines: string[] = [];
  const destination = new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } });
  const app = await buildBureauApp({ db, clock: () => clock.now, logger: createBureauLogger({ level: 'debug', destination }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const newClient = (lenderId: string, key: KeyObject) => new BureauClient({ baseUrl: url, lenderId, sign: (m) => sign(null, m, key), clock: () => clock.now });
  const enroll = async (lenderId: string): Promise<EnrolledLender> => {
    const pair = generateKeyPairSync('ed25519');
    await enrollLender(db, { lenderId, publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() }, clock.now);
    return { lenderId, key: pair.privateKey, client: newClient(lenderId, pair.privateKey) };
  };
  const demoLender = await enroll(DEMO_LENDER_ID);
  const otherLender = await enroll('MIDORI-CREDIT');
  return {
    kind, db, app, url, clock, logLines, demoLender, otherLender, enroll, newClient,
    async count(table) {
      return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
    },
    async close() {
      await app.close();
      await db.close();
      await store.drop();
    },
  };
}

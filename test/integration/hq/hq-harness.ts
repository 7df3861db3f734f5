/**
 * A real HQ for integration tests: the app listening on 127.0.0.1 over a
 * real store (a fresh database in the run's PostgreSQL, or PGlite in
 * memory), a test kiosk enrolled with its own Ed25519 key, an HqClient
 * speaking real HTTP, a settable clock, and every log line captured so tests
 * can prove nothing secret was logged.
 */
import { generateKeyPairSync, randomBytes, randomInt, randomUUID, sign, type KeyObject } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { createTestDatabase } from '../../support/postgres-database';
import { startFaultProxy, type Fault, type FaultProxy } from '../../support/fault-proxy';
import { startBureauHarness, type BureauHarness } from '../bureau/bureau-harness';
import { DEMO_LENDER_ID } from '../../../src/shared/demo/demo-lenders';
import { DEFAULT_LIMIT_POLICY, type LimitPolicy } from '../../../src/hq/policy/limit-review';
import { buildHqApp, type BuildHqAppOptions } from '../../../src/hq/app';
import type { HqPolicy } from '../../../src/hq/config/hq-policy';
import { createCustomer, enrollKiosk, issueCard, type NewCustomer } from '../../../src/hq/accounts/account-admin';
import type { Db } from '../../../src/server-kit/db/db';
import { migrate } from '../../../src/hq/db/migrate';
import { openPgliteDb } from '../../../src/server-kit/db/pglite-db';
import { openPostgresDb } from '../../../src/server-kit/db/postgres-db';
import { deriveKeys, type DerivedKeys } from '../../../src/hq/keys/derived-keys';
import { generateSecrets, type HqSecrets } from '../../../src/hq/keys/hq-keys';
import { createHqLogger } from '../../../src/hq/logging';
import { seedDemoData } from '../../../src/hq/seed/seed-demo';
import { HqClient } from '../../../src/main/hq-client/hq-client';
import { UUID } from '../../support/secrets-scan';

export const STORES = ['pglite', 'postgres'] as const;
export type StoreKind = (typeof STORES)[number];

/** Wednesday 2026-06-10 12:00 in Tokyo: inside the default 9:00-22:00 hours, no maintenance. */
export const WEDNESDAY_NOON_TOKYO = new Date('2026-06-10T03:00:00Z');

/** Cheap scrypt for per-test cards (the cost is stored with each hash; the demo seed uses the real cost). */
export const TEST_SCRYPT_COST = { log2N: 10, r: 8, p: 1 };

export interface TestCard {
  cardNumber: string;
  pin: string;
  cardId: number;
  customerId: number;
}

export interface HqHarness {
  kind: StoreKind;
  db: Db;
  app: FastifyInstance;
  url: string;
  secrets: HqSecrets;
  derived: DerivedKeys;
  kioskId: string;
  kioskKey: KeyObject;
  client: HqClient;
  /** Settable HQ clock (the client signs with the same clock). */
  clock: { now: Date };
  adminToken: string;
  logLines: string[];
  newClient(kioskId: string, key: KeyObject): HqClient;
  enrollKiosk(kioskId?: string): Promise<{ kioskId: string; key: KeyObject; client: HqClient }>;
  bureau: HarnessBureau | null;
  newCustomerCard(options?: Partial<NewCustomer> & { status?: 'active' | 'lost' | 'stolen' | 'expired'; expiresOn?: string; pin?: string; failedPinAttempts?: number; locked?: boolean }): Promise<TestCard>;
  close(): Promise<void>;
}

export function randomCardNumber(): string {
  return '5' + Array.from({ length: 15 }, () => randomInt(10)).join('');
}

export function pinBuffer(pin: string): Buffer {
  return Buffer.from(pin, 'latin1');
}

export async function openStore(kind: StoreKind): Promise<{ db: Db; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPgliteDb();
    return { db, drop: async () => undefined };
  }
  const database = await createTestDatabase();
  const db = openPostgresDb(database.url);
  return { db, drop: () => database.drop() };
}

export interface HarnessOptions {
  lockThreshold?: number;
  seed?: boolean;
  /** The rest of HQ's policy (identity rules); `lockThreshold` above wins. */
  policy?: z.input<typeof HqPolicy>;
  /** An HQ restarted over an existing store: its database and the secrets it was made with (the pepper and the database belong together). */
  reuse?: { store: { db: Db; drop(): Promise<void> }; secrets: HqSecrets };
  /** Hooks a test adds to the app before it listens (e.g. to count body parsing). */
  beforeListen?: (app: FastifyInstance) => void;
  /** More of buildHqApp's options (budgets, pressure, metrics token). */
  app?: Partial<BuildHqAppOptions>;
  /**
   * A real credit bureau (test/integration/bureau/bureau-harness.ts) on the
   * same kind of store, with the demo records, reached through a fault proxy
   * (HQ -> proxy -> bureau) so a test can make it unreachable, slow or lying.
   * Without it HQ has no bureau: every increase is refused (bureauUnavailable).
   */
  bureau?: boolean;
  /** HQ's bureau timeout (ms), with `bureau`. Default 3000. */
  bureauTimeoutMs?: number;
  /** The limit rules' numbers (default: DEFAULT_LIMIT_POLICY). */
  limitPolicy?: LimitPolicy;
  /** HQ_PUBLIC_ORIGIN and HQ_ACCEPT_V1_UNTIL (docs/hq.md, "Signing versions"). */
  publicOrigin?: string;
  acceptV1Until?: Date;
}

/** The bureau behind an HQ harness and the fault its proxy applies to the next requests. */
export interface HarnessBureau {
  harness: BureauHarness;
  proxy: FaultProxy;
  /** What the proxy does with each request from now on ('pass' normally) ... */
  fault: Fault;
  /** ... after the faults queued here, one per request. */
  queue: Fault[];
}

export async function startHarness(kind: StoreKind, options: HarnessOptions = {}): Promise<HqHarness> {
  const store = options.reuse?.store ?? await openStore(kind);
  const db = store.db;
  await migrate(db);
  const secrets = options.reuse?.secrets ?? generateSecrets();
  // Cards are issued in the form this HQ stores (scrypt, or keyed PVVs when the test gives it PVV keys).
  const derived = deriveKeys(secrets.pepper, options.app?.pinVerification ?? null);
  const lockThreshold = options.lockThreshold ?? 4;
  if (options.seed) await seedDemoData(db, derived, { lockThreshold, now: WEDNESDAY_NOON_TOKYO });
  const bureau = options.bureau ? await startHarnessBureau(kind) : null;
  // One clock for HQ and its bureau: HQ signs bureau requests with its time, the bureau checks them against its own.
  let now = WEDNESDAY_NOON_TOKYO;
  const clock = {
    get now() { return now; },
    set now(value: Date) { now = value; if (bureau) bureau.harness.clock.now = value; },
  };
  const logLines: string[] = [];
  const destination = new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } });
  const app = await buildHqApp({
    db, keys: secrets.keys, pepper: secrets.pepper, clock: () => clock.now,
    logger: createHqLogger({ level: 'debug', destination }), policy: { ...options.policy, lockThreshold }, adminToken: secrets.adminToken,
    ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}),
    ...(options.acceptV1Until ? { acceptV1Until: options.acceptV1Until } : {}),
    ...(options.limitPolicy ? { limitPolicy: options.limitPolicy } : {}),
    bureau: bureau ? {
      url: bureau.proxy.url, lenderId: DEMO_LENDER_ID, timeoutMs: options.bureauTimeoutMs ?? 3000,
      sign: (message) => sign(null, message, bureau.harness.demoLender.key),
    } : null,
    ...options.app,
    operatorPasswordCost: TEST_SCRYPT_COST,
  });
  options.beforeListen?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const newClient = (kioskId: string, key: KeyObject) => new HqClient({ baseUrl: url, kioskId, privateKey: key, clock: () => clock.now });

  const enroll = async (kioskId = `KIOSK-T-${randomBytes(3).toString('hex').toUpperCase()}`) => {
    const pair = generateKeyPairSync('ed25519');
    await enrollKiosk(db, { kioskId, publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    return { kioskId, key: pair.privateKey, client: newClient(kioskId, pair.privateKey) };
  };
  const main = await enroll('KIOSK-TEST-01');

  return {
    kind, db, app, url, secrets, derived, clock, logLines, adminToken: secrets.adminToken, bureau,
    kioskId: main.kioskId, kioskKey: main.key, client: main.client,
    newClient,
    enrollKiosk: enroll,
    async newCustomerCard(o = {}) {
      const cardNumber = randomCardNumber();
      const pin = o.pin ?? '4826';
      // Each test customer lives at an address of their own, so the bureau never takes two of them for one person.
      const address = o.address ?? `東京都千代田区1-${randomInt(1, 1_000_000)}`;
      const memberNumber = String(randomInt(100_000_000, 999_999_999));
      const nameKanji = o.nameKanji ?? '試験 花子';
      const nameKana = o.nameKana ?? 'シケン ハナコ';
      const dateOfBirth = o.dateOfBirth ?? '1988-03-14';
      const customerId = await createCustomer(db, {
        memberNumber,
        nameKanji, nameKana, nameLatin: o.nameLatin ?? { surname: 'SHIKEN', givenNames: 'HANAKO' },
        dateOfBirth, address,
        annualIncome: o.annualIncome ?? 6_000_000, employment: 'employed', creditLimit: o.creditLimit ?? 300_000, balance: o.balance ?? 0,
        suspended: o.suspended ?? false, otherLendersBorrowing: o.otherLendersBorrowing ?? 0, delinquent: o.delinquent ?? false,
        documentsOnFile: o.documentsOnFile ?? [{ kind: 'driversLicence', documentNumber: '301234567890', expiryDate: '2030-01-01' }],
      }, clock.now);
      // What HQ's record says about other lenders is what the bureau says too: registered there by another lender.
      if (bureau && ((o.otherLendersBorrowing ?? 0) > 0 || o.delinquent)) {
        const other = o.otherLendersBorrowing ?? 0;
        const registered = await bureau.harness.otherLender.client.registerContract({
          subject: { nameKanji, nameKana, dateOfBirth, address },
          contract: { contractRef: `T${memberNumber}`, kind: 'consumerLoan', limit: Math.max(other, 10_000), balance: other, delinquentSince: o.delinquent ? '2026-01-27' : null },
        });
        if (!registered.ok) throw new Error(`test bureau registration failed: ${registered.error.kind}`);
      }
      const cardId = await issueCard(db, derived, {
        cardNumber, pin: pinBuffer(pin), holder: { customerId }, status: o.status ?? 'active', expiresOn: o.expiresOn ?? '2030-12-31',
        failedPinAttempts: o.failedPinAttempts ?? 0, lockedAt: o.locked ? clock.now : null,
      }, TEST_SCRYPT_COST);
      return { cardNumber, pin, cardId, customerId };
    },
    async close() {
      await app.close();
      await db.close();
      await store.drop();
      await bureau?.proxy.close();
      await bureau?.harness.close();
    },
  };
}

async function startHarnessBureau(kind: StoreKind): Promise<HarnessBureau> {
  const harness = await startBureauHarness(kind);
  const state: HarnessBureau = { harness, proxy: undefined as unknown as FaultProxy, fault: { kind: 'pass' }, queue: [] };
  state.proxy = await startFaultProxy({ upstream: harness.url, plan: () => state.queue.shift() ?? state.fault });
  return state;
}

export const newSessionId = (): string => randomUUID();

/** Asserts that no log line carries a full card number, a PIN or a PIN block. */
/**
 * The limit rules with the debt-service ratio (ability to repay, issue 14) out of the way, for
 * tests that follow the total-volume rule and certificates alone (limit-review-bureau.test.ts has the ratio).
 */
export const CAP_ONLY_LIMIT_POLICY: LimitPolicy = { ...DEFAULT_LIMIT_POLICY, debtServiceRatioSteadyPercent: 100, debtServiceRatioVariablePercent: 100 };

/** A new customer card, authenticated with its PIN: the card and the session it opened (throws if HQ refuses). */
export async function loggedInCustomer(hq: HqHarness, options: Parameters<HqHarness['newCustomerCard']>[0] = {}) {
  const card = await hq.newCustomerCard(options);
  const sessionId = newSessionId();
  const r = await hq.client.authenticateCard({ sessionId, cardNumber: card.cardNumber, pinDigits: pinBuffer(card.pin) });
  if (!r.ok || r.value.outcome !== 'ok') throw new Error(`card authentication failed: ${JSON.stringify(r.ok ? r.value.outcome : r.error.kind)}`);
  return { card, sessionId };
}

export function secretsInLogs(logLines: readonly string[], secrets: { cardNumbers: string[]; pins: string[] }): string[] {
  const found: string[] = [];
  const text = logLines.join('');
  for (const n of secrets.cardNumbers) if (text.includes(n)) found.push(`card ${n.slice(-4)}`);
  // Request and session ids are random UUIDs (issue 19): any four digits turn up in them by chance, and a UUID is no PIN.
  const withoutIds = text.replace(UUID, '<uuid>');
  for (const p of secrets.pins) if (new RegExp(`(?<![0-9])${p}(?![0-9])`).test(withoutIds)) found.push(`pin-like ${p}`);
  for (const field of ['pinBlock', 'newPinBlock', 'ciphertext', 'ephemeralPublicKey']) if (text.includes(`"${field}"`)) found.push(field);
  return found;
}

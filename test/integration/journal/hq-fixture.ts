/**
 * A real HQ for journal integration tests: `buildHqApp` (real kiosk request
 * authentication, real journal ingest route) on PGlite or on the run's real
 * PostgreSQL, and a kiosk enrolled with its own Ed25519 key.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildHqApp } from '../../../src/hq/app';
import type { Db } from '../../../src/server-kit/db/db';
import { migrate } from '../../../src/hq/db/migrate';
import { openPgliteDb } from '../../../src/server-kit/db/pglite-db';
import { openPostgresDb } from '../../../src/server-kit/db/postgres-db';
import { generateHqKeys, generatePepper, type HqKeys } from '../../../src/hq/keys/hq-keys';
import { signRequest } from '../../../src/main/hq-client/request-signer';
import pg from 'pg';
import { inject } from 'vitest';
import { createTestDatabase } from '../../support/postgres-database';

/**
 * pg's `Pool.end()` resolves once it has asked its clients to end, not when
 * their sockets are gone; dropping the database WITH (FORCE) then kills a
 * closing connection, whose error has no listener left. Wait them out.
 */
async function waitForDisconnects(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await admin.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (Number(rows[0]!.n) === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await admin.end();
  }
}

export type StoreKind = 'pglite' | 'postgres';
export const STORE_KINDS: StoreKind[] = ['pglite', 'postgres'];

export interface HqStore {
  kind: StoreKind;
  db: Db;
  /** Closes the store and opens it again from disk, as an HQ restart does. */
  reopen(): Promise<Db>;
  /** PostgreSQL only: terminates every session on the test database, as a crashed HQ leaves them. */
  killSessions?: () => Promise<void>;
  dispose(): Promise<void>;
}

export async function openHqStore(kind: StoreKind): Promise<HqStore> {
  if (kind === 'postgres') {
    const database = await createTestDatabase();
    const store: HqStore = {
      kind,
      db: openPostgresDb(database.url),
      async reopen() {
        await store.db.close();
        store.db = openPostgresDb(database.url);
        return store.db;
      },
      async killSessions() {
        const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
        await admin.connect();
        try {
          await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [new URL(database.url).pathname.slice(1)]);
        } finally {
          await admin.end();
        }
      },
      async dispose() {
        await store.db.close().catch(() => undefined);
        await waitForDisconnects(database.url);
        await database.drop();
      },
    };
    await migrate(store.db);
    return store;
  }
  const dir = mkdtempSync(join(tmpdir(), 'hq-pglite-'));
  const store: HqStore = {
    kind,
    db: await openPgliteDb(dir),
    async reopen() {
      await store.db.close();
      store.db = await openPgliteDb(dir);
      return store.db;
    },
    async dispose() {
      await store.db.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await migrate(store.db);
  return store;
}

export interface EnrolledKiosk {
  kioskId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export async function enrolKiosk(db: Db, kioskId = 'KIOSK-J-01'): Promise<EnrolledKiosk> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await db.query('INSERT INTO kiosks (kiosk_id, public_key, enabled) VALUES ($1, $2, true)', [kioskId, publicKey.export({ type: 'spki', format: 'pem' }).toString()]);
  return { kioskId, privateKey, publicKey };
}

export interface RunningHq {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

export async function startHq(db: Db, keys: HqKeys): Promise<RunningHq> {
  const app = await buildHqApp({ db, keys, pepper: generatePepper(), logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, stop: () => app.close() };
}

/**
 * A kiosk-signed request without HqClient, which calls only HQ_ROUTES
 * entries with typed bodies: for the status route, which is not in the
 * table, and for bodies no kiosk would send.
 */
export async function signedRequest(hq: RunningHq, kiosk: EnrolledKiosk, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const bytes = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
  const headers = {
    ...(bytes ? { 'content-type': 'application/json' } : {}),
    ...signRequest({ origin: hq.url, kioskId: kiosk.kioskId, privateKey: kiosk.privateKey, method, path, body: bytes, now: new Date() }),
  };
  const response = await fetch(hq.url + path, { method, headers, ...(bytes ? { body: bytes } : {}) });
  return { status: response.status, body: await response.json() };
}

export { generateHqKeys };

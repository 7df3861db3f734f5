/**
 * Several HQ instances on one PostgreSQL (issue 19): shared secrets or no
 * start, migrations safe when instances start together, housekeeping once
 * across instances, request ids that are UUIDs echoed to the kiosk, and the
 * console's origin check behind a TLS-terminating proxy.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildHqApp } from '../../../src/hq/app';
import { migrate, pendingHqMigrations } from '../../../src/hq/db/migrate';
import { ReplayGuardPruner } from '../../../src/hq/housekeeping';
import { generateSecrets, SECRET_FILES } from '../../../src/hq/keys/hq-keys';
import { initSharedSecrets, loadSharedSecrets, MissingSecretsError, SECRET_ENV } from '../../../src/hq/keys/shared-secrets';
import { startHqServer, type RunningHq } from '../../../src/hq/server';
import { openPgliteDb } from '../../../src/server-kit/db/pglite-db';
import { openPostgresDb } from '../../../src/server-kit/db/postgres-db';
import { createTestDatabase } from '../../support/postgres-database';
import { startHarness, STORES, type HqHarness } from './hq-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('shared secrets on PostgreSQL', () => {
  let dir: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const running: RunningHq[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hq-shared-'));
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((hq) => hq.close()));
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start without them, invents none, and names what is missing (never a value)', async () => {
    const empty = join(dir, 'empty');
    const start = startHqServer({ port: 0, logger: false, databaseUrl: database.url, secretsDir: empty, env: {} });
    await expect(start).rejects.toBeInstanceOf(MissingSecretsError);
    await expect(start).rejects.toThrow(/HQ_PEPPER_HEX or .*pepper\.hex.*keys init/);
    expect(existsSync(empty)).toBe(false);
  });

  it('keys init makes them once and never replaces one', () => {
    const folder = join(dir, 'init');
    const made = initSharedSecrets(folder);
    expect(readdirSync(folder).sort()).toEqual(Object.values(SECRET_FILES).sort());
    expect(() => initSharedSecrets(folder)).toThrow(/never replaces a secret/);
    expect(loadSharedSecrets({ dir: folder, env: {} }).pepper.equals(made.pepper)).toBe(true);
  });

  it('takes each secret from the environment before the folder, and refuses a malformed one', () => {
    const other = generateSecrets();
    const env = { [SECRET_ENV.adminToken]: other.adminToken };
    const loaded = loadSharedSecrets({ dir: join(dir, 'init'), env });
    expect(loaded.adminToken).toBe(other.adminToken);
    expect(() => loadSharedSecrets({ dir: join(dir, 'init'), env: { [SECRET_ENV.pepperHex]: 'not-hex' } })).toThrow(/HQ_PEPPER_HEX must hold 64 hex digits/);
  });

  it('two instances started together on one fresh database both come up, with the same keys, migrations current', async () => {
    const folder = join(dir, 'pair');
    initSharedSecrets(folder);
    const start = () => startHqServer({ port: 0, logger: false, databaseUrl: database.url, secretsDir: folder, env: {} });
    const pair = await Promise.all([start(), start()]);
    running.push(...pair);
    for (const hq of pair) expect((await fetch(`${hq.url}/health`)).status).toBe(200);
    expect(pair[0].secrets.keys.receiptKeyId).toBe(pair[1].secrets.keys.receiptKeyId);
    expect(await pendingHqMigrations(pair[0].db)).toEqual([]);
  });
});

describe('migrations started together', () => {
  it('apply once when two connections migrate one fresh PostgreSQL database at the same time', async () => {
    const database = await createTestDatabase();
    const dbs = [openPostgresDb(database.url), openPostgresDb(database.url), openPostgresDb(database.url)];
    try {
      const applied = await Promise.all(dbs.map((db) => migrate(db)));
      // Every migration applied by exactly one of them; the others found it done.
      const all = applied.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBeGreaterThan(0);
      expect(await pendingHqMigrations(dbs[0]!)).toEqual([]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await database.drop();
    }
  });
});

describe('housekeeping across instances', () => {
  it('prunes once an interval however many instances try (PostgreSQL)', async () => {
    const database = await createTestDatabase();
    const dbs = [openPostgresDb(database.url), openPostgresDb(database.url)];
    try {
      await migrate(dbs[0]!);
      const pruners = dbs.map((db) => new ReplayGuardPruner(db, 60_000));
      const now = new Date('2026-06-10T03:00:00Z');
      await Promise.all(pruners.map((p) => p.prune(now)));
      await Promise.all(pruners.map((p) => p.prune(new Date(now.getTime() + 30_000))));
      expect(pruners[0]!.ran + pruners[1]!.ran).toBe(1);
      await pruners[1]!.prune(new Date(now.getTime() + 61_000));
      expect(pruners[0]!.ran + pruners[1]!.ran).toBe(2);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await database.drop();
    }
  });

  it('still prunes on PGlite (one instance)', async () => {
    const db = await openPgliteDb();
    try {
      await migrate(db);
      const pruner = new ReplayGuardPruner(db, 60_000);
      await pruner.prune(new Date('2026-06-10T03:00:00Z'));
      expect(pruner.ran).toBe(1);
    } finally {
      await db.close();
    }
  });
});

describe.each(STORES)('request ids on %s', (kind) => {
  let hq: HqHarness;
  beforeAll(async () => { hq = await startHarness(kind); });
  afterAll(async () => { await hq?.close(); });

  it('are UUIDs, one per request, echoed in x-request-id and kept in a failed call for the kiosk log', async () => {
    const a = await fetch(`${hq.url}/health`);
    const b = await fetch(`${hq.url}/health`);
    expect(a.headers.get('x-request-id')).toMatch(UUID);
    expect(b.headers.get('x-request-id')).not.toBe(a.headers.get('x-request-id'));
    const refused = await hq.client.clearLock({ sessionId: '00000000-0000-4000-8000-000000000000' });
    expect(refused.ok).toBe(false);
    if (!refused.ok && refused.error.kind === 'http') expect(refused.error.requestId).toMatch(UUID);
    else throw new Error(`expected an HTTP refusal, got ${JSON.stringify(refused)}`);
    expect(hq.logLines.join('')).toContain(refused.error.requestId);
  });
});

describe('the console behind a TLS-terminating proxy', () => {
  const post = async (options: Parameters<typeof buildHqApp>[0], headers: Record<string, string>) => {
    const app = await buildHqApp(options);
    try {
      const answer = await app.inject({ method: 'POST', url: '/console/alerts/999/acknowledge', headers: { host: 'hq.example', ...headers } });
      return answer.statusCode;
    } finally {
      await app.close();
    }
  };

  it('refuses the https form post by default and accepts it with the public origin or trustProxy configured', async () => {
    const db = await openPgliteDb();
    try {
      await migrate(db);
      const secrets = generateSecrets();
      const base = { db, keys: secrets.keys, pepper: secrets.pepper, adminToken: secrets.adminToken, logger: false as const };
      const fromBrowser = { origin: 'https://hq.example' };
      expect(await post(base, fromBrowser)).toBe(403);
      // 401: past the origin check (which comes first, console-session.ts), no operator signed in.
      expect(await post({ ...base, publicOrigin: 'https://hq.example' }, fromBrowser)).toBe(401);
      expect(await post({ ...base, publicOrigin: 'https://hq.example' }, { origin: 'https://evil.example' })).toBe(403);
      expect(await post({ ...base, trustProxy: true }, { ...fromBrowser, 'x-forwarded-proto': 'https' })).toBe(401);
      expect(await post(base, { ...fromBrowser, 'x-forwarded-proto': 'https' })).toBe(403);
    } finally {
      await db.close();
    }
  });
});


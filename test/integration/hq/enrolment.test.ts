/**
 * `--enroll` at HQ's start (src/hq/server.ts, the option cli.ts passes):
 * it enrolls a new kiosk enabled, re-keys a known one, and never re-enables
 * a kiosk an operator disabled (issue 15: "`--enroll` never re-enables a
 * kiosk an operator disabled"). Each start is a real HQ over a store that
 * outlives it: PGlite in a data folder, or a PostgreSQL database.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setKioskEnabled } from '../../../src/hq/accounts/account-admin';
import { secretsDir } from '../../../src/hq/keys/hq-keys';
import { initSharedSecrets } from '../../../src/hq/keys/shared-secrets';
import { startHqServer, type HqServerOptions } from '../../../src/hq/server';
import { HqClient } from '../../../src/main/hq-client/hq-client';
import { createTestDatabase } from '../../support/postgres-database';
import { STORES } from './hq-harness';

describe.each(STORES)('--enroll on %s', (kind) => {
  let dir: string;
  let store: Pick<HqServerOptions, 'dataDir' | 'databaseUrl'>;
  let dropDatabase = async () => {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hq-enrol-'));
    if (kind === 'postgres') {
      const database = await createTestDatabase();
      dropDatabase = () => database.drop();
      // HQ on PostgreSQL starts only with shared secrets made beforehand (issue 19).
      initSharedSecrets(secretsDir(dir));
      store = { dataDir: dir, databaseUrl: database.url };
    } else {
      store = { dataDir: dir };
    }
  });
  afterAll(async () => {
    await dropDatabase();
    rmSync(dir, { recursive: true, force: true });
  });

  const enabledFlag = async (hq: Awaited<ReturnType<typeof startHqServer>>, kioskId: string) =>
    (await hq.db.query<{ enabled: boolean }>('SELECT enabled FROM kiosks WHERE kiosk_id = $1', [kioskId])).rows[0]?.enabled;

  it('enrolls a new kiosk enabled, and a restart with the same --enroll leaves an operator\'s "disabled" alone', async () => {
    const kioskId = 'KIOSK-ENROL-01';
    const pair = generateKeyPairSync('ed25519');
    const pemFile = join(dir, 'kiosk.pub.pem');
    writeFileSync(pemFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    const start = () => startHqServer({ ...store, port: 0, logger: false, seedWhenEmpty: false, enroll: [{ kioskId, publicKeyPemFile: pemFile }] });
    const calendarOf = (url: string) => new HqClient({ baseUrl: url, kioskId, privateKey: pair.privateKey }).getCalendar();

    const first = await start();
    try {
      expect(await enabledFlag(first, kioskId)).toBe(true);
      expect((await calendarOf(first.url)).ok).toBe(true);
      // The operator takes the kiosk out of service at HQ.
      await setKioskEnabled(first.db, kioskId, false);
    } finally {
      await first.close();
    }

    // Started again by the same service unit, --enroll and all.
    const second = await start();
    try {
      expect(await enabledFlag(second, kioskId)).toBe(false);
      expect(await calendarOf(second.url)).toMatchObject({ ok: false, error: { kind: 'http', status: 401, code: 'authenticationFailed' } });
    } finally {
      await second.close();
    }

    // A new key through --enroll re-keys the kiosk, still without enabling it.
    const rekeyed = generateKeyPairSync('ed25519');
    writeFileSync(pemFile, rekeyed.publicKey.export({ type: 'spki', format: 'pem' }));
    const third = await start();
    try {
      const row = (await third.db.query<{ enabled: boolean; public_key: string }>('SELECT enabled, public_key FROM kiosks WHERE kiosk_id = $1', [kioskId])).rows[0]!;
      expect(row.enabled).toBe(false);
      expect(row.public_key).toBe(rekeyed.publicKey.export({ type: 'spki', format: 'pem' }).toString());
      // Only the operator enables it again.
      await setKioskEnabled(third.db, kioskId, true);
      const calendar = await new HqClient({ baseUrl: third.url, kioskId, privateKey: rekeyed.privateKey }).getCalendar();
      expect(calendar.ok, JSON.stringify(calendar)).toBe(true);
    } finally {
      await third.close();
    }
  });
});

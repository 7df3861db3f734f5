/**
 * Starting HQ as a process: store (PostgreSQL when a URL is given, else
 * PGlite in a folder or in memory), migrations, secrets, optional kiosk
 * enrollment, demo seed on an empty embedded store, and the listening app.
 * cli.ts parses arguments into these options; tests call it directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { enrollKiosk } from './accounts/account-admin';
import { buildHqApp } from './app';
import { HqPolicy } from './config/hq-policy';
import type { Db } from '../server-kit/db/db';
import { migrate } from './db/migrate';
import { openDb } from '../server-kit/db/open-db';
import { deriveKeys } from './keys/derived-keys';
import { generateSecrets, loadOrCreateSecrets, secretsDir, type HqSecrets } from './keys/hq-keys';
import { seedDemoData } from './seed/seed-demo';
import { closeOnce, listenOn } from '../server-kit/serve';
import { requirePublicOriginOffLoopback } from './auth/hq-origin';
import type { HqTlsOptions } from './config/hq-tls';

export interface HqServerOptions {
  port: number;
  host?: string;
  /** PostgreSQL URL (HQ_DATABASE_URL); absent means PGlite. */
  databaseUrl?: string;
  /** Data folder for PGlite (`pglite/`) and HQ's secrets (`keys/`); absent means everything in memory. */
  dataDir?: string;
  enroll?: readonly { kioskId: string; publicKeyPemFile: string }[];
  /** Seed the demo cast when the store has no cards. Default: true for PGlite, false for PostgreSQL. */
  seedWhenEmpty?: boolean;
  lockThreshold?: number;
  /** The rest of HQ's policy (src/hq/config/hq-policy.ts), e.g. allowFirstUseOfNewDocumentKind; `lockThreshold` above wins. */
  policy?: z.input<typeof HqPolicy>;
  logger?: Logger | false;
  /** HQ's clock; the system clock unless told (the embedded development HQ shares the simulator's clock). */
  clock?: () => Date;
  /** HQ_PUBLIC_ORIGIN: required when `host` is off loopback (auth/hq-origin.ts). */
  publicOrigin?: string;
  /** HQ_ACCEPT_V1_UNTIL: KIOSK-REQUEST-V1 accepted before this instant only; never when absent. */
  acceptV1Until?: Date;
  /** HQ_TLS_*: TLS (mutual with a client CA) on the listener. */
  tls?: HqTlsOptions;
}

export interface RunningHq {
  url: string;
  port: number;
  app: FastifyInstance;
  db: Db;
  secrets: HqSecrets;
  seeded: boolean;
  close(): Promise<void>;
}

export async function openHqStore(options: { databaseUrl?: string; dataDir?: string }): Promise<{ db: Db; secrets: HqSecrets }> {
  const secrets = options.dataDir ? loadOrCreateSecrets(secretsDir(options.dataDir)) : generateSecrets();
  const db = await openDb({ databaseUrl: options.databaseUrl, dataDir: options.databaseUrl || !options.dataDir ? undefined : join(options.dataDir, 'pglite') });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { db, secrets };
}

export async function startHqServer(options: HqServerOptions): Promise<RunningHq> {
  const host = options.host ?? '127.0.0.1';
  requirePublicOriginOffLoopback(host, options.publicOrigin);
  const { db, secrets } = await openHqStore(options);
  const policy = HqPolicy.parse({ ...options.policy, ...(options.lockThreshold === undefined ? {} : { lockThreshold: options.lockThreshold }) });
  try {
    const stillDisabled: string[] = [];
    for (const kiosk of options.enroll ?? []) {
      const enrolled = await enrollKiosk(db, { kioskId: kiosk.kioskId, publicKeyPem: readFileSync(kiosk.publicKeyPemFile, 'utf8') });
      if (!enrolled.enabled) stillDisabled.push(kiosk.kioskId);
    }
    const seedWhenEmpty = options.seedWhenEmpty ?? !options.databaseUrl;
    const seeded = seedWhenEmpty ? await seedDemoData(db, deriveKeys(secrets.pepper), { lockThreshold: policy.lockThreshold }) : false;
    const app = await buildHqApp({
      db, keys: secrets.keys, pepper: secrets.pepper, policy, adminToken: secrets.adminToken,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}),
      ...(options.acceptV1Until ? { acceptV1Until: options.acceptV1Until } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    });
    // An operator's "disabled" outlives every restart (issue 15): said in the log, not undone.
    for (const kioskId of stillDisabled) app.log.warn({ kioskId }, 'kiosk is disabled at HQ; --enroll re-keyed it but did not enable it');
    const { url, port } = await listenOn(app, options.port, host, options.tls ? 'https' : 'http');
    return { url, port, app, db, secrets, seeded, close: closeOnce(app, db) };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Starting the bureau as a process: store (PostgreSQL when a URL is given,
 * else PGlite in a folder, locked to this process, or in memory),
 * migrations, optional lender enrolment, demo records on an empty embedded
 * store, and the app listening on 127.0.0.1. cli.ts parses arguments into
 * these options; tests call it directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildBureauApp } from './app';
import type { Clock } from './context';
import type { Db } from '../server-kit/db/db';
import { lockFolder } from './db/folder-lock';
import { migrate } from './db/migrate';
import { openDb } from '../server-kit/db/open-db';
import { enrollLender, type EnrolOutcome } from './lenders/lender-admin';
import { seedBureauDemo } from './seed/seed-bureau';
import { closeOnce, listenOn } from '../server-kit/serve';

/** The bureau listens on the loopback interface only: lenders reach it through whatever the deployment puts in front. */
export const BUREAU_HOST = '127.0.0.1';

export interface BureauStoreOptions {
  /** PostgreSQL URL; absent means PGlite. */
  databaseUrl?: string;
  /** Folder for PGlite (`pglite/` inside it); absent means in memory. Ignored with a database URL. */
  dataDir?: string;
}

export interface BureauServerOptions extends BureauStoreOptions {
  port: number;
  enroll?: readonly { lenderId: string; publicKeyPemFile: string }[];
  /** Load the demo records when the store holds no contract. Default: true for PGlite, false for PostgreSQL. */
  seedWhenEmpty?: boolean;
  logger?: Logger | false;
  clock?: Clock;
}

export interface RunningBureau {
  url: string;
  port: number;
  app: FastifyInstance;
  db: Db;
  seeded: boolean;
  enrolled: { lenderId: string; outcome: EnrolOutcome }[];
  close(): Promise<void>;
}

/** The store, migrated; `close` also releases the folder lock. */
export async function openBureauStore(options: BureauStoreOptions): Promise<Db> {
  const pgliteDir = options.databaseUrl || !options.dataDir ? undefined : options.dataDir;
  const lock = pgliteDir ? lockFolder(pgliteDir) : null;
  let db: Db;
  try {
    db = await openDb({ databaseUrl: options.databaseUrl, dataDir: pgliteDir ? join(pgliteDir, 'pglite') : undefined });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const store: Db = {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (work, txOptions) => db.transaction(work, txOptions),
    async close() {
      try {
        await db.close();
      } finally {
        lock?.release();
      }
    },
  };
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export async function startBureauServer(options: BureauServerOptions): Promise<RunningBureau> {
  const db = await openBureauStore(options);
  try {
    const enrolled: RunningBureau['enrolled'] = [];
    for (const lender of options.enroll ?? []) {
      const outcome = await enrollLender(db, { lenderId: lender.lenderId, publicKeyPem: readFileSync(lender.publicKeyPemFile, 'utf8'), replace: true });
      enrolled.push({ lenderId: lender.lenderId, outcome });
    }
    const seeded = (options.seedWhenEmpty ?? !options.databaseUrl) ? await seedBureauDemo(db, options.clock ? { now: options.clock() } : {}) : false;
    const app = await buildBureauApp({
      db,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const { url, port } = await listenOn(app, options.port, BUREAU_HOST);
    return { url, port, app, db, seeded, enrolled, close: closeOnce(app, db) };
  } catch (error) {
    await db.close();
    throw error;
  }
}

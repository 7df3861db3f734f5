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
import { buildHqApp, type BuildHqAppOptions } from './app';
import { loadBureauLink, type BureauSettings } from './config/bureau-config';
import { HqPolicy } from './config/hq-policy';
import type { Db } from '../server-kit/db/db';
import { migrate } from './db/migrate';
import { openDb } from '../server-kit/db/open-db';
import { openPostgresDb } from '../server-kit/db/postgres-db';
import { DEFAULT_BUDGETS, type BudgetLimits } from './http/concurrency-budget';
import { deriveKeys } from './keys/derived-keys';
import { loadPinVerificationKeys } from './pin/pin-verification-keys';
import { generateSecrets, loadOrCreateSecrets, secretsDir, type HqSecrets } from './keys/hq-keys';
import { withKeySet } from './keys/key-set';
import { loadSharedSecrets } from './keys/shared-secrets';
import { seedDemoData } from './seed/seed-demo';
import { closeOnce, listenOn } from '../server-kit/serve';
import { requirePublicOriginOffLoopback } from './auth/hq-origin';
import type { HqTlsOptions } from './config/hq-tls';
import { alertSettingsFromEnv, type AlertSettings } from './config/alert-config';
import { oidcSettingsFromEnv, type OidcSettings } from './config/oidc-config';

export interface HqServerOptions {
  port: number;
  host?: string;
  /** PostgreSQL URL (HQ_DATABASE_URL); absent means PGlite. */
  databaseUrl?: string;
  /** Data folder for PGlite (`pglite/`) and HQ's secrets (`keys/`); absent means everything in memory. */
  dataDir?: string;
  /**
   * With a database URL: the shared secrets folder (default DATA/keys).
   * Each secret may come from the environment instead (shared-secrets.ts);
   * missing ones stop the start, never get invented.
   */
  secretsDir?: string;
  /** Where secrets are read from the environment; process.env unless told (tests). */
  env?: NodeJS.ProcessEnv;
  trustProxy?: BuildHqAppOptions['trustProxy'];
  publicOrigin?: string;
  /** Bearer token for GET /metrics (HQ_METRICS_TOKEN); without one /metrics answers loopback only. */
  metricsToken?: string;
  /** Signed updates (HQ_UPDATES_PUBLIC_KEY_FILE, HQ_UPDATES_DIR; src/hq/updates/updates-env.ts). */
  updates?: BuildHqAppOptions['updates'];
  /** Concurrency budgets (HQ_INGEST_CONCURRENCY, HQ_INTERACTIVE_CONCURRENCY). */
  budgets?: BudgetLimits;
  /** Retention and journal partitions ahead (HQ_RETAIN_*, HQ_JOURNAL_PARTITIONS_AHEAD; src/hq/retention.ts). */
  retention?: BuildHqAppOptions['retention'];
  /** Connections of the interactive pool and of journal ingest's own pool on PostgreSQL. Default 10 and the ingest budget. */
  poolSizes?: { interactive?: number; ingest?: number };
  enroll?: readonly { kioskId: string; publicKeyPemFile: string }[];
  /** The PIN verification keys' file (else HQ_PVV_KEYS_HEX / HQ_PVV_KEYS_FILE; none: PINs stay scrypt). Never inside the secrets folder. */
  pvvKeysFile?: string;
  /** Seed the demo cast when the store has no cards. Default: true for PGlite, false for PostgreSQL. */
  seedWhenEmpty?: boolean;
  lockThreshold?: number;
  /** The rest of HQ's policy (src/hq/config/hq-policy.ts), e.g. allowFirstUseOfNewDocumentKind; `lockThreshold` above wins. */
  policy?: z.input<typeof HqPolicy>;
  logger?: Logger | false;
  /** HQ's clock; the system clock unless told (the embedded development HQ shares the simulator's clock). */
  clock?: () => Date;
  /** The credit bureau (bureau-config.ts); none: increase reviews are refused with bureauUnavailable. */
  bureau?: BureauSettings | null;
  /** HQ_ACCEPT_V1_UNTIL: KIOSK-REQUEST-V1 accepted before this instant only; never when absent. */
  acceptV1Until?: Date;
  /** HQ_TLS_*: TLS (mutual with a client CA) on the listener. */
  tls?: HqTlsOptions;
  /** Alert rules and webhook; default: from the environment (HQ_ALERT_*, config/alert-config.ts), on a timer of this process. */
  alerts?: AlertSettings;
  /** Console single sign-on; default: from the environment (HQ_OIDC_*, config/oidc-config.ts), off without HQ_OIDC_ISSUER. */
  oidc?: OidcSettings | null;
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

type StoreOptions = Pick<HqServerOptions, 'databaseUrl' | 'dataDir' | 'secretsDir' | 'env' | 'poolSizes'>;

/**
 * HQ's secrets. On a shared PostgreSQL (a database URL) they are loaded
 * strictly: several instances must hold the same ones (issue 19). The
 * embedded PGlite HQ, one instance by construction, keeps creating them on
 * first run (the demo), or in memory.
 */
export function hqSecrets(options: StoreOptions): HqSecrets {
  const dir = options.secretsDir ?? (options.dataDir ? secretsDir(options.dataDir) : undefined);
  if (options.databaseUrl) {
    const secrets = loadSharedSecrets({ ...(dir ? { dir } : {}), ...(options.env ? { env: options.env } : {}) });
    // The folder's key set, when a key has rotated (issue 16, key-set.ts).
    return dir ? { ...secrets, keys: withKeySet(secrets.keys, dir) } : secrets;
  }
  if (!dir) return generateSecrets();
  const secrets = loadOrCreateSecrets(dir);
  return { ...secrets, keys: withKeySet(secrets.keys, dir) };
}

/** The store, migrated (under an advisory lock: instances may start together). */
export async function openHqDb(options: StoreOptions): Promise<Db> {
  const db = options.databaseUrl
    ? openPostgresDb(options.databaseUrl, options.poolSizes?.interactive ?? 10, 'interactive')
    : await openDb({ dataDir: options.dataDir ? join(options.dataDir, 'pglite') : undefined });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** Secrets first: an instance refused for want of them never touches the database. */
export async function openHqStore(options: StoreOptions): Promise<{ db: Db; secrets: HqSecrets }> {
  const secrets = hqSecrets(options);
  return { db: await openHqDb(options), secrets };
}

export async function startHqServer(options: HqServerOptions): Promise<RunningHq> {
  // The key file is read before the store opens: a wrong file stops HQ with the file's name, nothing half-started.
  const bureau = options.bureau ? loadBureauLink(options.bureau) : null;
  const host = options.host ?? '127.0.0.1';
  requirePublicOriginOffLoopback(host, options.publicOrigin);
  // Read before the store opens too: a bad HQ_ALERT_* stops HQ naming the variable.
  const settingsSecrets = options.secretsDir ?? (options.dataDir ? secretsDir(options.dataDir) : undefined);
  const alerts = options.alerts ?? alertSettingsFromEnv(options.env ?? process.env, settingsSecrets);
  const oidc = options.oidc === undefined
    ? oidcSettingsFromEnv(options.env ?? process.env, { ...(settingsSecrets ? { secretsDir: settingsSecrets } : {}), ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}) })
    : options.oidc;
  // Read before the store opens: a bad key file is a refusal to start that names the setting.
  const pinVerification = loadPinVerificationKeys({ ...(options.pvvKeysFile ? { file: options.pvvKeysFile } : {}), env: options.env ?? process.env, ...(settingsSecrets ? { secretsDir: settingsSecrets } : {}) });
  const { db, secrets } = await openHqStore(options);
  // Journal ingest's own pool (issue 19): a backlog drain cannot take the connections customers need.
  const ingestDb = options.databaseUrl
    ? openPostgresDb(options.databaseUrl, options.poolSizes?.ingest ?? options.budgets?.ingest ?? DEFAULT_BUDGETS.ingest, 'ingest')
    : db;
  const stores = { close: async () => { if (ingestDb !== db) await ingestDb.close(); await db.close(); } };
  const policy = HqPolicy.parse({ ...options.policy, ...(options.lockThreshold === undefined ? {} : { lockThreshold: options.lockThreshold }) });
  try {
    const stillDisabled: string[] = [];
    for (const kiosk of options.enroll ?? []) {
      const enrolled = await enrollKiosk(db, { kioskId: kiosk.kioskId, publicKeyPem: readFileSync(kiosk.publicKeyPemFile, 'utf8') });
      if (!enrolled.enabled) stillDisabled.push(kiosk.kioskId);
    }
    const seedWhenEmpty = options.seedWhenEmpty ?? !options.databaseUrl;
    const seeded = seedWhenEmpty ? await seedDemoData(db, deriveKeys(secrets.pepper, pinVerification), { lockThreshold: policy.lockThreshold }) : false;
    const app = await buildHqApp({
      db, keys: secrets.keys, pepper: secrets.pepper, pinVerification, policy, adminToken: secrets.adminToken,
      ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
      ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}),
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
      ...(options.updates ? { updates: options.updates } : {}),
      ...(options.budgets ? { budgets: options.budgets } : {}),
      ...(options.retention ? { retention: options.retention } : {}),
      ingestDb,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.clock ? { clock: options.clock } : {}),
      bureau,
      ...(options.acceptV1Until ? { acceptV1Until: options.acceptV1Until } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
      alerts,
      ...(oidc ? { oidc } : {}),
    });
    if (!bureau) app.log.warn('no credit bureau configured (HQ_BUREAU_URL): every limit increase is refused with bureauUnavailable');
    // An operator's "disabled" outlives every restart (issue 15): said in the log, not undone.
    for (const kioskId of stillDisabled) app.log.warn({ kioskId }, 'kiosk is disabled at HQ; --enroll re-keyed it but did not enable it');
    const { url, port } = await listenOn(app, options.port, host, options.tls ? 'https' : 'http');
    return { url, port, app, db, secrets, seeded, close: closeOnce(app, stores) };
  } catch (error) {
    await stores.close();
    throw error;
  }
}

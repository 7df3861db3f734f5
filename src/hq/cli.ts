/**
 * `npm run hq -- [--port N] [--host H] [--data DIR | --memory] [--enroll KIOSK_ID=PUBLIC_KEY_PEM_FILE ...] [--lock-threshold 3..5]`
 *   serve; prints a line with `http://127.0.0.1:N` when ready (port 0 picks a free port)
 * `npm run hq -- seed [--data DIR] [--reset]`   load the demo cast (docs/hq.md)
 * `npm run hq -- migrate [--data DIR]`          apply pending migrations
 * `npm run hq -- keys [--data DIR]`             print HQ's public keys as the
 *   kiosk config's `hq.keys` (pin them there in production, docs/hq.md)
 * `npm run hq -- keys init [--secrets DIR]`     create the shared secrets once
 * `npm run hq -- journal archive --before YYYY-MM --out DIR [--data DIR]`
 *   archive and drop the journal's monthly partitions before that month
 *   (src/hq/journal-ingest/journal-archive.ts); retention: HQ_RETAIN_* (src/hq/retention.ts)
 * `npm run hq -- keys rotate|retire --key-id ID` rotate HQ's PIN and receipt keys (key-set.ts)
 * `npm run hq -- keys pvv-rotate|pvv-usage --pvv-keys FILE` the keyed PIN verification value's keys (src/hq/pin/pin-verification-keys.ts)
 *
 * The credit bureau: --bureau-url URL --bureau-key-file PEM [--bureau-lender-id ID]
 * [--bureau-timeout-ms N], or HQ_BUREAU_URL, HQ_BUREAU_KEY_FILE,
 * HQ_BUREAU_LENDER_ID, HQ_BUREAU_TIMEOUT_MS (docs/hq.md, "Credit bureau").
 * `npm run hq -- operators add --login L --name N --role viewer|operator|administrator [--data DIR]`
 *   create a console operator (the first administrator); the password is read from stdin
 *
 * HQ_DATABASE_URL selects PostgreSQL; otherwise PGlite in DIR/pglite (default
 * `.data/hq`, the kiosk's embedded HQ folder) or in memory. HQ's keys,
 * pepper and admin token live in DIR/keys (in memory with --memory), or in
 * the shared secrets folder (--secrets, HQ_SECRETS_DIR) or environment that
 * HQ on PostgreSQL requires (src/hq/keys/shared-secrets.ts).
 * The HQ link (issue 15, docs/hq.md): HQ_PUBLIC_ORIGIN (or --public-origin)
 * names the origin kiosks sign for (required off loopback);
 * HQ_ACCEPT_V1_UNTIL (ISO 8601) keeps KIOSK-REQUEST-V1 accepted until then;
 * HQ_TLS_CERT, HQ_TLS_KEY and HQ_TLS_CLIENT_CA put TLS (mutual with a CA)
 * on the listener.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { offsetClock } from '../server-kit/offset-clock';
import { bureauSettingsFrom, type BureauSettings } from './config/bureau-config';
import { HQ_ADMIN_TOKEN_FILE } from '../shared/hq-api/data-folder';
import { parsePublicOrigin } from './auth/hq-origin';
import { HqPolicy } from './config/hq-policy';
import { hqTlsFromEnv } from './config/hq-tls';
import { deriveKeys } from './keys/derived-keys';
import { adminTokenFile, hqKeysResponse, secretsDir } from './keys/hq-keys';
import { keySetCommand } from './keys/key-set-command';
import { pinHashUsage } from './pin/pin-hash-usage';
import { loadPinVerificationKeys, PinVerificationKeysError, rotatePinVerificationKeys } from './pin/pin-verification-keys';
import { initSharedSecrets, MissingSecretsError } from './keys/shared-secrets';
import { logOperation } from './operation-log';
import { runJournalCommand } from './journal-ingest/journal-command';
import { retentionFromEnv } from './retention';
import { createOperator, NewOperator } from './operators/operator-accounts';
import { clearAccounts, seedDemoData } from './seed/seed-demo';
import { hqSecrets, openHqDb, openHqStore, startHqServer } from './server';
import { stopOnSignals } from '../server-kit/serve';
import { updatesSettingsFromEnv } from './updates/updates-env';

const DEFAULT_DATA_DIR = '.data/hq';

function fail(message: string): never {
  process.stderr.write(`hq: ${message}\n`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '8470' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string' },
    memory: { type: 'boolean', default: false },
    enroll: { type: 'string', multiple: true, default: [] },
    'lock-threshold': { type: 'string' },
    'allow-first-use-of-new-document-kind': { type: 'boolean', default: false },
    'clock-offset-file': { type: 'string' },
    'bureau-url': { type: 'string' },
    'bureau-key-file': { type: 'string' },
    'bureau-lender-id': { type: 'string' },
    'bureau-timeout-ms': { type: 'string' },
    reset: { type: 'boolean', default: false },
    secrets: { type: 'string' },
    'pvv-keys': { type: 'string' },
    'trust-proxy': { type: 'string' },
    'public-origin': { type: 'string' },
    login: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    before: { type: 'string' },
    out: { type: 'string' },
    'key-id': { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(`usage:
  npm run hq -- [--port N] [--host H] [--data DIR | --memory] [--enroll KIOSK_ID=PEM_FILE ...] [--lock-threshold 3..5] [--clock-offset-file FILE]
               [--public-origin https://hq.example.jp]   (or HQ_PUBLIC_ORIGIN; required off loopback)
               [--allow-first-use-of-new-document-kind]   (docs/policy.md, "Identity at an unmanned machine"; off by default)
               [--bureau-url URL --bureau-key-file PEM [--bureau-lender-id ID] [--bureau-timeout-ms N]]   (or HQ_BUREAU_URL, ...; docs/hq.md)
  npm run hq -- seed [--data DIR] [--reset]
  npm run hq -- migrate [--data DIR]
  npm run hq -- keys [--data DIR]      HQ's public keys, to pin as "hq": { "keys": ... } in kiosk configs
  npm run hq -- keys init [--secrets DIR | --data DIR]   create HQ's shared secrets once (never replaces one)
  npm run hq -- keys rotate [--secrets DIR | --data DIR]  add a next PIN and receipt key, published beside the active ones
  npm run hq -- keys retire --key-id ID [--key-id ID]     retire keys; an active one hands over to the next (docs/hq.md, "Keys")
  npm run hq -- keys pvv-rotate --pvv-keys FILE   create the PIN verification key file, or put a new key first in it
  npm run hq -- keys pvv-usage [--data DIR]       cards per stored PIN form (scrypt, pvv:KEY_ID): when an old key may go
--pvv-keys FILE (or HQ_PVV_KEYS_FILE, or the keys in HQ_PVV_KEYS_HEX): store PINs as keyed verification values
(design B, docs/hq.md "PIN verification at fleet scale"); the file must not be in the secrets folder.
HQ_DATABASE_URL=postgres://... selects PostgreSQL; HQ then needs its shared secrets from --secrets DIR
(or HQ_SECRETS_DIR, default --data DIR/keys) or HQ_PEPPER_HEX, HQ_PIN_PRIVATE_KEY_PEM,
HQ_RECEIPT_PRIVATE_KEY_PEM, HQ_ADMIN_TOKEN, and refuses to start without them.
Behind a load balancer: --trust-proxy true|HOPS|ADDR,... (HQ_TRUST_PROXY) and
--public-origin https://hq.example (HQ_PUBLIC_ORIGIN): the origin kiosks sign for and the console's origin check.
GET /metrics answers loopback only, or the bearer token in HQ_METRICS_TOKEN when set.
HQ_INGEST_CONCURRENCY (default 4; also the ingest pool's size on PostgreSQL) and
HQ_INTERACTIVE_CONCURRENCY (default 256) bound requests in flight; HQ_INGEST_QUEUE (16) pushes may wait up to
HQ_BUDGET_QUEUE_WAIT_MS (1000) for an ingest slot; beyond that: 429 busy with Retry-After.
HQ_ACCEPT_V1_UNTIL=2027-01-31T00:00:00Z accepts KIOSK-REQUEST-V1 signatures until then (default: never).
HQ_TLS_CERT=FILE HQ_TLS_KEY=FILE [HQ_TLS_CLIENT_CA=FILE] serve https (mutual TLS with the CA). docs/hq.md, "The HQ link".
Alerts: HQ_ALERT_WEBHOOK_URL + HQ_ALERT_WEBHOOK_SECRET (or SECRETS/alert-webhook-secret), HQ_ALERT_SILENT_MINUTES,
HQ_ALERT_DEVICE_FAULT_MINUTES, HQ_ALERT_JOURNAL_LAG_MINUTES, HQ_ALERT_INTERVAL_SECONDS. Console single sign-on: HQ_OIDC_ISSUER,
HQ_OIDC_CLIENT_ID, HQ_OIDC_CLIENT_SECRET (or SECRETS/oidc-client-secret), [HQ_OIDC_REDIRECT_URI] [HQ_OIDC_LOGIN_CLAIM]. docs/hq.md.
HQ_UPDATES_PUBLIC_KEY_FILE=PEM HQ_UPDATES_DIR=DIR publish signed updates (docs/deploy.md, "Updates"; npm run release).
  npm run hq -- operators add --login L --name N --role viewer|operator|administrator [--data DIR]
                                       a console operator (the first administrator); password on stdin
  npm run hq -- journal archive --before YYYY-MM --out DIR [--data DIR]
                                       write each journal month before YYYY-MM (JST) to DIR, verify, drop its partition
Retention (docs/hq.md, "Bounded growth"): HQ_RETAIN_SESSIONS_DAYS (90), HQ_RETAIN_DIAGNOSTICS_DAYS (90),
HQ_RETAIN_STATUS_HISTORY_DAYS (8), HQ_RETAIN_OPERATION_LOG_DAYS (off; at least 3653), HQ_JOURNAL_PARTITIONS_AHEAD (2).
`);
  process.exit(0);
}
if (values.memory && values.data) fail('--data and --memory exclude each other');
const dataDir = values.memory ? undefined : values.data ?? DEFAULT_DATA_DIR;
const databaseUrl = process.env.HQ_DATABASE_URL || undefined;
const command = positionals[0] ?? 'serve';
const secretsFolder = values.secrets ?? (process.env.HQ_SECRETS_DIR || undefined);
const trustProxy = parseTrustProxy(values['trust-proxy'] ?? (process.env.HQ_TRUST_PROXY || undefined));
const originSetting = values['public-origin'] ?? (process.env.HQ_PUBLIC_ORIGIN || undefined);
const parsedOrigin = originSetting === undefined ? undefined : parsePublicOrigin(originSetting);
if (parsedOrigin && !parsedOrigin.ok) fail(`HQ_PUBLIC_ORIGIN / --public-origin: ${parsedOrigin.problem}`);
const publicOrigin = parsedOrigin?.ok ? parsedOrigin.origin : undefined;
const store = { databaseUrl, dataDir, ...(secretsFolder ? { secretsDir: secretsFolder } : {}) };
const pvvKeysFile = values['pvv-keys'];

/** `true`/`false`, a hop count, or a comma-separated list of proxy addresses or CIDRs (Fastify's trustProxy). */
function parseTrustProxy(text: string | undefined): boolean | number | string[] | undefined {
  if (text === undefined) return undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0 || list.some((s) => !/^[0-9a-fA-F.:/]+$/.test(s))) fail('--trust-proxy must be true, false, a hop count or addresses/CIDRs separated by commas');
  return list;
}

/** `{ [key]: n }` from a positive integer in the environment variable, `{}` when unset. */
function positiveEnv<K extends string>(name: string, key: K, orZero = false): Partial<Record<K, number>> {
  const text = process.env[name];
  if (!text) return {};
  if (!(orZero ? /^(0|[1-9]\d{0,4})$/ : /^[1-9]\d{0,4}$/).test(text)) fail(`${name} must be a ${orZero ? 'non-negative' : 'positive'} integer`);
  return { [key]: Number(text) } as Partial<Record<K, number>>;
}

/** HQ_UPDATES_PUBLIC_KEY_FILE and HQ_UPDATES_DIR (updates-env.ts); a bad pair ends the start naming them. */
function updatesOption(): { updates?: NonNullable<ReturnType<typeof updatesSettingsFromEnv>> } {
  try {
    const updates = updatesSettingsFromEnv(process.env);
    return updates ? { updates } : {};
  } catch (error) {
    fail((error as Error).message);
  }
}

function startFailed(error: unknown): never {
  if (error instanceof MissingSecretsError || error instanceof PinVerificationKeysError) fail(error.message);
  throw error;
}
const lockThreshold = values['lock-threshold'] === undefined ? undefined : Number(values['lock-threshold']);
const policy = HqPolicy.safeParse(lockThreshold === undefined ? {} : { lockThreshold });
if (!policy.success) fail('--lock-threshold must be 3, 4 or 5');

switch (command) {
  case 'serve': {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) fail('--port must be 0 to 65535');
    const enroll = values.enroll.map((spec) => {
      const match = /^([A-Z0-9][A-Z0-9-]{2,31})=(.+)$/.exec(spec);
      if (!match) fail(`--enroll ${spec}: expected KIOSK_ID=PUBLIC_KEY_PEM_FILE`);
      return { kioskId: match[1]!, publicKeyPemFile: match[2]! };
    });
    const clockFile = values['clock-offset-file'];
    const v1Setting = process.env.HQ_ACCEPT_V1_UNTIL || undefined;
    const acceptV1Until = v1Setting === undefined ? undefined : new Date(v1Setting);
    if (v1Setting !== undefined && (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v1Setting) || Number.isNaN(acceptV1Until!.getTime()))) {
      fail(`HQ_ACCEPT_V1_UNTIL=${v1Setting}: expected an ISO 8601 date or date-time, e.g. 2027-01-31T00:00:00+09:00`);
    }
    let tls;
    try {
      tls = hqTlsFromEnv(process.env);
    } catch (error) {
      fail((error as Error).message);
    }
    let bureau: BureauSettings | null;
    try {
      bureau = bureauSettingsFrom({
        url: values['bureau-url'], keyFile: values['bureau-key-file'], lenderId: values['bureau-lender-id'], timeoutMs: values['bureau-timeout-ms'],
      }, process.env);
    } catch (error) {
      fail((error as Error).message);
    }
    let retention;
    try {
      retention = retentionFromEnv(process.env);
    } catch (error) {
      fail((error as Error).message);
    }
    let hq;
    try {
      hq = await startHqServer({
        bureau,
        port, host: values.host, ...store, enroll, ...(pvvKeysFile ? { pvvKeysFile } : {}), lockThreshold: policy.data.lockThreshold,
        ...(trustProxy === undefined ? {} : { trustProxy }), ...(publicOrigin ? { publicOrigin } : {}),
        ...(process.env.HQ_METRICS_TOKEN ? { metricsToken: process.env.HQ_METRICS_TOKEN } : {}),
        ...updatesOption(),
        budgets: {
          ...positiveEnv('HQ_INGEST_CONCURRENCY', 'ingest'), ...positiveEnv('HQ_INTERACTIVE_CONCURRENCY', 'interactive'),
          ...positiveEnv('HQ_INGEST_QUEUE', 'ingestQueue', true), ...positiveEnv('HQ_BUDGET_QUEUE_WAIT_MS', 'queueWaitMs'),
        },
        retention,
        policy: { allowFirstUseOfNewDocumentKind: values['allow-first-use-of-new-document-kind'] },
        ...(clockFile ? { clock: offsetClock(clockFile) } : {}),
        ...(acceptV1Until ? { acceptV1Until } : {}),
        ...(tls ? { tls } : {}),
      });
    } catch (error) {
      // The start-up checks that name a setting (HQ_PUBLIC_ORIGIN off loopback, shared secrets) end with their message.
      if (error instanceof Error && /HQ_PUBLIC_ORIGIN/.test(error.message)) fail(error.message);
      startFailed(error);
    }
    const storeName = databaseUrl ? 'postgres' : dataDir ? `pglite ${join(dataDir, 'pglite')}` : 'pglite in memory';
    process.stdout.write(`HQ listening on ${hq.url} (store: ${storeName}${bureau ? `; credit bureau ${bureau.url}` : '; NO credit bureau: increases are refused'}${hq.seeded ? ', demo data loaded' : ''}; API docs ${hq.url}/docs; operator console ${hq.url}/console for named operators (the first administrator: "npm run hq -- operators add", or POST /admin/operators with the admin token ${secretsFolder ? `in ${join(secretsFolder, HQ_ADMIN_TOKEN_FILE)} (or HQ_ADMIN_TOKEN)` : dataDir ? `in ${adminTokenFile(dataDir)}` : 'that --memory keeps in memory only'})\n`);
    stopOnSignals({ name: 'hq', label: 'HQ', app: hq.app, close: () => hq.close() });
    break;
  }
  case 'seed': {
    const { db, secrets } = await openHqStore(store).catch(startFailed);
    try {
      if (values.reset) await clearAccounts(db);
      const pinVerification = (() => {
        try {
          return loadPinVerificationKeys({ ...(pvvKeysFile ? { file: pvvKeysFile } : {}), ...(secretsFolder ?? dataDir ? { secretsDir: secretsFolder ?? secretsDir(dataDir!) } : {}) });
        } catch (error) {
          return fail((error as Error).message);
        }
      })();
      const seeded = await seedDemoData(db, deriveKeys(secrets.pepper, pinVerification), { lockThreshold: policy.data.lockThreshold });
      process.stdout.write(seeded ? 'demo data loaded\n' : 'demo data already present (use --reset to reload it)\n');
    } finally {
      await db.close();
    }
    break;
  }
  case 'migrate': {
    // Migrations need no secret: a deploy step may run them before any instance holds the secrets.
    const db = await openHqDb(store);
    await db.close();
    process.stdout.write('migrations applied\n');
    break;
  }
  case 'keys': {
    if (positionals[1] === 'init') {
      const dir = secretsFolder ?? (dataDir ? secretsDir(dataDir) : undefined);
      if (!dir) fail('keys init needs --secrets DIR (or --data DIR): secrets made with --memory would be lost');
      try {
        initSharedSecrets(dir);
      } catch (error) {
        fail((error as Error).message);
      }
      process.stdout.write(`HQ's shared secrets created in ${dir}: give every instance this folder (or its values in HQ_PEPPER_HEX, HQ_PIN_PRIVATE_KEY_PEM, HQ_RECEIPT_PRIVATE_KEY_PEM, HQ_ADMIN_TOKEN)\n`);
      break;
    }
    if (positionals[1] === 'rotate' || positionals[1] === 'retire') {
      const dir = secretsFolder ?? (dataDir ? secretsDir(dataDir) : undefined);
      if (!dir) fail(`keys ${positionals[1]} needs --secrets DIR (or --data DIR)`);
      try {
        process.stdout.write(keySetCommand(positionals[1], dir, hqSecrets(store).keys, values['key-id']));
      } catch (error) {
        fail((error as Error).message);
      }
      break;
    }
    if (positionals[1] === 'pvv-rotate') {
      const file = pvvKeysFile ?? (process.env.HQ_PVV_KEYS_FILE || undefined);
      if (!file) fail('keys pvv-rotate needs --pvv-keys FILE (or HQ_PVV_KEYS_FILE), outside the secrets folder');
      try {
        const rotated = rotatePinVerificationKeys(file);
        process.stdout.write(`PIN verification key ${rotated.keyId} is now the current one in ${file} (live: ${rotated.keyIds.join(', ')}); restart every HQ instance with the same file. Older keys keep verifying until \`keys pvv-usage\` shows no card under them.\n`);
      } catch (error) {
        fail((error as Error).message);
      }
      break;
    }
    if (positionals[1] === 'pvv-usage') {
      const db = await openHqDb(store);
      try {
        process.stdout.write(`${JSON.stringify(await pinHashUsage(db))}\n`);
      } finally {
        await db.close();
      }
      break;
    }
    if (positionals[1] !== undefined) fail(`unknown keys command ${positionals[1]} (init, rotate, retire, pvv-rotate, pvv-usage, or nothing to print the public keys)`);
    if (!dataDir && !secretsFolder) fail('keys needs --data DIR: keys made with --memory live only as long as that server');
    const secrets = (() => {
      try {
        return hqSecrets(store);
      } catch (error) {
        return startFailed(error);
      }
    })();
    process.stdout.write(`${JSON.stringify({ hq: { keys: hqKeysResponse(secrets.keys) } }, null, 2)}\n`);
    break;
  }
  case 'operators': {
    if (positionals[1] !== 'add') fail('operators: the one subcommand is add');
    const input = NewOperator.safeParse({ login: values.login, displayName: values.name, role: values.role, password: readFileSync(0, 'utf8').replace(/\r?\n$/, '') });
    if (!input.success) fail(`operators add: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    // The database only: an operator account needs no secrets (HQ on PostgreSQL keeps them apart, issue 19).
    const db = await openHqDb(store);
    try {
      const now = new Date();
      const created = await db.transaction(async (tx) => {
        const operator = await createOperator(tx, input.data, now);
        if (operator) await logOperation(tx, { at: now, kioskId: null, sessionId: null, operation: 'operatorAccount', outcome: 'created', detail: { via: 'cli', subject: operator.operatorId, login: operator.login, role: operator.role } });
        return operator;
      });
      if (!created) fail(`operators add: the login ${input.data.login} is taken`);
      process.stdout.write(`operator ${created.login} (${created.role}) created\n`);
    } finally {
      await db.close();
    }
    break;
  }
  case 'journal': {
    const db = await openHqDb(store);
    try {
      const result = await runJournalCommand(db, positionals[1], { before: values.before, out: values.out }, new Date());
      process.stdout.write(result.output);
      if (result.exitCode !== 0) process.exitCode = result.exitCode;
    } finally {
      await db.close();
    }
    break;
  }
  default:
    fail(`unknown command ${command} (serve, seed, migrate, keys, operators, journal)`);
}

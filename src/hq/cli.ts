/**
 * `npm run hq -- [--port N] [--host H] [--data DIR | --memory] [--enroll KIOSK_ID=PUBLIC_KEY_PEM_FILE ...] [--lock-threshold 3..5]`
 *   serve; prints a line with `http://127.0.0.1:N` when ready (port 0 picks a free port)
 * `npm run hq -- seed [--data DIR] [--reset]`   load the demo cast (docs/hq.md)
 * `npm run hq -- migrate [--data DIR]`          apply pending migrations
 * `npm run hq -- keys [--data DIR]`             print HQ's public keys as the
 *   kiosk config's `hq.keys` (pin them there in production, docs/hq.md)
 * `npm run hq -- operators add --login L --name N --role viewer|operator|administrator [--data DIR]`
 *   create a console operator (the first administrator); the password is read from stdin
 *
 * HQ_DATABASE_URL selects PostgreSQL; otherwise PGlite in DIR/pglite (default
 * `.data/hq`, the kiosk's embedded HQ folder) or in memory. HQ's keys,
 * pepper and admin token live in DIR/keys (in memory with --memory).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HqPolicy } from './config/hq-policy';
import { deriveKeys } from './keys/derived-keys';
import { adminTokenFile, hqKeysResponse, loadOrCreateSecrets, secretsDir } from './keys/hq-keys';
import { logOperation } from './operation-log';
import { createOperator, NewOperator } from './operators/operator-accounts';
import { clearAccounts, seedDemoData } from './seed/seed-demo';
import { openHqStore, startHqServer } from './server';
import { stopOnSignals } from '../server-kit/serve';

const DEFAULT_DATA_DIR = '.data/hq';

/**
 * Development only: the embedded HQ shares the kiosk simulator's clock, a
 * millisecond offset in a file, so trying hours and maintenance from the
 * simulator panel moves HQ's rules (closing-time limit reviews) too.
 */
function offsetClock(file: string): () => Date {
  return () => {
    let offset = 0;
    try {
      offset = Number(readFileSync(file, 'utf8')) || 0;
    } catch {
      offset = 0;
    }
    return new Date(Date.now() + offset);
  };
}

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
    reset: { type: 'boolean', default: false },
    login: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(`usage:
  npm run hq -- [--port N] [--host H] [--data DIR | --memory] [--enroll KIOSK_ID=PEM_FILE ...] [--lock-threshold 3..5] [--clock-offset-file FILE]
               [--allow-first-use-of-new-document-kind]   (docs/policy.md, "Identity at an unmanned machine"; off by default)
  npm run hq -- seed [--data DIR] [--reset]
  npm run hq -- migrate [--data DIR]
  npm run hq -- keys [--data DIR]      HQ's public keys, to pin as "hq": { "keys": ... } in kiosk configs
  npm run hq -- operators add --login L --name N --role viewer|operator|administrator [--data DIR]
                                       a console operator (the first administrator); password on stdin
HQ_DATABASE_URL=postgres://... selects PostgreSQL (keys still in --data DIR/keys).
`);
  process.exit(0);
}
if (values.memory && values.data) fail('--data and --memory exclude each other');
const dataDir = values.memory ? undefined : values.data ?? DEFAULT_DATA_DIR;
const databaseUrl = process.env.HQ_DATABASE_URL || undefined;
const command = positionals[0] ?? 'serve';
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
    const hq = await startHqServer({
      port, host: values.host, databaseUrl, dataDir, enroll, lockThreshold: policy.data.lockThreshold,
      policy: { allowFirstUseOfNewDocumentKind: values['allow-first-use-of-new-document-kind'] },
      ...(clockFile ? { clock: offsetClock(clockFile) } : {}),
    });
    const store = databaseUrl ? 'postgres' : dataDir ? `pglite ${join(dataDir, 'pglite')}` : 'pglite in memory';
    process.stdout.write(`HQ listening on ${hq.url} (store: ${store}${hq.seeded ? ', demo data loaded' : ''}; API docs ${hq.url}/docs; operator console ${hq.url}/console for named operators (the first administrator: "npm run hq -- operators add", or POST /admin/operators with the admin token ${dataDir ? `in ${adminTokenFile(dataDir)}` : 'that --memory keeps in memory only'})\n`);
    stopOnSignals({ name: 'hq', label: 'HQ', app: hq.app, close: () => hq.close() });
    break;
  }
  case 'seed': {
    const { db, secrets } = await openHqStore({ databaseUrl, dataDir });
    try {
      if (values.reset) await clearAccounts(db);
      const seeded = await seedDemoData(db, deriveKeys(secrets.pepper), { lockThreshold: policy.data.lockThreshold });
      process.stdout.write(seeded ? 'demo data loaded\n' : 'demo data already present (use --reset to reload it)\n');
    } finally {
      await db.close();
    }
    break;
  }
  case 'migrate': {
    const { db } = await openHqStore({ databaseUrl, dataDir });
    await db.close();
    process.stdout.write('migrations applied\n');
    break;
  }
  case 'keys': {
    if (!dataDir) fail('keys needs --data DIR: keys made with --memory live only as long as that server');
    const secrets = loadOrCreateSecrets(secretsDir(dataDir));
    process.stdout.write(`${JSON.stringify({ hq: { keys: hqKeysResponse(secrets.keys) } }, null, 2)}\n`);
    break;
  }
  case 'operators': {
    if (positionals[1] !== 'add') fail('operators: the one subcommand is add');
    const input = NewOperator.safeParse({ login: values.login, displayName: values.name, role: values.role, password: readFileSync(0, 'utf8').replace(/\r?\n$/, '') });
    if (!input.success) fail(`operators add: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { db } = await openHqStore({ databaseUrl, dataDir });
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
  default:
    fail(`unknown command ${command} (serve, seed, migrate, keys, operators)`);
}

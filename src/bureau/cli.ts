/**
 * `npm run bureau -- [--port N] [--data DIR | --memory] [--database-url URL] [--enroll LENDER_ID=PEM_FILE ...] [--no-seed]`
 *   serve on 127.0.0.1; prints a line with `http://127.0.0.1:N` when ready (port 0 picks a free port)
 * `npm run bureau -- enroll-lender --id LENDER_ID --public-key PEM_FILE [--name NAME] [--replace]`
 * `npm run bureau -- seed [--reset]`   load the demo records (docs/bureau.md)
 * `npm run bureau -- migrate`          apply pending migrations
 *
 * `--database-url` (or BUREAU_DATABASE_URL, which keeps a password out of
 * the process list) selects PostgreSQL; otherwise PGlite in DIR/pglite
 * (default `.data/bureau`) or in memory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LENDER_ID_PATTERN } from '../shared/bureau-api/common';
import { FolderInUseError } from './db/folder-lock';
import { ed25519PublicKeyPem, enrollLender, LenderEnrolmentError } from './lenders/lender-admin';
import { clearRecords, seedBureauDemo } from './seed/seed-bureau';
import { openBureauStore, startBureauServer } from './server';
import { stopOnSignals } from '../server-kit/serve';
import { offsetClock } from '../server-kit/offset-clock';

const DEFAULT_DATA_DIR = '.data/bureau';
const DEFAULT_PORT = '8471';

function fail(message: string): never {
  process.stderr.write(`bureau: ${message}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', default: DEFAULT_PORT },
      data: { type: 'string' },
      memory: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      enroll: { type: 'string', multiple: true, default: [] },
      'no-seed': { type: 'boolean', default: false },
      'clock-offset-file': { type: 'string' },
      id: { type: 'string' },
      'public-key': { type: 'string' },
      name: { type: 'string' },
      replace: { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
} catch (error) {
  fail(`${(error as Error).message} (--help lists the options)`);
}
const { values, positionals } = parsed;

if (values.help) {
  process.stdout.write(`usage:
  npm run bureau -- [--port N] [--data DIR | --memory] [--database-url URL] [--enroll LENDER_ID=PEM_FILE ...] [--no-seed] [--clock-offset-file FILE]
  npm run bureau -- enroll-lender --id LENDER_ID --public-key PEM_FILE [--name NAME] [--replace] [--data DIR | --database-url URL]
  npm run bureau -- seed [--reset] [--data DIR | --database-url URL]
  npm run bureau -- migrate [--data DIR | --database-url URL]
Listens on 127.0.0.1 only. BUREAU_DATABASE_URL=postgres://... works like --database-url.
PGlite (the default, in ${DEFAULT_DATA_DIR}) is one process at a time: stop the bureau before enroll-lender, seed or migrate on its folder.
`);
  process.exit(0);
}

if (values.memory && values.data) fail('--data and --memory exclude each other');
const databaseUrl = values['database-url'] || process.env.BUREAU_DATABASE_URL || undefined;
if (databaseUrl && values.memory) fail('--memory and a database URL exclude each other');
const dataDir = values.memory || databaseUrl ? undefined : values.data ?? DEFAULT_DATA_DIR;
const command = positionals[0] ?? 'serve';
const storeName = databaseUrl ? 'postgres' : dataDir ? `pglite ${join(dataDir, 'pglite')}` : 'pglite in memory';

async function serve(): Promise<void> {
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) fail('--port must be 0 to 65535');
  const enroll = values.enroll.map((spec) => {
    const match = /^([^=]+)=(.+)$/.exec(spec);
    if (!match || !LENDER_ID_PATTERN.test(match[1]!)) fail(`--enroll ${spec}: expected LENDER_ID=PUBLIC_KEY_PEM_FILE (id: 3 to 32 of A-Z, 0-9 and -)`);
    return { lenderId: match[1]!, publicKeyPemFile: match[2]! };
  });
  const clockFile = values['clock-offset-file'];
  // Development only: the embedded bureau shares the kiosk simulator's clock with the embedded HQ (server-kit/offset-clock.ts).
  const bureau = await startBureauServer({ port, databaseUrl, dataDir, enroll, ...(values['no-seed'] ? { seedWhenEmpty: false } : {}), ...(clockFile ? { clock: offsetClock(clockFile) } : {}) });
  const enrolled = bureau.enrolled.map((e) => e.lenderId).join(', ');
  process.stdout.write(`bureau listening on ${bureau.url} (store: ${storeName}${bureau.seeded ? ', demo records loaded' : ''}${enrolled ? `; enrolled: ${enrolled}` : ''}; API docs ${bureau.url}/docs)\n`);
  stopOnSignals({ name: 'bureau', label: 'bureau', app: bureau.app, close: () => bureau.close() });
}

function needsLastingStore(): void {
  if (!databaseUrl && !dataDir) fail(`${command} with --memory would change a store that disappears at once: use --data DIR or a database URL`);
}

async function withStore(work: (db: Awaited<ReturnType<typeof openBureauStore>>) => Promise<void>): Promise<void> {
  needsLastingStore();
  const db = await openBureauStore({ databaseUrl, dataDir });
  try {
    await work(db);
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  switch (command) {
    case 'serve':
      return serve();
    case 'enroll-lender': {
      const lenderId = values.id;
      const keyFile = values['public-key'];
      if (!lenderId || !keyFile) fail('enroll-lender needs --id LENDER_ID and --public-key PEM_FILE');
      if (!LENDER_ID_PATTERN.test(lenderId)) fail('--id: 3 to 32 of A-Z, 0-9 and -');
      needsLastingStore();
      let pem: string;
      try {
        pem = readFileSync(keyFile, 'utf8');
      } catch {
        fail(`cannot read ${keyFile}`);
      }
      ed25519PublicKeyPem(pem); // a wrong key is refused before the store is opened (a new PGlite folder takes a while)
      return withStore(async (db) => {
        const outcome = await enrollLender(db, { lenderId, publicKeyPem: pem, replace: values.replace, ...(values.name ? { name: values.name } : {}) });
        const said = { enrolled: 'enrolled', keyReplaced: 'key replaced', alreadyEnrolled: 'already enrolled with this key' }[outcome];
        process.stdout.write(`lender ${lenderId}: ${said} (store: ${storeName})\n`);
      });
    }
    case 'seed':
      return withStore(async (db) => {
        if (values.reset) await clearRecords(db);
        const seeded = await seedBureauDemo(db);
        process.stdout.write(seeded ? 'demo records loaded\n' : 'the bureau already holds records (use --reset to replace them with the demo records)\n');
      });
    case 'migrate':
      return withStore(async () => {
        process.stdout.write('migrations applied\n');
      });
    default:
      fail(`unknown command ${command} (serve, enroll-lender, seed, migrate)`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof LenderEnrolmentError || error instanceof FolderInUseError) fail(error.message);
  process.stderr.write(`bureau: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});

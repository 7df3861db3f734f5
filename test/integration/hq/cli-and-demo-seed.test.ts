/**
 * `npm run hq` as the kiosk's `npm start` uses it: a real child process,
 * the demo cast seeded, the demo kiosk enrolled, a clean stop on SIGTERM;
 * and `migrate` + `seed` + serve on real PostgreSQL through HQ_DATABASE_URL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/main/config/load-config';
import { HqClient } from '../../../src/main/hq-client/hq-client';
import { trustHqKeys } from '../../../src/main/hq-client/trusted-hq-keys';
import { demoPerson } from '../../../src/shared/demo/demo-people';
import { createTestDatabase } from '../../support/postgres-database';
import { demoPin } from '../../../src/hq/seed/seed-demo';

const ROOT = resolve(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/hq/cli.ts');

interface RunningCli { child: ChildProcess; url: string; output: () => string }

function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningCli> {
  const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env: { ...process.env, HQ_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match && Number(match[1]) > 0) resolvePromise({ child, url: match[0], output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`hq exited with ${code} before it was ready:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolvePromise) => {
    child.once('exit', (code) => resolvePromise(code));
    child.kill('SIGTERM');
  });
}

function demoKioskKey(dir: string): { key: KeyObject; pemFile: string } {
  const pair = generateKeyPairSync('ed25519');
  const pemFile = join(dir, 'kiosk.pub.pem');
  writeFileSync(pemFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  return { key: pair.privateKey, pemFile };
}

const pin = (digits: string) => Buffer.from(digits, 'latin1');

describe('npm run hq with the embedded store (PGlite in memory)', () => {
  let dir: string;
  let cli: RunningCli;
  let client: HqClient;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hq-cli-'));
    const kiosk = demoKioskKey(dir);
    cli = await startCli(['--memory', '--port', '0', '--enroll', `KIOSK-DEMO-01=${kiosk.pemFile}`]);
    client = new HqClient({ baseUrl: cli.url, kioskId: 'KIOSK-DEMO-01', privateKey: kiosk.key });
  });
  afterAll(async () => {
    if (cli?.child.exitCode === null) await stop(cli.child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its URL and loads the demo cast', () => {
    expect(cli.output()).toMatch(/HQ listening on http:\/\/127\.0\.0\.1:\d+ .*demo data loaded/);
  });

  it.each([
    ['yamada', 'ok'],
    ['sato', 'ok'],
    ['suzuki', 'suspended'],
    ['tanaka', 'captureCard'],
    ['takahashi', 'locked'],
  ] as const)('answers %s\'s card with the right PIN as in the demo table: %s', async (key, outcome) => {
    const r = await client.authenticateCard({ sessionId: randomUUID(), cardNumber: demoPerson(key).cardNumber!, pinDigits: pin(demoPin(key)) });
    expect(r.ok && r.value.outcome).toBe(outcome);
  });

  it('knows branch staff and the technician by role', async () => {
    const staff = await client.authenticateCard({ sessionId: randomUUID(), cardNumber: demoPerson('ito').cardNumber!, pinDigits: pin(demoPin('ito')) });
    expect(staff.ok && staff.value.outcome === 'ok' && staff.value.holder).toMatchObject({ kind: 'operator', role: 'staff', name: '伊藤 誠', permissions: expect.arrayContaining(['unlockCustomerAccount']) });
    const tech = await client.authenticateCard({ sessionId: randomUUID(), cardNumber: demoPerson('watanabe').cardNumber!, pinDigits: pin(demoPin('watanabe')) });
    expect(tech.ok && tech.value.outcome === 'ok' && tech.value.holder).toMatchObject({ kind: 'operator', role: 'technician', permissions: expect.arrayContaining(['runDiagnostics']) });
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await stop(cli.child)).toBe(0);
  });
});

describe('npm run hq with PIN verification keys (design B, docs/hq.md)', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'hq-cli-pvv-')); });
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  it('rotates the key file, refuses one beside the pepper, seeds PINs as PVVs and counts them', async () => {
    const run = (args: string[]) => spawnSync(TSX, [CLI, ...args], { cwd: ROOT, env: { ...process.env, HQ_LOG_LEVEL: 'warn' }, encoding: 'utf8' });
    const file = join(dir, 'pvv.keys');
    const first = run(['keys', 'pvv-rotate', '--pvv-keys', file]);
    expect(first.status).toBe(0);
    const firstId = /key ([0-9a-f]{8}) is now the current one/.exec(first.stdout)?.[1];
    expect(firstId).toBeDefined();
    const second = run(['keys', 'pvv-rotate', '--pvv-keys', file]);
    const secondId = /key ([0-9a-f]{8}) is now the current one/.exec(second.stdout)?.[1];
    expect(second.stdout).toContain(`live: ${secondId}, ${firstId}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(run(['keys', 'pvv-rotate']).stderr).toContain('needs --pvv-keys FILE');

    const data = join(dir, 'hq');
    expect(run(['seed', '--data', data, '--pvv-keys', file]).stdout).toContain('demo data loaded');
    const usage = JSON.parse(run(['keys', 'pvv-usage', '--data', data]).stdout) as Record<string, number>;
    expect(Object.keys(usage)).toEqual([`pvv:${secondId}`]);
    expect(usage[`pvv:${secondId}`]).toBeGreaterThan(5);

    // The key file copied into the secrets folder, beside the pepper: refused, naming the setting.
    const beside = join(data, 'keys', 'pvv.keys');
    copyFileSync(file, beside);
    const refused = run(['--data', data, '--port', '0', '--pvv-keys', beside]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('HQ_PVV_KEYS_FILE / --pvv-keys');
    expect(refused.stderr).toContain('beside the pepper');

    // Served with the file: the demo cast's PINs verify as keyed values.
    const kiosk = demoKioskKey(dir);
    const cli = await startCli(['--data', data, '--port', '0', '--pvv-keys', file, '--enroll', `KIOSK-DEMO-01=${kiosk.pemFile}`]);
    try {
      const client = new HqClient({ baseUrl: cli.url, kioskId: 'KIOSK-DEMO-01', privateKey: kiosk.key });
      const r = await client.authenticateCard({ sessionId: randomUUID(), cardNumber: demoPerson('yamada').cardNumber!, pinDigits: pin(demoPin('yamada')) });
      expect(r.ok && r.value.outcome).toBe('ok');
    } finally {
      expect(await stop(cli.child)).toBe(0);
    }
  }, 240_000);
});

describe('npm run hq on PostgreSQL (HQ_DATABASE_URL)', () => {
  let dir: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hq-cli-pg-'));
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, seeds, prints its keys for kiosks to pin, and serves the seeded cast to a kiosk that pinned them', async () => {
    const env = { ...process.env, HQ_DATABASE_URL: database.url };
    const run = (args: string[]) => spawnSync(TSX, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8' });
    expect(run(['migrate', '--data', dir]).stdout).toContain('migrations applied');
    // On a shared database HQ never invents its secrets: refused until `keys init` made them, once.
    const refused = run(['seed', '--data', dir]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('keys init');
    expect(run(['keys', 'init', '--data', dir]).stdout).toContain('shared secrets created');
    expect(run(['keys', 'init', '--data', dir]).stderr).toContain('never replaces a secret');
    expect(run(['seed', '--data', dir]).stdout).toContain('demo data loaded');
    // The printed block is a kiosk config fragment, checked as the kiosk checks its config.
    const printed = run(['keys', '--data', dir]);
    expect(printed.status).toBe(0);
    const pinnedKeys = parseConfig(JSON.parse(printed.stdout)).hq.keys!;
    const trusted = trustHqKeys(pinnedKeys);
    if (!trusted.ok) throw new Error(trusted.problems.join('; '));
    expect(run(['keys', '--memory']).stderr).toContain('keys needs --data DIR');
    const kiosk = demoKioskKey(dir);
    const cli = await startCli(['--data', dir, '--port', '0', '--enroll', `KIOSK-DEMO-01=${kiosk.pemFile}`], { HQ_DATABASE_URL: database.url });
    try {
      expect(cli.output()).toContain('store: postgres');
      const served = await new HqClient({ baseUrl: cli.url, kioskId: 'KIOSK-DEMO-01', privateKey: kiosk.key }).hqKeys();
      expect(served).toEqual({ ok: true, value: pinnedKeys });
      // A pinned kiosk never asks HQ for keys.
      const asked: string[] = [];
      const client = new HqClient({
        baseUrl: cli.url, kioskId: 'KIOSK-DEMO-01', privateKey: kiosk.key, pinnedKeys: trusted.keys,
        fetch: (input, init) => { asked.push(new URL(String(input)).pathname); return fetch(input, init); },
      });
      const r = await client.authenticateCard({ sessionId: randomUUID(), cardNumber: demoPerson('yamada').cardNumber!, pinDigits: pin(demoPin('yamada')) });
      expect(r.ok && r.value.outcome).toBe('ok');
      expect(asked).not.toContain('/v1/hq-keys');
    } finally {
      expect(await stop(cli.child)).toBe(0);
    }
  }, 240_000); // nine child processes (each a tsx start) on a loaded 2-core machine
});

/**
 * The bureau's command line as a real child process: the ready line, health, a
 * signed enquiry from a lender enrolled at start or by `enroll-lender`, a
 * clean stop on SIGTERM and SIGINT, one process at a time on a PGlite
 * folder, and `migrate` + `seed` + serve on real PostgreSQL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bureauDemoPerson } from '../../../src/bureau/seed/seed-bureau';
import { BureauClient } from '../../../src/shared/bureau-api/bureau-client';
import { DEMO_LENDER_ID } from '../../../src/shared/demo/demo-lenders';
import { createTestDatabase } from '../../support/postgres-database';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'src/bureau/cli.ts');
/**
 * `node --import tsx`, as the kiosk starts its embedded services, so the
 * signals reach the bureau itself. Through the `tsx` binary they pass a
 * relay that gives the child 60 ms to acknowledge and then SIGKILLs it
 * (exit 130): on a loaded machine that cuts a clean stop short.
 */
const NODE_ARGS = ['--import', 'tsx', CLI];

interface RunningCli { child: ChildProcess; url: string; output: () => string }

function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningCli> {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, env: { ...process.env, BUREAU_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match && Number(match[1]) > 0) resolvePromise({ child, url: match[0], output: () => output });
    });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`bureau exited with ${code} before it was ready:\n${output}`)));
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null) {
      resolvePromise(child.exitCode);
      return;
    }
    child.once('exit', (code) => resolvePromise(code));
    child.kill(signal);
  });
}

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, env: { ...process.env, BUREAU_LOG_LEVEL: 'warn', ...env }, encoding: 'utf8' });
}

function lenderKey(dir: string, name = 'lender.pub.pem'): { key: KeyObject; pemFile: string } {
  const pair = generateKeyPairSync('ed25519');
  const pemFile = join(dir, name);
  writeFileSync(pemFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  return { key: pair.privateKey, pemFile };
}

const client = (url: string, key: KeyObject) => new BureauClient({ baseUrl: url, lenderId: DEMO_LENDER_ID, sign: (m) => sign(null, m, key) });

async function satoElsewhere(url: string, key: KeyObject): Promise<number | string> {
  const answer = await client(url, key).enquire({ subject: bureauDemoPerson('sato').subject, purpose: 'limitIncrease' });
  return answer.ok ? answer.value.totals.totalVolume.atOtherLenders.balance : JSON.stringify(answer.error);
}

describe('npm run bureau in memory', () => {
  let dir: string;
  let cli: RunningCli;
  let key: KeyObject;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bureau-cli-'));
    const lender = lenderKey(dir);
    key = lender.key;
    cli = await startCli(['--memory', '--port', '0', '--enroll', `${DEMO_LENDER_ID}=${lender.pemFile}`]);
  });
  afterAll(async () => {
    if (cli) await stop(cli.child);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its URL on 127.0.0.1 with the demo records loaded and the lender enrolled', () => {
    expect(cli.output()).toMatch(/bureau listening on http:\/\/127\.0\.0\.1:\d+ \(store: pglite in memory, demo records loaded; enrolled: DEMO-LENDER;/);
  });

  it('answers health and a signed enquiry', async () => {
    expect(await (await fetch(`${cli.url}/health`)).json()).toEqual({ ok: true, service: 'bureau' });
    expect(await satoElsewhere(cli.url, key)).toBe(700_000);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await stop(cli.child, 'SIGTERM')).toBe(0);
  });
});

describe('npm run bureau on a PGlite folder', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'bureau-data-')); });
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  it('enrolls a lender by the admin step, serves it, keeps other processes off the folder, and stops on SIGINT', async () => {
    const data = join(dir, 'bureau');
    const lender = lenderKey(dir);
    const enrolled = run(['enroll-lender', '--id', DEMO_LENDER_ID, '--public-key', lender.pemFile, '--data', data]);
    expect(enrolled.stdout).toContain(`lender ${DEMO_LENDER_ID}: enrolled`);
    expect(enrolled.status).toBe(0);
    const cli = await startCli(['--data', data, '--port', '0']);
    try {
      expect(cli.output()).toContain('demo records loaded');
      expect(await satoElsewhere(cli.url, lender.key)).toBe(700_000);
      const beside = run(['enroll-lender', '--id', 'OTHER-LENDER', '--public-key', lender.pemFile, '--data', data]);
      expect(beside.status).toBe(2);
      expect(beside.stderr).toMatch(/in use by process \d+/);
    } finally {
      expect(await stop(cli.child, 'SIGINT')).toBe(0);
    }
    // Another key for an enrolled lender needs --replace; with it, the new key works after a restart.
    const second = lenderKey(dir, 'second.pub.pem');
    const refused = run(['enroll-lender', '--id', DEMO_LENDER_ID, '--public-key', second.pemFile, '--data', data]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--replace');
    expect(run(['enroll-lender', '--id', DEMO_LENDER_ID, '--public-key', second.pemFile, '--data', data, '--replace']).stdout).toContain('key replaced');
    const again = await startCli(['--data', data, '--port', '0']);
    try {
      expect(again.output()).not.toContain('demo records loaded');
      expect(await satoElsewhere(again.url, second.key)).toBe(700_000);
      expect(await satoElsewhere(again.url, lender.key)).toContain('authenticationFailed');
    } finally {
      expect(await stop(again.child)).toBe(0);
    }
  }, 240_000);

  it('refuses arguments it cannot use, saying why', () => {
    expect(run(['--port', 'eighty', '--memory']).stderr).toContain('--port');
    expect(run(['enroll-lender', '--id', DEMO_LENDER_ID, '--public-key', 'x.pem', '--memory']).stderr).toContain('--memory');
    const notEd25519 = join(dir, 'rsa.pem');
    writeFileSync(notEd25519, generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }));
    const rsa = run(['enroll-lender', '--id', 'RSA-LENDER', '--public-key', notEd25519, '--data', join(dir, 'other')]);
    expect(rsa.status).toBe(2);
    expect(rsa.stderr).toContain('not Ed25519');
  });
});

describe('npm run bureau on PostgreSQL', () => {
  let dir: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bureau-pg-'));
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, seeds, enrolls and serves through --database-url and BUREAU_DATABASE_URL', async () => {
    expect(run(['migrate', '--database-url', database.url]).stdout).toContain('migrations applied');
    expect(run(['seed', '--database-url', database.url]).stdout).toContain('demo records loaded');
    expect(run(['seed', '--database-url', database.url]).stdout).toContain('already holds records');
    const lender = lenderKey(dir);
    expect(run(['enroll-lender', '--id', DEMO_LENDER_ID, '--public-key', lender.pemFile], { BUREAU_DATABASE_URL: database.url }).stdout).toContain('enrolled');
    const cli = await startCli(['--port', '0'], { BUREAU_DATABASE_URL: database.url });
    try {
      expect(cli.output()).toContain('store: postgres');
      expect(await (await fetch(`${cli.url}/health`)).json()).toEqual({ ok: true, service: 'bureau' });
      expect(await satoElsewhere(cli.url, lender.key)).toBe(700_000);
    } finally {
      expect(await stop(cli.child)).toBe(0);
    }
  });
});

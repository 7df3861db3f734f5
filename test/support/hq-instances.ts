import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HQ_ADMIN_TOKEN_FILE } from '../../src/shared/hq-api/data-folder';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

/**
 * Several real HQ processes on one PostgreSQL database behind the test's own
 * round-robin proxy on loopback (issue 19, "A real multi-instance test"), set
 * up as docs/hq.md "Running HQ for a fleet" says an operator would:
 * - the shared secrets made once with `hq keys init --secrets DIR`, every
 *   instance started with that folder (`--secrets`) and `HQ_DATABASE_URL`;
 * - `--trust-proxy 127.0.0.1` and `--public-origin` the proxy's origin (the
 *   origin kiosks sign for, KIOSK-REQUEST-V2, and the console's origin check);
 * - each instance started as `npm run hq` starts it (`tsx src/hq/cli.ts`),
 *   all at once: migrations under their advisory lock;
 * - traffic only once each says it is ready (`/health/ready`).
 * Each instance's stdout and stderr are kept (its pino log) for the test.
 */
export interface HqInstance {
  /** Its own address (bypassing the proxy): /metrics answers loopback callers. */
  url: string;
  logs(): string;
  child: ChildProcess;
}

export interface HqInstances {
  /** The proxy's address: what kiosks are configured with. */
  url: string;
  proxy: FaultProxy;
  instances: HqInstance[];
  secretsDir: string;
  adminToken: string;
  close(): Promise<void>;
}

export interface HqInstancesOptions {
  databaseUrl: string;
  count?: number;
  /** Extra `hq` arguments for every instance (e.g. `--enroll`, `--bureau-url`). */
  args?: readonly string[];
  /** Runs once the secrets exist and before any instance starts (e.g. `hq seed` with them). */
  beforeStart?: (context: { secretsDir: string; run(args: readonly string[]): string }) => void | Promise<void>;
  /** HQ's log level (HQ_LOG_LEVEL); default info. */
  logLevel?: string;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

function hqEnv(databaseUrl: string, logLevel: string): NodeJS.ProcessEnv {
  // The shell's HQ_* settings never leak into the rig: each instance gets exactly the configuration below.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HQ_')));
  return { ...env, HQ_DATABASE_URL: databaseUrl, HQ_LOG_LEVEL: logLevel };
}

function startInstance(args: readonly string[], env: NodeJS.ProcessEnv): Promise<HqInstance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/hq/cli.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk: Buffer) => { out += chunk.toString(); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`HQ not listening in 120 s: ${out.slice(-2000)}`)), 120_000);
    const onData = () => {
      const match = /HQ listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolvePromise({ url: match[1]!, logs: () => out, child });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`HQ exited with ${code}: ${out.slice(-2000)}`)); });
  });
}

/**
 * Waits until the instance says it is ready (GET /health/ready 200), as a
 * load balancer would before sending it traffic: just after start, compiling
 * and migrating, its event loop lags and under-pressure answers 503.
 * A hang guard, not a timing assertion.
 */
async function ready(instance: HqInstance): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await fetch(`${instance.url}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`HQ at ${instance.url} not ready in 120 s (last status ${status}): ${instance.logs().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function startHqInstances(options: HqInstancesOptions): Promise<HqInstances> {
  const dir = mkdtempSync(join(tmpdir(), 'hq-instances-'));
  const secretsDir = join(dir, 'secrets');
  const env = hqEnv(options.databaseUrl, options.logLevel ?? 'info');
  const run = (args: readonly string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'src/hq/cli.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' });
  // The proxy first: its origin is the public origin every instance is told.
  const proxy = await startFaultProxy({ upstream: [] });
  const instances: HqInstance[] = [];
  try {
    run(['keys', 'init', '--secrets', secretsDir]);
    await options.beforeStart?.({ secretsDir, run });
    const args = ['--port', '0', '--secrets', secretsDir, '--data', join(dir, 'data'), '--trust-proxy', '127.0.0.1', '--public-origin', proxy.url, ...(options.args ?? [])];
    const started = await Promise.allSettled(Array.from({ length: options.count ?? 2 }, () => startInstance(args, env)));
    for (const s of started) if (s.status === 'fulfilled') instances.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    await Promise.all(instances.map(ready));
    proxy.setUpstream(instances.map((i) => i.url));
  } catch (error) {
    await Promise.all(instances.map((i) => stop(i.child)));
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: proxy.url,
    proxy,
    instances,
    secretsDir,
    adminToken: readFileSync(join(secretsDir, HQ_ADMIN_TOKEN_FILE), 'utf8').trim(),
    async close() {
      await proxy.close();
      await Promise.all(instances.map((i) => stop(i.child)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

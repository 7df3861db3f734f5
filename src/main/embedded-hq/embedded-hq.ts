/**
 * The embedded reference HQ for development and demos: the real HQ server
 * (src/hq, PGlite in a data folder) in a child process, so the kiosk talks to
 * it over HTTP exactly as it would to the production HQ, and HQ's code never
 * enters the kiosk's process (the layer rules keep src/main from importing
 * src/hq). The kiosk's public key is enrolled on start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../logging/logger';


/** The embedded reference HQ did not start (a start-up error class of its own: startup/startup-error.ts). */
export class EmbeddedHqError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedHqError';
  }
}

export interface EmbeddedHq {
  url: string;
  stop(): Promise<void>;
  /** Resolves when the child exits (crash or stop). */
  exited: Promise<number | null>;
}

export interface EmbeddedHqOptions {
  /** Repository root (the folder with src/hq/cli.ts and node_modules/tsx). */
  root: string;
  dataDir: string;
  kioskId: string;
  kioskPublicKeyPath: string;
  logger: Logger;
  readyTimeoutMs?: number;
  extraArgs?: string[];
}

export async function startEmbeddedHq(options: EmbeddedHqOptions): Promise<EmbeddedHq> {
  const args = ['--import', 'tsx', 'src/hq/cli.ts', '--port', '0', '--data', options.dataDir, '--enroll', `${options.kioskId}=${options.kioskPublicKeyPath}`, ...(options.extraArgs ?? [])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HQ_DATABASE_URL: '' } });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EmbeddedHqError(`embedded HQ not ready in ${options.readyTimeoutMs ?? 60_000} ms: ${stderr.trim().split('\n').pop() ?? ''}`));
    }, options.readyTimeoutMs ?? 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new EmbeddedHqError(`embedded HQ exited (${code}) before it was ready: ${stderr.trim().split('\n').pop() ?? ''}`));
    });
  });
  options.logger.info({ url }, 'embedded HQ ready');
  return {
    url,
    exited,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

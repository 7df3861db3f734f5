/**
 * A development service (the reference HQ or the reference credit bureau)
 * run as a child process from the repository's own CLI, so its code never
 * enters the kiosk's process (the layer rules keep src/main from importing
 * src/hq and src/bureau). Started with `node --import tsx`, not the `tsx`
 * binary, so SIGTERM reaches the service itself and a stop is clean
 * (docs/bureau.md, "Signals through tsx"). Ready when it prints its
 * http://127.0.0.1:N address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../logging/logger';

/** An embedded service (HQ or the bureau) did not start: a start-up error class of its own (startup/startup-error.ts). */
export class EmbeddedServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedServiceError';
  }
}

export interface ServiceProcess {
  url: string;
  stop(): Promise<void>;
  /** Resolves when the child exits (crash or stop). */
  exited: Promise<number | null>;
}

export interface ServiceProcessOptions {
  /** What the log and errors call it ("embedded HQ", "embedded bureau"). */
  name: string;
  /** Repository root (the folder with the CLI and node_modules/tsx). */
  root: string;
  /** The CLI script and its arguments. */
  args: string[];
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  readyTimeoutMs?: number;
}

export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...options.args], { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EmbeddedServiceError(`${options.name} not ready in ${readyTimeoutMs} ms: ${stderr.trim().split('\n').pop() ?? ''}`));
    }, readyTimeoutMs);
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
      reject(new EmbeddedServiceError(`${options.name} exited (${code}) before it was ready: ${stderr.trim().split('\n').pop() ?? ''}`));
    });
  });
  options.logger.info({ url }, `${options.name} ready`);
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

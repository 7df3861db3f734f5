import { spawn, type ChildProcess } from 'node:child_process';
import { test as base } from '@playwright/test';

/**
 * Starts the real web host (`npm run start:web`'s entry point) in a child
 * process for each test file and reads its ready line. Chromium then talks to
 * it exactly as a person's browser would.
 */
export interface KioskHost {
  url: string;
  origin: string;
  token: string;
  logs(): string;
}

export async function startKioskHost(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ host: KioskHost; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main/web-host/cli.ts', '--port', '0', ...extraArgs], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host not ready in 30 s: ${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(stdout);
      if (match) { clearTimeout(timer); resolve(match[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`web host exited ${code}: ${stderr}`)); });
  });
  const parsed = new URL(url);
  return {
    host: { url, origin: parsed.origin, token: parsed.hash.replace('#token=', ''), logs: () => stdout + stderr },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const test = base.extend<object, { kioskHost: KioskHost }>({
  kioskHost: [async ({}, use) => {
    const { host, stop } = await startKioskHost();
    await use(host);
    await stop();
  }, { scope: 'worker' }],
});
export { expect } from '@playwright/test';

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { HQ_ADMIN_TOKEN_FILE, HQ_SECRETS_FOLDER } from '../../src/shared/hq-api/data-folder';
import type { SimCommand, SimState } from '../../src/shared/sim/sim-commands';

/**
 * Starts the real web host (`npm run start:web`'s entry point) for each test,
 * with its own journal and a copy of the seeded embedded HQ, simulated
 * devices, and short flow timers. Chromium then talks to it exactly as a
 * person's browser would, and the test drives the simulated devices through
 * the same /sim API the simulator panel uses.
 */
export interface KioskHost {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  logs(): string;
  sim(command: SimCommand): Promise<void>;
  simState(): Promise<SimState>;
  /** The embedded HQ's address (from the kiosk's log) and admin token (from its key folder), for HQ's admin routes. */
  embeddedHq(): { url: string; adminToken: string };
  /**
   * Stops the embedded credit bureau (SIGTERM) and waits until it is gone, so
   * HQ's next enquiry finds nobody listening (issue 14, "bureau down"); the
   * kiosk and HQ keep running. A fixture of the tests only: no screen or
   * simulator control can do this.
   */
  stopEmbeddedBureau(): Promise<void>;
  /** Resolves with the web host's exit code when it stops by itself (a technician's exit, issue 8). */
  exited: Promise<number | null>;
}

export const E2E_TIMING = {
  inactivityMs: 4000,
  inactivityWarningSeconds: 3,
  takeCardSeconds: 4,
  noticeMs: 1500,
  goodbyeMs: 800,
  documentScanTimeoutMs: 8000,
};

/**
 * The demo kiosk keeps store hours (9:00-22:00 Tokyo, DOMAIN.md) and CI runs
 * at any hour: outside 9:30-20:30 Tokyo, or on New Year's Day (maintenance
 * all day), the simulated clock of the kiosk, its embedded HQ and bureau
 * starts at noon Tokyo of that day (the 2nd for New Year's Day), where no
 * maintenance window falls. Inside those hours the real clock is kept.
 * Specs that try hours and maintenance set the clock themselves; the
 * simulator's "real clock" returns to this start.
 */
export function storeHoursClockStart(now = new Date()): string | undefined {
  const tokyo = new Date(now.getTime() + 9 * 3_600_000);
  const minutes = tokyo.getUTCHours() * 60 + tokyo.getUTCMinutes();
  const newYear = tokyo.getUTCMonth() === 0 && tokyo.getUTCDate() === 1;
  if (!newYear && minutes >= 9 * 60 + 30 && minutes < 20 * 60 + 30) return undefined;
  const day = tokyo.toISOString().slice(0, 10).replace(/-01-01$/, '-01-02');
  return `${day}T12:00:00+09:00`;
}

export async function startKioskHost(request: APIRequestContext, overrides: Record<string, unknown> = {}): Promise<{ host: KioskHost; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const template = process.env.KIOSK_E2E_HQ_TEMPLATE;
  if (!template) throw new Error('KIOSK_E2E_HQ_TEMPLATE is not set: the e2e global setup did not run');
  cpSync(template, join(dataDir, 'hq'), { recursive: true });
  const { hq, ...rest } = overrides as { hq?: Record<string, unknown> };
  const config = { dataDir: join(dataDir, 'kiosk'), hq: { embeddedDataDir: join(dataDir, 'hq'), ...hq }, timing: E2E_TIMING, ...rest };
  writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify(config));
  // Only with the embedded HQ and bureau, which follow the simulated clock (a real HQ keeps its own).
  const clockStart = hq?.url ? undefined : storeHoursClockStart();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main/web-host/cli.ts', '--port', '0', '--simulate', '--config', join(dataDir, 'kiosk.json'),
    ...(clockStart ? ['--clock-start', clockStart] : [])], {
    env: { ...process.env, KIOSK_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host not ready in 150 s: ${stderr.slice(-2000)}`)), 150_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(stdout);
      if (match) { clearTimeout(timer); resolve(match[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`web host exited ${code}: ${stderr.slice(-2000)}`)); });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const parsed = new URL(url);
  const token = parsed.hash.replace('#token=', '');
  const headers = { Authorization: `Bearer ${token}` };
  const host: KioskHost = {
    url,
    origin: parsed.origin,
    token,
    dataDir,
    logs: () => stdout + stderr,
    exited,
    async sim(command) {
      const res = await request.post(`${parsed.origin}/sim/api/command`, { headers, data: command });
      const body = (await res.json()) as { ok: boolean; message: string };
      if (!body.ok) throw new Error(`simulator refused ${command.type}: ${body.message}`);
    },
    async simState() {
      return (await (await request.get(`${parsed.origin}/sim/api/state`, { headers })).json()) as SimState;
    },
    embeddedHq() {
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"embedded HQ ready"/.exec(stdout + stderr)?.[1];
      if (!url) throw new Error('the kiosk has not logged its embedded HQ\'s address');
      return { url, adminToken: readFileSync(join(dataDir, 'hq', HQ_SECRETS_FOLDER, HQ_ADMIN_TOKEN_FILE), 'utf8').trim() };
    },
    async stopEmbeddedBureau() {
      const pid = embeddedBureauPid(join(dataDir, 'hq'));
      process.kill(pid, 'SIGTERM');
      await expect.poll(() => existsSync(`/proc/${pid}`), { message: `the embedded bureau (pid ${pid}) did not stop` }).toBe(false);
    },
  };
  return {
    host,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The embedded bureau's process id, found by its command line (Linux /proc):
 * the bureau CLI with `--data` in this test's own HQ folder
 * (embedded-bureau.ts), so only this test's bureau can match.
 */
function embeddedBureauPid(hqDataDir: string): number {
  const bureauDir = join(hqDataDir, 'bureau');
  const found = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).filter((pid) => {
    let args: string[];
    try { args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch { return false; }
    return args.includes('src/bureau/cli.ts') && args[args.indexOf('--data') + 1] === bureauDir;
  });
  if (found.length !== 1) throw new Error(`expected one embedded bureau process for ${bureauDir}, found ${found.length}`);
  return Number(found[0]);
}

export const test = base.extend<{ kiosk: KioskHost }>({
  // Its own timeout: the web host starts the embedded HQ and the embedded credit bureau (two PGlite stores), slow on a loaded machine.
  kiosk: [async ({ request }, use, testInfo) => {
    const { host, stop } = await startKioskHost(request);
    await use(host);
    await stop();
    // The kiosk's and HQ's logs go with a failed test (they hold no secrets: see no-secrets-at-rest.spec.ts).
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('kiosk-and-hq.log', { body: host.logs(), contentType: 'text/plain' });
  }, { timeout: 180_000 }],
});

/** A kiosk screen by its `data-screen` name. */
export const screen = (page: Page, name: string) => page.locator(`[data-screen="${name}"]`);

/** Types a PIN on the on-screen keypad (found by its accessible name) and presses enter once it is enabled. */
export async function typePin(page: Page, digits: string): Promise<void> {
  const pad = page.getByRole('group', { name: /暗証番号の入力キー|PIN keypad/ });
  for (const digit of digits) await pad.getByRole('button', { name: digit, exact: true }).click();
  await expect(page.locator('[data-key="enter"]')).toBeEnabled();
  await page.locator('[data-key="enter"]').click();
}

/** A screenshot kept with the test's output (screens never show a PIN or a full card number). */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}

export { expect };

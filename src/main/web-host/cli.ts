/**
 * `npm run start:web -- [--port N] [--config FILE] [--open] [--simulate [--clock-start ISO]]`:
 * the web host alone. Prints one line with the URL when ready; stops cleanly
 * on SIGINT and SIGTERM. `--simulate` attaches the simulator panel
 * (`/sim.html`, `/sim/api/*`); it is refused when the config names real
 * devices (issue 15; simulate-option.ts). `npm start` passes it for the demo.
 *
 * A kiosk that cannot start (bad config, another kiosk's journal, bad pinned
 * keys, the embedded HQ failing) or fails later on an uncaught error serves
 * its out-of-service page instead of exiting (issue 16,
 * startup/out-of-service-page.ts); the browser in front of it never shows a
 * blank page. An uncaught error leaves no `app.stopped`, so the next start
 * journals `app.crashRecovered`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HQ_ADMIN_TOKEN_FILE, HQ_SECRETS_FOLDER } from '../../shared/hq-api/data-folder';
import { composeKiosk, type ComposedKiosk } from '../compose-kiosk';
import type { KioskConfig } from '../config/kiosk-config';
import { ConfigError, loadConfig } from '../config/load-config';
import { createLogger, type Logger } from '../logging/logger';
import { logFailure } from '../startup/startup-error';
import { SimController } from '../simulation/sim-controller';
import { findChromium, QUIET_CHROMIUM_FLAGS } from './find-chromium';
import { realDevices, simulateRefusal } from './simulate-option';
import { startWebHost } from './web-host';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      config: { type: 'string', default: process.env.KIOSK_CONFIG },
      open: { type: 'boolean', default: false },
      simulate: { type: 'boolean', default: false },
      'clock-start': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`start:web: --port must be 0 to 65535, got ${values.port}\n`);
    return 2;
  }
  // Simulation only: the simulated clock's start (the e2e suite pins it inside store hours whatever the hour of the run).
  const clockStart = values['clock-start'] === undefined ? undefined : new Date(values['clock-start']);
  if (clockStart && (!values.simulate || Number.isNaN(clockStart.getTime()) || !/(Z|[+-]\d\d:\d\d)$/.test(values['clock-start']!))) {
    process.stderr.write('start:web: --clock-start needs --simulate and an ISO 8601 time with its offset, e.g. 2026-12-03T12:00:00+09:00\n');
    return 2;
  }
  const staticDir = join(root, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write('start:web: the renderer is not built; run `npm run build` first\n');
    return 1;
  }
  const logger = createLogger({ destination: process.stderr as never });
  let config: KioskConfig;
  let kiosk: ComposedKiosk;
  try {
    config = loadConfig(values.config);
    if (values.simulate) {
      // A command-line mistake, not a kiosk's start: refused and exits (issue 15).
      const refusal = simulateRefusal(config);
      if (refusal) {
        logger.error({ realDevices: realDevices(config) }, 'simulator panel refused: the config names real devices');
        process.stderr.write(`start:web: ${refusal}\n`);
        return 2;
      }
    }
    kiosk = await composeKiosk({ config, logger, host: 'web', root, ...(clockStart ? { simClockStart: clockStart } : {}) });
  } catch (error) {
    const errorClass = logFailure(logger, error, 'startup');
    if (error instanceof ConfigError) process.stderr.write(`start:web: ${error.message}\n`);
    const host = await startWebHost({ logger, staticDir, port, outOfService: { errorClass, at: new Date().toISOString() } });
    process.stdout.write(`Kiosk web host ready (out of service): ${host.url}\n`);
    await stopped(logger);
    await host.close();
    return 1;
  }
  const host = await startWebHost({
    core: kiosk.core, logger, staticDir, port, ...(values.simulate ? { simulation: new SimController(kiosk) } : {}),
    onRendererFailure: ({ kind, reason }) => kiosk.recordRendererFailure(kind, reason),
    ...(process.env.KIOSK_PAGE_HANG_MS ? { pageHangMs: Number(process.env.KIOSK_PAGE_HANG_MS) } : {}),
  });
  // Issue 16: an uncaught error ends on the out-of-service page, without `app.stopped`.
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    host.showOutOfService({ errorClass: logFailure(logger, error, 'runtime'), at: new Date().toISOString() });
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  process.stdout.write(`Kiosk web host ready: ${host.url}\n`);
  if (values.simulate) process.stdout.write(`Simulator panel: ${host.origin}/sim.html#token=${host.token}\n`);
  if (!config.hq.url) {
    const tokenFile = join(resolve(root, config.hq.embeddedDataDir), HQ_SECRETS_FOLDER, HQ_ADMIN_TOKEN_FILE);
    process.stdout.write(`HQ operator console: ${kiosk.hqUrl}/console (named operators: create one with POST /admin/operators and the admin token in ${tokenFile})\n`);
  }
  if (values.open) {
    openChromium(host.url, 0);
    if (values.simulate) openChromium(`${host.origin}/sim.html#token=${host.token}`, 1290);
  }

  await stopped(logger, (stop) => {
    // A technician's exit or restart (issue 8). The web host has no supervisor to
    // start it again, so a restart stops cleanly too and says so.
    kiosk.core.onExitRequest((request) => {
      if (request.kind === 'restart') logger.info({ technicianId: request.technicianId }, 'restart requested: the web host stops; start it again to restart');
      stop(`technician ${request.kind}`);
    });
  });
  await host.close();
  if (failed) return 1;
  await kiosk.close();
  return 0;
}

/** Resolves on SIGINT, SIGTERM or whatever else `also` wires to `stop`. */
function stopped(logger: Logger, also?: (stop: (why: string) => void) => void): Promise<void> {
  return new Promise<void>((resolveStop) => {
    const stop = (why: string) => {
      logger.info({ signal: why }, 'stopping web host');
      resolveStop();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    also?.(stop);
  });
}

function openChromium(url: string, x: number): void {
  const chromium = findChromium();
  if (!chromium) {
    process.stdout.write('No Chromium found (set CHROMIUM_PATH); open the URL above in a browser.\n');
    return;
  }
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    process.stdout.write('No display; open the URL above in a browser.\n');
    return;
  }
  const profile = mkdtempSync(join(tmpdir(), 'kiosk-chromium-'));
  const child = spawn(chromium, [`--app=${url}`, '--window-size=1280,800', `--window-position=${x},0`, `--user-data-dir=${profile}`, ...QUIET_CHROMIUM_FLAGS], {
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
}

process.exitCode = await main();

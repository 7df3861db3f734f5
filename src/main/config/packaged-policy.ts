/**
 * Packaged mode is production mode (issue 16, "Packaged mode is production
 * mode"). An installed kiosk (`app.isPackaged`) stands in a shop with real
 * customers: every development convenience the defaults offer (the embedded
 * HQ, simulated devices, the simulator panel, devtools, debugger switches)
 * would be a hole there, so a packaged start refuses each one, naming the
 * config field or the switch, and the kiosk shows its out-of-service page
 * (startup/out-of-service-page.ts) instead of running.
 *
 * Pure: the shells pass whether they are packaged, the config they loaded and
 * how they were launched.
 */
import { isAbsolute } from 'node:path';
import type { KioskConfig } from './kiosk-config';

/** Where a packaged kiosk keeps its journal, keys and caches unless its config names another absolute folder (docs/deploy.md). */
export const PACKAGED_DATA_DIR = '/var/lib/contract-kiosk';
/** Where the deb's systemd unit points KIOSK_CONFIG (docs/deploy.md). */
export const PACKAGED_CONFIG_PATH = '/etc/contract-kiosk/kiosk.json';

export interface PackagedLaunch {
  /** The config file's path (KIOSK_CONFIG or --config), if any. */
  configPath: string | undefined;
  /** The web host's `--simulate` (the simulator panel). Electron never offers the panel. */
  simulatorPanel: boolean;
  /** Devtools asked for (`--dev` or KIOSK_DEV=1). */
  devToolsRequested: boolean;
}

/**
 * Defaults a packaged kiosk applies to the raw config before validation: a
 * data folder under /var/lib, never one relative to whatever the working
 * directory happens to be.
 */
export function withPackagedDefaults(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  return 'dataDir' in raw ? raw : { ...raw, dataDir: PACKAGED_DATA_DIR };
}

/** Every reason a packaged kiosk refuses to start with this config and launch, each naming its field or switch; empty when it may start. */
export function packagedRefusals(config: KioskConfig, launch: PackagedLaunch): string[] {
  const refusals: string[] = [];
  if (!launch.configPath) refusals.push('KIOSK_CONFIG: a packaged kiosk needs a config file (it never runs on the demo defaults)');
  if (!isAbsolute(config.dataDir)) refusals.push(`dataDir: must be an absolute path in a packaged kiosk, not ${JSON.stringify(config.dataDir)}`);
  if (config.hq.url === undefined) {
    refusals.push('hq.url: required in a packaged kiosk (the embedded reference HQ is for development and is not packaged)');
  } else if (new URL(config.hq.url).protocol !== 'https:') {
    refusals.push(`hq.url: must be https: in a packaged kiosk, not ${new URL(config.hq.url).protocol}`);
  }
  if (config.hq.keys === undefined) refusals.push('hq.keys: must be pinned in a packaged kiosk (`npm run hq -- keys` prints the block)');
  for (const device of ['cardReader', 'idScanner', 'printer'] as const) {
    if (config.devices[device].kind === 'simulated') refusals.push(`devices.${device}: simulated devices are refused in a packaged kiosk`);
  }
  if (launch.simulatorPanel) refusals.push('--simulate: the simulator panel is refused in a packaged kiosk');
  if (launch.devToolsRequested) refusals.push('--dev / KIOSK_DEV: devtools are refused in a packaged kiosk');
  return refusals;
}

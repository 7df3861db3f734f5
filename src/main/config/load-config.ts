import { readFileSync } from 'node:fs';
import { KioskConfig } from './kiosk-config';
import { packagedRefusals, withPackagedDefaults, type PackagedLaunch } from './packaged-policy';

export class ConfigError extends Error {
  /** The offending fields (`hq.keys`, `devices.printer`, ...), when known: the start-up page's error class reads them. */
  constructor(message: string, readonly fields: readonly string[] = []) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates a kiosk config file. Errors name the file and every
 * offending field with what was expected, in one message a technician can act on.
 */
export function loadConfig(path?: string): KioskConfig {
  if (!path) return KioskConfig.parse({});
  return parseConfig(readConfigJson(path), path);
}

/**
 * The config of a packaged (production) kiosk: a file is required, the data
 * folder defaults to /var/lib, and everything packaged-policy.ts refuses is
 * refused with one ConfigError naming every field (issue 16).
 */
export function loadPackagedConfig(launch: PackagedLaunch): KioskConfig {
  const source = launch.configPath ?? 'KIOSK_CONFIG';
  const config = launch.configPath ? parseConfig(withPackagedDefaults(readConfigJson(launch.configPath)), source) : KioskConfig.parse(withPackagedDefaults({}));
  const refusals = packagedRefusals(config, launch);
  if (refusals.length > 0) throw new ConfigError(`config ${source}: ${refusals.join('; ')}`, refusals.map((r) => r.slice(0, r.indexOf(':'))));
  return config;
}

function readConfigJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`config ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config ${path}: not valid JSON (${(error as Error).message})`);
  }
}

export function parseConfig(json: unknown, source = 'config'): KioskConfig {
  const result = KioskConfig.safeParse(json);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => issue.path.join('.') || '(root)');
  const problems = result.error.issues.map((issue, i) => `${fields[i]}: ${issue.message}`);
  throw new ConfigError(`config ${source}: ${problems.join('; ')}`, fields);
}

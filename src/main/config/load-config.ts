import { readFileSync } from 'node:fs';
import { KioskConfig } from './kiosk-config';

export class ConfigError extends Error {
  constructor(message: string) {
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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`config ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config ${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(json, path);
}

export function parseConfig(json: unknown, source = 'config'): KioskConfig {
  const result = KioskConfig.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`config ${source}: ${problems.join('; ')}`);
}

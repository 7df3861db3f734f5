import { existsSync } from 'node:fs';

/** Debian's Chromium, or the one CHROMIUM_PATH names (TOOLCHAIN.md). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}

/** Flags that keep Chromium quiet on a closed network (TOOLCHAIN.md). */
export const QUIET_CHROMIUM_FLAGS = [
  '--disable-quic', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--no-default-browser-check',
];

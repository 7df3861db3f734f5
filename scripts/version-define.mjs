// esbuild `define` for the software version (src/main/app-version.ts, issue 16):
// package.json's version, fixed into the bundle at build time.
import { readFileSync } from 'node:fs';

export function versionDefine(packageJsonPath = 'package.json') {
  return { __KIOSK_APP_VERSION__: JSON.stringify(JSON.parse(readFileSync(packageJsonPath, 'utf8')).version) };
}

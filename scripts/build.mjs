#!/usr/bin/env node
// Builds what the shells load: the renderer (Vite) into dist/renderer, the
// Electron main process and the preload (esbuild, CommonJS) into dist/.
// `--if-needed` skips the build when dist/ is newer than every source file.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { versionDefine } from './version-define.mjs';

const ifNeeded = process.argv.includes('--if-needed');
const outputs = ['dist/renderer/index.html', 'dist/electron/main.cjs', 'dist/preload/index.cjs'];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (ifNeeded && outputs.every(existsSync)) {
  const built = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  if (newestMtime('src') < built) process.exit(0);
}

await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: false,
  logLevel: 'warning',
  // Native addons and Electron itself load at run time, never bundled.
  // The software version the kiosk journals and reports to HQ (src/main/app-version.ts, issue 16).
  define: versionDefine(),
  external: ['electron', 'better-sqlite3', 'serialport', '@serialport/*', 'node-hid', '@electric-sql/pglite', 'pg-native'],
};
await esbuild({ ...common, entryPoints: ['src/main/electron/main.ts'], outfile: 'dist/electron/main.cjs' });
await esbuild({ ...common, entryPoints: ['src/preload/index.ts'], outfile: 'dist/preload/index.cjs', external: ['electron'] });
console.log('built dist/renderer, dist/electron/main.cjs, dist/preload/index.cjs');

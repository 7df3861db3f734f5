#!/usr/bin/env node
// `npm start`: build if needed, then run the kiosk in Electron with simulated
// devices and the embedded HQ. Electron's binary is fetched from outside the
// npm registry on first use (TOOLCHAIN.md); where that is impossible, say so
// in one line and run the web host instead, opening Chromium when there is one.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const passThrough = process.argv.slice(2);

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

function electronBinary() {
  // require('electron') downloads the binary when missing and throws when it cannot.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { encoding: 'utf8', timeout: 120_000 });
  if (probe.status === 0 && probe.stdout) return { path: probe.stdout };
  const lastLine = (probe.stderr || 'no output').trim().split('\n').filter((l) => /Error|failed/i.test(l)).pop() ?? 'unknown error';
  return { error: lastLine.trim() };
}

const electron = electronBinary();
let child;
if (electron.path) {
  child = spawn(electron.path, ['.', ...passThrough], { stdio: 'inherit' });
} else {
  console.log(`Electron is not available here (${electron.error.slice(0, 160)}); running the web host instead.`);
  child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/main/web-host/cli.ts', '--open', '--simulate', ...passThrough], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

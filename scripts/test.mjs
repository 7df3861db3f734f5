#!/usr/bin/env node
// `npm test`: every gate the project has, in order, each failing loudly when
// a prerequisite (Chromium, socat, PostgreSQL) is missing. All steps run even
// after a failure, so one run shows everything; the exit code is non-zero if
// any failed. Totals go to reports/summary.json and the last line printed is
// `N passed, N failed, N skipped` (what CI reads, TOOLCHAIN.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const only = process.argv.slice(2);
mkdirSync('reports', { recursive: true });

const bin = (name) => `node_modules/.bin/${name}`;
const steps = [
  { name: 'lint', cmd: [bin('eslint'), '.', '--max-warnings=0'] },
  { name: 'typecheck', cmd: [bin('vue-tsc'), '-b'] },
  { name: 'electronegativity', cmd: [process.execPath, 'scripts/electronegativity-gate.mjs'] },
  { name: 'build', cmd: [process.execPath, 'scripts/build.mjs'] },
  { name: 'vitest', cmd: [bin('vitest'), 'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json'], report: 'reports/vitest.json', count: countVitest },
  { name: 'playwright', cmd: [bin('playwright'), 'test'], report: 'reports/playwright.json', count: countPlaywright },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const results = [];
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  if (step.report) rmSync(step.report, { force: true });
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit' });
  const ok = run.status === 0;
  let counts;
  if (step.count && step.report && existsSync(step.report)) {
    counts = step.count(JSON.parse(readFileSync(step.report, 'utf8')));
    // A runner that exits non-zero without a failed test (crash, bad config) still fails.
    if (!ok && counts.failed === 0) counts.failed = 1;
  } else {
    counts = { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
  }
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  results.push({ step: step.name, ok, seconds: Math.round((Date.now() - started) / 100) / 10, ...counts });
}

writeFileSync('reports/summary.json', JSON.stringify({ totals, results }, null, 2) + '\n');
console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.step.padEnd(18)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped  ${r.seconds}s`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(results.every((r) => r.ok) && totals.failed === 0 ? 0 : 1);

function countVitest(report) {
  return { passed: report.numPassedTests ?? 0, failed: (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0), skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) };
}

function countPlaywright(report) {
  const s = report.stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
}

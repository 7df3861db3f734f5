/**
 * `npm run bench` prints a table; `npm run --silent bench -- --json` prints
 * one JSON array of {name, value, unit, baseline?, ratio?, min?, max?,
 * rounds?}. Suites are the `*.bench.ts` files beside this one; `--only NAME`
 * runs the matching ones. A suite marked `onlyWhenAsked` (the fleet bench,
 * minutes long) runs only under `--only`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult, BenchSuite } from './bench-result';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;

const results: BenchResult[] = [];
for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()) {
  const suite = (await import(pathToFileURL(join(here, file)).href)).default as BenchSuite;
  if (only && !suite.name.includes(only)) continue;
  if (suite.onlyWhenAsked && !only) continue;
  if (!json) process.stderr.write(`running ${suite.name}...\n`);
  results.push(...(await suite.run()));
}

if (json) {
  process.stdout.write(JSON.stringify(results) + '\n');
} else {
  const rows = results.map((r) => [r.name, fmt(r.value), r.unit, r.baseline === undefined ? '' : fmt(r.baseline), ratioCell(r), r.rounds === undefined ? '' : String(r.rounds)]);
  const header = ['benchmark', 'value', 'unit', 'baseline', 'ratio (round min–max)', 'rounds'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 3 || i === 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
process.exit(0);

/** `0.84x (0.80–0.88)`: the ratio of the medians, then the lowest and highest ratio of a single round. */
function ratioCell(r: BenchResult): string {
  if (r.ratio === undefined) return '';
  const spread = r.min === undefined || r.max === undefined ? '' : ` (${fmtRatio(r.min)}–${fmtRatio(r.max)})`;
  return `${fmtRatio(r.ratio)}x${spread}`;
}

function fmtRatio(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function fmt(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3);
}

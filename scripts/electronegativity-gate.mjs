#!/usr/bin/env node
// Electronegativity exits 0 even with findings (TOOLCHAIN.md), so this gate
// reads its CSV and fails on any finding that is not in
// security/electronegativity-reviewed.json (each entry with the reason it was
// accepted), and on any reviewed entry that no longer occurs (stale reviews
// hide regressions). It scans the Electron main folder, the preload and the
// renderer's HTML, the code that decides the window's security.
//
// It asks for SARIF, not CSV: electronegativity 1.10 writes the CSV header and
// the rows with two unawaited fs.writeFile calls, and when the header's
// truncating write lands second it overwrites the start of the first row
// (seen in CI: a finding named "pt-src 'self'; ..."). SARIF is one write.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const electronVersion = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const input = join(work, 'input');
const report = join(work, 'findings.sarif');
try {
  cpSync('src/main/electron', join(input, 'electron'), { recursive: true });
  cpSync('src/preload', join(input, 'preload'), { recursive: true });
  cpSync('src/renderer/index.html', join(input, 'index.html'));
  execFileSync(process.execPath, [
    'node_modules/@doyensec/electronegativity/dist/index.js',
    '-i', input, '-o', report, '-r', '-v', 'false', '-e', electronVersion,
    // Goes to the network, which these machines do not have (TOOLCHAIN.md).
    '-x', 'AvailableSecurityFixesGlobalCheck',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });

  const sarif = JSON.parse(readFileSync(report, 'utf8'));
  const findings = sarif.runs[0].results.map((r) => {
    const where = r.locations?.[0]?.physicalLocation;
    return { check: r.ruleId, severity: r.level, file: where?.artifactLocation?.uri, location: where?.region?.startLine };
  });
  const reviewed = JSON.parse(readFileSync('security/electronegativity-reviewed.json', 'utf8'));
  const isReviewed = (f) => reviewed.some((r) => r.check === f.check && r.file === f.file);
  const unreviewed = findings.filter((f) => !isReviewed(f));
  const stale = reviewed.filter((r) => !findings.some((f) => f.check === r.check && f.file === r.file));

  for (const f of unreviewed) console.error(`electronegativity: ${f.check} (${f.severity}) at ${f.file}:${f.location}`);
  for (const r of stale) console.error(`electronegativity: reviewed finding ${r.check} at ${r.file} no longer occurs; remove it from security/electronegativity-reviewed.json`);
  console.log(`electronegativity: ${findings.length} finding(s), ${findings.length - unreviewed.length} reviewed, ${unreviewed.length} unreviewed, ${stale.length} stale review(s)`);
  process.exitCode = unreviewed.length + stale.length === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

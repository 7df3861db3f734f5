/**
 * Crash safety (issue 6): a child process appends 10,000 events while the
 * test kills it with SIGKILL at 50 random moments. After each kill every
 * event whose `append` returned is present, the chain verifies and SQLite's
 * integrity_check is ok. (SIGKILL tests process death; power loss is what
 * synchronous=FULL is for and cannot be simulated here.)
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../../src/main/journal/journal';
import { tempDir } from '../../unit/journal/journal-fixture';

const TARGET = 10_000;
const KILLS = 50;

let temp: ReturnType<typeof tempDir>;
let childScript: string;

beforeAll(async () => {
  temp = tempDir();
  // One bundle, started with plain node: tsx's start-up per child would cost more than the appends.
  // It lives under the project so `import 'better-sqlite3'` resolves from node_modules.
  childScript = join(process.cwd(), 'node_modules', '.cache', 'journal-crash-test', `child-${process.pid}.mjs`);
  await build({
    entryPoints: [join(import.meta.dirname, 'crash-child.ts')],
    outfile: childScript, bundle: true, platform: 'node', format: 'esm', target: 'node22',
    external: ['better-sqlite3'], logLevel: 'silent',
  });
});
afterAll(() => {
  temp.remove();
  rmSync(childScript, { force: true });
});

interface ChildRun { reported: number; exitSignal: NodeJS.Signals | null; exitCode: number | null; stderr: string }

function runChild(path: string, killAfterReadyMs: number | null, target: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, path, String(target)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!armed && out.startsWith('ready\n') && killAfterReadyMs !== null) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterReadyMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (exitCode, exitSignal) => {
      const seqs = out.split('\n').filter((l) => /^\d+$/.test(l)).map(Number);
      resolve({ reported: seqs.length ? Math.max(...seqs) : 0, exitCode, exitSignal, stderr });
    });
  });
}

function checkAfterCrash(path: string, reported: number): number {
  const journal = Journal.open(path, { kioskId: 'KIOSK-CRASH', freeBytes: () => 1e12 });
  try {
    expect(journal.quarantined).toBeNull();
    const verify = journal.verify();
    expect(verify).toMatchObject({ ok: true });
    expect(journal.integrityCheck()).toBe('ok');
    const { headSeq, count } = journal.stats();
    // Seqs run 1..head without a hole (verify), so every reported seq is there.
    expect(headSeq).toBeGreaterThanOrEqual(reported);
    expect(count).toBe(headSeq);
    return headSeq;
  } finally {
    journal.close();
  }
}

describe('journal crash safety', () => {
  it(`keeps every returned append through ${KILLS} SIGKILLs while appending ${TARGET} events`, async () => {
    const path = join(temp.dir, 'journal.db');
    let reportedEver = 0;
    let kills = 0;
    // During the kill phase the child has no reachable target, so every run
    // ends by SIGKILL however fast this machine appends; a final run then
    // tops the journal up to the target if the kills left it short.
    for (let run = 0; kills < KILLS; run++) {
      expect(run).toBeLessThan(KILLS * 2);
      const result = await runChild(path, Math.floor(Math.random() * 120), TARGET * 100);
      expect(result.stderr).toBe('');
      if (result.exitSignal === 'SIGKILL') kills++;
      reportedEver = Math.max(reportedEver, result.reported);
      checkAfterCrash(path, reportedEver);
    }
    expect(kills).toBe(KILLS);
    const last = await runChild(path, null, TARGET);
    expect(last).toMatchObject({ exitCode: 0, stderr: '' });
    expect(checkAfterCrash(path, reportedEver)).toBeGreaterThanOrEqual(TARGET);
  });
});

/**
 * Crash accounting across a killed process (issue 16): a kiosk killed with
 * SIGKILL leaves no `app.stopped`; the next start on the same data folder
 * journals `app.crashRecovered` naming the last event and the gap, counts it,
 * and a clean stop after that adds nothing. Real journal, real composition,
 * a real process killed.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { composeKiosk, type ComposedKiosk } from '../../../src/main/compose-kiosk';
import { parseConfig } from '../../../src/main/config/load-config';
import { captureLogger } from '../../support/capture-logger';
import { tempDir } from '../../unit/journal/journal-fixture';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts test/support/kiosk-process.ts on `dataDir`, waits for it to start, kills it with SIGKILL; resolves with the head seq it had. */
async function startAndKill(dataDir: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/kiosk-process.ts', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const head = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /started (\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`kiosk process exited ${code} before starting: ${stderr.slice(-1500)}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return head;
}

async function start(dataDir: string): Promise<ComposedKiosk> {
  const config = parseConfig({ dataDir, hq: { url: 'http://127.0.0.1:1', timeoutMs: 500 } });
  const kiosk = await composeKiosk({ config, logger: captureLogger().logger, host: 'web', hqProbeSeconds: 3600 });
  cleanups.push(() => kiosk.close());
  return kiosk;
}

const recoveries = (kiosk: ComposedKiosk) => kiosk.journal.recentOfTypes(['app.crashRecovered'], 10);

describe('crash accounting', () => {
  it('journals and counts a killed kiosk at its next start, and not a clean stop', async () => {
    const temp = tempDir();
    cleanups.push(() => temp.remove());

    const headBeforeKill = await startAndKill(temp.dir);
    let kiosk = await start(temp.dir);
    const [recovered] = recoveries(kiosk);
    expect(recovered?.payload).toMatchObject({ lastSeqBeforeCrash: headBeforeKill, lastEventType: 'app.started' });
    expect(recovered?.payload.gapSeconds).toEqual(expect.any(Number));
    expect(kiosk.journal.countByType()['app.crashRecovered']).toBe(1);
    await kiosk.close();
    cleanups.pop();

    // A clean stop leaves app.stopped last: the next start owes nothing.
    kiosk = await start(temp.dir);
    expect(recoveries(kiosk)).toHaveLength(1);
    await kiosk.close();
    cleanups.pop();

    // A second kill is counted again.
    await startAndKill(temp.dir);
    kiosk = await start(temp.dir);
    expect(recoveries(kiosk)).toHaveLength(2);
  }, 60_000);

  it('journals a renderer failure the shell reports', async () => {
    const temp = tempDir();
    cleanups.push(() => temp.remove());
    const kiosk = await start(temp.dir);
    kiosk.recordRendererFailure('gone', 'crashed');
    expect(kiosk.journal.recentOfTypes(['app.rendererFailed'], 5).map((r) => r.payload)).toEqual([{ kind: 'gone', reason: 'crashed' }]);
  });
});

/**
 * The whole kiosk composition (journal, simulated devices, HQ client) keeps
 * the retain-bin count across restarts: the CRT-310 has no bin sensor, so a
 * kiosk that forgot its count would capture into a full bin. HQ is a port
 * nobody listens on: this is about the kiosk's own state.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeKiosk, type ComposedKiosk } from '../../../src/main/compose-kiosk';
import { parseConfig } from '../../../src/main/config/load-config';
import { captureLogger } from '../../support/capture-logger';
import { tempDir } from '../../unit/journal/journal-fixture';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(dataDir: string): Promise<{ kiosk: ComposedKiosk; log: ReturnType<typeof captureLogger> }> {
  const log = captureLogger();
  const config = parseConfig({ dataDir, hq: { url: 'http://127.0.0.1:1', timeoutMs: 500 } });
  const kiosk = await composeKiosk({ config, logger: log.logger, host: 'web', hqProbeSeconds: 3600 });
  return { kiosk, log };
}

describe('retain-bin count across kiosk restarts', () => {
  it('comes back from its file, or from the journal when the file is gone or damaged', async () => {
    const temp = tempDir();
    cleanups.push(() => temp.remove());
    const file = join(temp.dir, 'retain-bin.json');

    // First start: a fresh kiosk has an empty bin, and says so on disk.
    let { kiosk } = await start(temp.dir);
    expect(kiosk.simulation.cardReader!.snapshot().retained).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ count: 0 });
    for (let i = 0; i < 3; i++) kiosk.journal.append({ type: 'card.captured', actor: { kind: 'system' }, payload: { reason: 'notTaken' } });
    await kiosk.close();

    // The file says 7 (the count the reader service kept): that wins.
    writeFileSync(file, JSON.stringify({ count: 7 }));
    ({ kiosk } = await start(temp.dir));
    expect(kiosk.simulation.cardReader!.snapshot().retained).toBe(7);
    await kiosk.close();

    // File lost: rebuilt from the journal's three captures, and written again.
    rmSync(file);
    ({ kiosk } = await start(temp.dir));
    expect(kiosk.simulation.cardReader!.snapshot().retained).toBe(3);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ count: 3 });
    await kiosk.close();

    // File damaged: the same, with a warning in the log.
    writeFileSync(file, '{"count":');
    const damaged = await start(temp.dir);
    expect(damaged.kiosk.simulation.cardReader!.snapshot().retained).toBe(3);
    expect(damaged.log.lines().some((l) => l.msg === 'retain-bin count file damaged; count rebuilt from the journal' && l.problem === 'unreadable')).toBe(true);
    await damaged.kiosk.close();
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });
});

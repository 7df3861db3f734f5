/**
 * The retain-bin count outlives restarts (storage/retain-bin-count.ts): the
 * file, the journal when the file is missing or damaged, and the saves as
 * the real card-reader service counts captures against its simulator.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedCardReader } from '../../../src/devices/card-reader/simulated-card-reader';
import { demoTracks } from '../../../src/devices/card-reader/simulator/demo-card';
import { keepRetainedCount, loadRetainedCount } from '../../../src/main/storage/retain-bin-count';
import { openJournal, tempDir } from '../journal/journal-fixture';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup() {
  const temp = tempDir();
  cleanups.push(() => temp.remove());
  const journal = openJournal(join(temp.dir, 'journal.db'));
  cleanups.push(() => journal.close());
  const capture = () => journal.append({ type: 'card.captured', actor: { kind: 'system' }, payload: { reason: 'notTaken' } });
  const emptied = (cardsRemoved: number) => journal.append({ type: 'retainBin.emptied', actor: { kind: 'staff', staffId: 'ST-1' }, payload: { cardsRemoved } });
  return { dir: temp.dir, file: join(temp.dir, 'retain-bin.json'), journal, capture, emptied };
}

describe('loadRetainedCount', () => {
  it('takes the count from its file', () => {
    const { file, journal, capture } = setup();
    capture();
    writeFileSync(file, JSON.stringify({ count: 7 }));
    expect(loadRetainedCount(file, journal)).toEqual({ count: 7, source: 'file' });
  });

  it('rebuilds it from the journal when the file is missing: captures since staff last emptied the bin', () => {
    const { file, journal, capture, emptied } = setup();
    capture();
    capture();
    emptied(2);
    capture();
    capture();
    capture();
    expect(loadRetainedCount(file, journal)).toEqual({ count: 3, source: 'journal', fileProblem: 'missing' });
  });

  it('counts every capture when the bin was never emptied, and none on a fresh kiosk', () => {
    const { file, journal, capture } = setup();
    expect(loadRetainedCount(file, journal)).toMatchObject({ count: 0, source: 'journal' });
    capture();
    capture();
    expect(loadRetainedCount(file, journal)).toMatchObject({ count: 2, source: 'journal' });
  });

  it.each([
    ['not JSON', '{"count": 4', 'unreadable'],
    ['a negative count', '{"count": -1}', 'invalid'],
    ['extra fields', '{"count": 1, "x": 1}', 'invalid'],
  ] as const)('does not trust a damaged file (%s) and rebuilds from the journal', (_name, text, problem) => {
    const { file, journal, capture } = setup();
    capture();
    writeFileSync(file, text);
    expect(loadRetainedCount(file, journal)).toEqual({ count: 1, source: 'journal', fileProblem: problem });
  });
});

describe('keepRetainedCount with the real card-reader service', () => {
  it('saves each capture and the emptying, and a restart reads the count back', async () => {
    const { file, journal } = setup();
    const { service, simulator } = await createSimulatedCardReader({ retainBin: { high: 4, full: 5, count: 2 }, pollIntervalMs: 0 });
    cleanups.push(() => simulator.stop());
    cleanups.push(() => service.close());
    expect((await service.open()).completion).toBe('success');
    keepRetainedCount(service, file, 2, () => { throw new Error('save failed'); });
    simulator.insertCard(demoTracks('4000000001'));
    await service.refreshStatus();
    expect(await service.move({ to: 'retain' })).toMatchObject({ completion: 'success', value: { retainedCount: 3 } });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ count: 3 });
    expect(loadRetainedCount(file, journal)).toEqual({ count: 3, source: 'file' });
    service.resetRetainBinCount(0);
    expect(loadRetainedCount(file, journal)).toEqual({ count: 0, source: 'file' });
  });

  it('reports a save the disk refuses and keeps counting', async () => {
    const { dir, journal } = setup();
    // A directory where the file's temporary copy would go: every write fails.
    const file = join(dir, 'blocked.json');
    mkdirSync(`${file}.tmp`);
    const { service, simulator } = await createSimulatedCardReader({ retainBin: { high: 4, full: 5 }, pollIntervalMs: 0 });
    cleanups.push(() => simulator.stop());
    cleanups.push(() => service.close());
    await service.open();
    const failed: number[] = [];
    keepRetainedCount(service, file, 0, (count) => failed.push(count));
    simulator.insertCard(demoTracks('4000000001'));
    await service.refreshStatus();
    await service.move({ to: 'retain' });
    expect(failed).toEqual([1]);
    expect(service.status().retainedCount).toBe(1);
    expect(loadRetainedCount(file, journal)).toMatchObject({ source: 'journal', fileProblem: 'missing' });
  });
});

/**
 * The kiosk's devices from its config (open-devices.ts): simulated ones
 * behind the real drivers, on an injected clock so nothing waits, and real
 * ones that are not there.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/main/config/load-config';
import { createDevices, openDevices, type KioskDevices } from '../../../src/main/open-devices';
import { captureLogger } from '../../support/capture-logger';
import { ManualClock } from '../../support/manual-clock';
import { settle } from '../card-reader/support';
import { openJournal, tempDir } from '../journal/journal-fixture';

const cleanups: (() => unknown)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

async function devicesFrom(devices: Record<string, unknown> = {}, options: { retainBinFile?: string } = {}) {
  const temp = tempDir();
  const journal = openJournal(join(temp.dir, 'journal.db'));
  cleanups.push(() => { journal.close(); temp.remove(); });
  if (options.retainBinFile !== undefined) writeFileSync(join(temp.dir, 'retain-bin.json'), options.retainBinFile);
  const clock = new ManualClock();
  const log = captureLogger();
  const built: KioskDevices = await createDevices({ config: parseConfig({ devices }).devices, dataDir: temp.dir, journal, clock, logger: log.logger });
  cleanups.push(() => built.close());
  return { devices: built, clock, log, dataDir: temp.dir };
}

describe('the kiosk\'s devices', () => {
  it('builds simulated ones by default, with the retain-bin count restored into the reader and its simulator, and opens both', async () => {
    const { devices, log } = await devicesFrom({}, { retainBinFile: JSON.stringify({ count: 4 }) });
    expect(devices.simulators.cardReader).not.toBeNull();
    expect(devices.simulators.idScanner).not.toBeNull();
    expect(devices.reader.status().retainedCount).toBe(4);
    expect(devices.simulators.cardReader!.snapshot().retained).toBe(4);

    expect(devices.simulators.printer).not.toBeNull();
    expect(await openDevices(devices, log.logger)).toEqual({ cardReader: true, idScanner: true, printer: true });
    expect(devices.health()).toEqual({
      cardReader: { state: 'online', detail: undefined }, idScanner: { state: 'online', detail: undefined }, printer: { state: 'online', detail: undefined },
    });
    expect(devices.printer.status()).toMatchObject({ paper: 'full', cover: 'closed' });
  });

  it('keeps the reader\'s retain-bin count on disk as it changes', async () => {
    const { devices, log, dataDir } = await devicesFrom();
    await openDevices(devices, log.logger);
    expect(JSON.parse(readFileSync(join(dataDir, 'retain-bin.json'), 'utf8'))).toEqual({ count: 0 });
    devices.reader.resetRetainBinCount(5);
    expect(JSON.parse(readFileSync(join(dataDir, 'retain-bin.json'), 'utf8'))).toEqual({ count: 5 });
  });

  it('reports real devices that are not there: the reader stops service, the scanner and the printer are only logged', async () => {
    const { devices, log } = await devicesFrom({
      cardReader: { kind: 'serial', path: '/dev/no-such-card-reader' },
      idScanner: { kind: 'serial', path: '/dev/no-such-id-scanner' },
      printer: { kind: 'serial', path: '/dev/no-such-printer' },
    });
    expect(devices.simulators).toEqual({ cardReader: null, idScanner: null, printer: null });
    expect(await openDevices(devices, log.logger)).toEqual({ cardReader: false, idScanner: false, printer: false });
    expect(devices.health().printer.state).toBe('noDevice');
    expect(log.lines().filter((l) => l.msg === 'printer did not open').map((l) => l.level)).toEqual([40]);
    expect(devices.health().cardReader.state).toBe('noDevice');
    expect(log.lines().filter((l) => l.msg === 'card reader did not open').map((l) => l.level)).toEqual([50]);
    expect(log.lines().filter((l) => l.msg === 'ID scanner did not open').map((l) => l.level)).toEqual([40]);
  });

  it('gives HQ\'s fleet view the card reader\'s last fault', async () => {
    const { devices, clock, log } = await devicesFrom();
    await openDevices(devices, log.logger);
    devices.simulators.cardReader!.setSilent(true);
    await clock.advanceSettling(60_000, settle);
    const health = devices.health().cardReader;
    expect(health.state).not.toBe('online');
    expect(health.detail).toEqual(expect.any(String));
  });

  it('closes the drivers and the simulators behind them', async () => {
    const { devices, log } = await devicesFrom();
    await openDevices(devices, log.logger);
    await devices.close();
    expect(devices.reader.status().device).toBe('offline');
    expect(devices.scanner.status().device).toBe('offline');
  });
});

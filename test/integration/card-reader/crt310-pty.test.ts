/**
 * The CRT-310 driver and simulator over real pseudo-terminals (socat) with
 * the real serialport binding on both ends (DEVICES.md, "Test rigs without
 * hardware"). Timeouts are short and injected so each test takes a second or
 * two; no assertion is about time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../../support/pty-pair';
import { SerialTransport } from '../../../src/devices/transport/serial-transport';
import { CardReaderService, type CardReaderEvents } from '../../../src/devices/card-reader/card-reader-service';
import { Crt310Simulator } from '../../../src/devices/card-reader/simulator/crt310-simulator';
import { demoTracks } from '../../../src/devices/card-reader/simulator/demo-card';
import type { ReaderDialect } from '../../../src/devices/card-reader/crt310-codec';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(options: { readerBaud?: 9600 | 38400; hostBaud?: number; pollIntervalMs?: number; reopenIntervalMs?: number; dialect?: ReaderDialect } = {}) {
  const pair: PtyPair = await openPtyPair();
  cleanups.push(() => pair.close());
  const hostTransport = new SerialTransport({ path: pair.hostPath, baudRate: options.hostBaud ?? 9600 });
  const simulator = new Crt310Simulator({
    transport: new SerialTransport({ path: pair.devicePath, baudRate: options.readerBaud ?? 9600 }),
    baudRate: options.readerBaud ?? 9600,
    // The rate the host's port is really set to: a pty cannot garble bytes, so the simulator models the mismatch.
    lineBaudRate: hostTransport.baudRate,
    ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
  });
  await simulator.start();
  cleanups.push(() => simulator.stop());
  const service = new CardReaderService({
    transport: hostTransport,
    pollIntervalMs: options.pollIntervalMs ?? 0,
    ...(options.reopenIntervalMs === undefined ? {} : { reopenIntervalMs: options.reopenIntervalMs }),
    debouncePolls: 2,
    retainBin: { high: 8, full: 10 },
    timeouts: { ackMs: 300, responseMs: { status: 1_000, reset: 1_000, move: 1_000, readTracks: 1_000 } },
  });
  cleanups.push(() => service.close());
  return { pair, simulator, service };
}

/** Resolves with the next event of that name; the ceiling only stops a broken test from hanging. */
function next<K extends keyof CardReaderEvents & string>(service: CardReaderService, name: K, ceilingMs = 5_000): Promise<CardReaderEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event`)), ceilingMs);
    const off = service.on(name, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Resolves once the service reports that device state (at once if it already does). */
function deviceState(service: CardReaderService, state: CardReaderEvents['statusChanged']['device'], ceilingMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (service.status().device === state) return resolve();
    const timer = setTimeout(() => { off(); reject(new Error(`device never became ${state}; it is ${service.status().device}`)); }, ceilingMs);
    const off = service.on('statusChanged', (status) => {
      if (status.device !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

describe('CRT-310 over a socat pty pair', () => {
  it('insert -> read -> eject -> customer takes the card', async () => {
    const { simulator, service } = await rig({ pollIntervalMs: 20 });
    expect(await service.open()).toMatchObject({ completion: 'success', value: { device: 'online', media: 'notPresent' } });
    const inserted = next(service, 'mediaInserted');
    simulator.insertCard(demoTracks('4000000000000051'));
    await inserted;
    expect(await service.readRawData({ track1: true, track2: true, track3: true })).toEqual({
      completion: 'success',
      value: {
        cardNumber: '4000000000000051',
        expiry: { year: 2030, month: 12 },
        tracks: { track1: { status: 'ok' }, track2: { status: 'ok' }, track3: { status: 'dataMissing' } },
      },
    });
    expect(await service.move({ to: 'exit' })).toMatchObject({ completion: 'success', value: { media: 'entering' } });
    const removed = next(service, 'mediaRemoved');
    expect(simulator.removeCard()).toBe(true);
    await removed;
    expect(service.status().media).toBe('notPresent');
  });

  // Issue 15, "Reader dialects" (docs/card-reader.md): the same card read through both reply layouts.
  it.each<ReaderDialect>(['standard', 'echo'])('reads a card from a reader speaking the %s dialect, in ASCII and binary mode', async (dialect) => {
    const { simulator, service } = await rig({ dialect });
    await service.open();
    simulator.insertCard({ ...demoTracks('4000000000000051'), track3: { unreadable: true } });
    await service.refreshStatus();
    const expected = {
      completion: 'success',
      value: {
        cardNumber: '4000000000000051',
        expiry: { year: 2030, month: 12 },
        tracks: { track1: { status: 'ok' }, track2: { status: 'ok' }, track3: { status: 'dataInvalid', reason: 'unreadable' } },
      },
    };
    expect(await service.readRawData({ track1: true, track2: true, track3: true })).toEqual(expected);
    expect(await service.readRawData({ track1: true, track2: true, track3: true }, { mode: 'binary' })).toEqual(expected);
    expect(service.status().device).toBe('online');
  });

  it('captures a card into the retain bin and counts it', async () => {
    const { simulator, service } = await rig();
    await service.open();
    simulator.insertCard(demoTracks('4000000001'));
    await service.refreshStatus();
    const action = next(service, 'cardAction');
    expect(await service.move({ to: 'retain' })).toMatchObject({ completion: 'success', value: { media: 'notPresent', retainedCount: 1 } });
    expect(await action).toEqual({ from: 'transport', to: 'retain' });
    expect(simulator.snapshot()).toMatchObject({ retained: 1, position: 'noCard' });
  });

  it('retries after NAKs and still reads the card', async () => {
    const { simulator, service } = await rig();
    await service.open();
    simulator.insertCard(demoTracks('4000000001'));
    simulator.nakNext(2);
    expect(await service.readRawData({ track2: true })).toMatchObject({ completion: 'success', value: { cardNumber: '4000000001' } });
    const { naks, retries } = service.diagnostics().counters;
    expect(naks).toBe(2);
    // At least the two resends after the NAKs (a loaded machine may add one after a slow ACK).
    expect(retries).toBeGreaterThanOrEqual(2);
  });

  it('asks again after a reply with a corrupted BCC', async () => {
    const { simulator, service } = await rig();
    await service.open();
    simulator.insertCard(demoTracks('4000000001'));
    simulator.corruptNextReplies(1);
    expect(await service.readRawData({ track2: true }, { mode: 'binary' })).toMatchObject({ completion: 'success', value: { cardNumber: '4000000001' } });
    expect(service.diagnostics().counters.bccErrors).toBe(1);
  });

  it('times out on a silent reader, goes offline, and recovers when it answers again', async () => {
    const { simulator, service } = await rig();
    await service.open();
    simulator.setSilent(true);
    const fault = next(service, 'fault');
    const result = await service.refreshStatus();
    expect(result).toMatchObject({ completion: 'timeOut' });
    expect(await fault).toMatchObject({ error: 'timeout' });
    expect(service.status().device).toBe('offline');
    simulator.setSilent(false);
    expect(await service.refreshStatus()).toMatchObject({ completion: 'success', value: { device: 'online' } });
  });

  it('survives the reader losing power mid-command, and works after power returns', async () => {
    const { simulator, service } = await rig();
    await service.open();
    simulator.insertCard(demoTracks('4000000001'));
    simulator.powerLoss({ midReply: true });
    const failed = await service.readRawData({ track2: true });
    expect(failed).toMatchObject({ completion: 'timeOut' });
    expect(service.diagnostics().counters.timeouts).toBeGreaterThan(0);
    simulator.powerRestore();
    const reset = await service.reset({ to: 'currentPosition' });
    expect(reset).toMatchObject({ completion: 'success', value: { firmware: 'CRT-310 V3.0 SIM', status: { media: 'present' } } });
    expect(await service.readRawData({ track2: true })).toMatchObject({ completion: 'success', value: { cardNumber: '4000000001' } });
  });

  it('reports a baud mismatch clearly: reader at 38400, host at 9600', async () => {
    const { service } = await rig({ readerBaud: 38400, hostBaud: 9600 });
    const result = await service.open();
    expect(result.completion).toBe('timeOut');
    expect(result.completion !== 'success' && result.detail).toMatch(/^no valid reply from card reader at 9600 bps \(\d+ unreadable byte\(s\) on .+\): check the baud rate \(reader default 9600\)$/);
    expect(service.diagnostics().counters.noiseBytes).toBeGreaterThan(0);
  });

  it('says so when the adapter is pulled, and reopens the port by itself when it is plugged back in', async () => {
    const { pair, simulator, service } = await rig({ pollIntervalMs: 20, reopenIntervalMs: 50 });
    expect(await service.open()).toMatchObject({ completion: 'success', value: { device: 'online' } });
    const statuses: string[] = [];
    service.on('statusChanged', (status) => statuses.push(status.device));
    const gone = next(service, 'fault');
    await simulator.stop();
    await pair.unplug();
    // The next poll's write fails (EIO), serialport closes the port, and reopening fails while the pty is gone.
    expect((await gone).error).toMatch(/^(portClosed|timeout|openFailed)$/);
    await deviceState(service, 'noDevice');

    await pair.replug();
    const replugged = new Crt310Simulator({ transport: new SerialTransport({ path: pair.devicePath }), baudRate: 9600, lineBaudRate: 9600 });
    await replugged.start();
    cleanups.push(() => replugged.stop());
    await deviceState(service, 'online');
    expect(statuses[0]).not.toBe('online');
    replugged.insertCard(demoTracks('4000000001'));
    await service.refreshStatus();
    expect(await service.readRawData({ track2: true })).toMatchObject({ completion: 'success', value: { cardNumber: '4000000001' } });
  });
});

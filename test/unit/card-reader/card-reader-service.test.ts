/**
 * CardReaderService in XFS vocabulary, driven against the simulator on an
 * in-memory link with a hand-moved clock: polling and debounce, reads,
 * moves, the retain bin, invalid media, faults, and what the trace shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ByteTransport } from '../../../src/devices/transport/byte-transport';
import { createMemoryLink } from '../../../src/devices/transport/memory-link';
import { CardReaderService, type CardReaderEvents, type CardReaderServiceOptions } from '../../../src/devices/card-reader/card-reader-service';
import { Crt310Simulator } from '../../../src/devices/card-reader/simulator/crt310-simulator';
import { demoTracks } from '../../../src/devices/card-reader/simulator/demo-card';
import { encodeFrame } from '../../../src/devices/card-reader/crt310-frame';
import { ManualClock, drive } from './support';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const POLL = 100;

async function rig(options: Partial<CardReaderServiceOptions> = {}) {
  const clock = new ManualClock();
  const link = createMemoryLink('card-reader');
  const simulator = new Crt310Simulator({ transport: link.device, clock });
  await simulator.start();
  const service = new CardReaderService({
    transport: link.host,
    clock,
    pollIntervalMs: POLL,
    retainBin: { high: 2, full: 3 },
    timeouts: { ackMs: 50 },
    ...options,
  });
  const events: { name: keyof CardReaderEvents; payload: unknown }[] = [];
  for (const name of ['mediaInserted', 'mediaRemoved', 'cardAction', 'invalidMedia', 'statusChanged', 'fault', 'retainBinThreshold'] as const) {
    service.on(name, (payload) => events.push({ name, payload }));
  }
  const opened = await drive(service.open());
  expect(opened.completion).toBe('success');
  cleanups.push(() => drive(service.close()));
  const named = (name: keyof CardReaderEvents) => events.filter((e) => e.name === name).map((e) => e.payload);
  return { clock, link, simulator, service, events, named };
}

const yamada = demoTracks('4000000001');

describe('CardReaderService: status and capabilities', () => {
  it('opens online with no card and card entry as the reader reports it', async () => {
    const { service } = await rig();
    expect(service.status()).toEqual({ device: 'online', media: 'notPresent', position: 'noCard', cardEntry: 'enabled', retainBin: 'ok', retainedCount: 0 });
  });

  it('describes a motorised reader of three tracks that can retain', async () => {
    const { service } = await rig();
    expect(service.capabilities()).toMatchObject({ type: 'motor', readTracks: ['track1', 'track2', 'track3'], moveTargets: ['exit', 'retain', 'transport'], retainBin: { high: 2, full: 3 } });
  });

  it('turns card entry off and on with the card-entry control command', async () => {
    const { service, simulator } = await rig();
    expect((await drive(service.acceptCard(false))).completion).toBe('success');
    expect(simulator.snapshot().entry).toBe('prohibited');
    expect(service.status().cardEntry).toBe('disabled');
    expect((await drive(service.acceptCard(true))).completion).toBe('success');
    expect(simulator.snapshot().entry).toBe('magneticCard');
  });

  it('records the firmware version from reset', async () => {
    const { service } = await rig();
    const result = await drive(service.reset({ to: 'currentPosition' }));
    expect(result).toMatchObject({ completion: 'success', value: { firmware: 'CRT-310 V3.0 SIM' } });
    expect(service.diagnostics().firmware).toBe('CRT-310 V3.0 SIM');
  });
});

describe('CardReaderService: insertion by polling, debounced', () => {
  it('announces mediaInserted only after two polls agree', async () => {
    const { service, simulator, clock, named } = await rig();
    simulator.insertCard(yamada);
    await clock.advance(POLL);
    expect(named('mediaInserted')).toHaveLength(0);
    expect(service.status().media).toBe('notPresent');
    await clock.advance(POLL);
    expect(named('mediaInserted')).toHaveLength(1);
    expect(service.status().media).toBe('present');
  });

  it('ignores a card position seen in one poll only', async () => {
    // A scripted reader whose status flickers: inside for one poll, then no card again.
    const clock = new ManualClock();
    const link = createMemoryLink('flicker');
    await link.device.open();
    const positions = [0x4e, 0x4a, 0x4e, 0x4e, 0x4e];
    link.device.onData((chunk) => {
      if (chunk[0] === 0x02) void link.device.write(Buffer.from([0x06]));
      if (chunk[0] === 0x05) void link.device.write(encodeFrame([0x31, 0x30, positions.shift() ?? 0x4e, 0x49, 0x4e]));
    });
    const service = new CardReaderService({ transport: link.host, clock, pollIntervalMs: POLL, retainBin: { high: 2, full: 3 } });
    const inserted: unknown[] = [];
    service.on('mediaInserted', (e) => inserted.push(e));
    await drive(service.open());
    cleanups.push(() => drive(service.close()));
    await clock.advance(POLL * 4);
    expect(positions).toHaveLength(0);
    expect(inserted).toHaveLength(0);
    expect(service.status().media).toBe('notPresent');
  });

  it('announces mediaRemoved when the customer takes the card from the exit', async () => {
    const { service, simulator, clock, named } = await rig();
    simulator.insertCard(yamada);
    await clock.advance(POLL * 2);
    expect((await drive(service.move({ to: 'exit' }))).completion).toBe('success');
    expect(service.status().media).toBe('entering');
    expect(named('mediaRemoved')).toHaveLength(0);
    expect(simulator.removeCard()).toBe(true);
    await clock.advance(POLL * 2);
    expect(named('mediaRemoved')).toHaveLength(1);
    expect(service.status().media).toBe('notPresent');
  });

  it('goes offline when the reader falls silent and online again when it answers', async () => {
    const { service, simulator, clock, named } = await rig();
    simulator.setSilent(true);
    await clock.advance(POLL + 50 * 3);
    expect(service.status().device).toBe('offline');
    expect(named('fault')).toEqual([expect.objectContaining({ error: 'timeout' })]);
    simulator.setSilent(false);
    await clock.advance(POLL);
    expect(service.status().device).toBe('online');
  });
});

describe('CardReaderService: reading', () => {
  it('reads the card number, expiry and per-track status of a good card', async () => {
    const { service, simulator } = await rig();
    simulator.insertCard(yamada);
    const result = await drive(service.readRawData({ track1: true, track2: true, track3: true }));
    expect(result).toEqual({
      completion: 'success',
      value: {
        cardNumber: '4000000001',
        expiry: { year: 2030, month: 12 },
        tracks: { track1: { status: 'ok' }, track2: { status: 'ok' }, track3: { status: 'dataMissing' } },
      },
    });
  });

  it('reads the same card in binary mode, checking parity and LRC itself', async () => {
    const { service, simulator } = await rig();
    simulator.insertCard(demoTracks('4000000000000051'));
    const result = await drive(service.readRawData({ track2: true }, { mode: 'binary' }));
    expect(result).toMatchObject({ completion: 'success', value: { cardNumber: '4000000000000051', tracks: { track2: { status: 'ok' } } } });
  });

  it.each(['lrc', 'parity', 'noStartSentinel', 'noEndSentinel'] as const)('finds a track 2 with a %s fault in binary mode and reports invalidMedia', async (fault) => {
    const { service, simulator, named } = await rig();
    simulator.insertCard({ track2: { text: yamada.track2, fault } });
    const result = await drive(service.readRawData({ track2: true }, { mode: 'binary' }));
    expect(result).toEqual({ completion: 'commandErrorCode', errorCode: 'invalidMedia', detail: `track 2 ${fault}` });
    expect(named('invalidMedia')).toEqual([{ reason: { kind: 'track', track: 2, problem: fault }, tracks: { track2: { status: 'dataInvalid', reason: fault } } }]);
  });

  it('takes the reader\'s own verdict in ASCII mode (LRC error code 0xE4)', async () => {
    const { service, simulator } = await rig();
    simulator.insertCard({ track1: yamada.track1, track2: { text: yamada.track2, fault: 'lrc' } });
    const result = await drive(service.readRawData({ track1: true, track2: true }));
    expect(result).toMatchObject({ completion: 'commandErrorCode', errorCode: 'invalidMedia', detail: 'track 2 lrc' });
  });

  it('reports an unreadable track 2 as invalidMedia, not as a card', async () => {
    const { service, simulator } = await rig();
    simulator.insertCard({ track1: yamada.track1, track2: { unreadable: true } });
    expect(await drive(service.readRawData({ track2: true }))).toMatchObject({ completion: 'commandErrorCode', errorCode: 'invalidMedia', detail: 'track 2 unreadable' });
  });

  it('refuses a track-2 card number that is not 10, 15 or 16 digits', async () => {
    const { service, simulator } = await rig();
    simulator.insertCard({ track2: ';123456789012=3012101?' });
    expect(await drive(service.readRawData({ track2: true }))).toMatchObject({ completion: 'commandErrorCode', errorCode: 'invalidMedia' });
  });

  it('refuses a card whose tracks 1 and 2 name different numbers', async () => {
    const { service, simulator } = await rig();
    simulator.insertCard({ track1: demoTracks('4000000002').track1, track2: yamada.track2 });
    expect(await drive(service.readRawData({ track1: true, track2: true }))).toMatchObject({ errorCode: 'invalidMedia', detail: 'track 1 and track 2 name different card numbers' });
  });

  it('answers noMedia when there is no card', async () => {
    const { service } = await rig();
    expect(await drive(service.readRawData({ track2: true }))).toEqual({ completion: 'commandErrorCode', errorCode: 'noMedia' });
  });

  it('never puts track data or the card number into the trace', async () => {
    const { service, simulator } = await rig();
    simulator.insertCard(yamada);
    await drive(service.readRawData({ track1: true, track2: true }));
    await drive(service.readRawData({ track1: true, track2: true }, { mode: 'binary' }));
    const trace = service.diagnostics().trace;
    const readReplies = trace.filter((e) => e.direction === 'rx' && e.hex.startsWith('02') && e.hex.split(' ')[3] === '45');
    expect(readReplies).toHaveLength(2);
    const everything = JSON.stringify(trace);
    // '4000000001' as ASCII hex, and as binary-mode characters (0x80 | parity | digit): neither may appear.
    expect(everything).not.toContain('34 30 30 30');
    expect(everything).not.toContain('4000000001');
    expect(everything).not.toMatch(/YAMADA|59 41 4D 41/);
    // Issue 15: every byte after CM PM is masked, block headers included.
    for (const entry of readReplies) expect(entry.hex).toMatch(/^02 00 [0-9A-F]{2} 45 30 (\*\* )+03 \*\*$/);
  });
});

describe('CardReaderService: moves and the retain bin', () => {
  it('captures a card, counts it, and reports high then full against the thresholds', async () => {
    const { service, simulator, named } = await rig();
    for (let i = 0; i < 3; i++) {
      simulator.insertCard(yamada);
      await drive(service.refreshStatus());
      const result = await drive(service.move({ to: 'retain' }));
      expect(result.completion).toBe('success');
    }
    expect(simulator.snapshot().retained).toBe(3);
    expect(named('cardAction')).toEqual(Array(3).fill({ from: 'transport', to: 'retain' }));
    expect(named('retainBinThreshold')).toEqual([{ state: 'high', count: 2 }, { state: 'full', count: 3 }]);
    expect(service.status()).toMatchObject({ retainBin: 'full', retainedCount: 3 });
  });

  it('refuses to capture into a full bin without sending anything', async () => {
    const { service, simulator } = await rig({ retainBin: { high: 1, full: 1, count: 1 } });
    simulator.insertCard(yamada);
    const before = service.diagnostics().counters.commands;
    expect(await drive(service.move({ to: 'retain' }))).toMatchObject({ completion: 'commandErrorCode', errorCode: 'retainBinFull' });
    expect(service.diagnostics().counters.commands).toBe(before);
    expect(simulator.snapshot().position).toBe('inside');
  });

  it('takes back a card left at the exit and captures it', async () => {
    const { service, simulator, named } = await rig();
    simulator.insertCard(yamada);
    await drive(service.refreshStatus());
    await drive(service.move({ to: 'exit' }));
    expect(simulator.snapshot().position).toBe('frontHeld');
    expect(await drive(service.move({ to: 'retain' }))).toMatchObject({ completion: 'success' });
    expect(named('cardAction')).toEqual([{ from: 'transport', to: 'exit' }, { from: 'exit', to: 'retain' }]);
    expect(simulator.snapshot()).toMatchObject({ position: 'noCard', retained: 1 });
  });

  it('reports a jammed card as mediaJam and media jammed, and recovers after a reset', async () => {
    const { service, simulator, named } = await rig();
    simulator.insertCard(yamada);
    simulator.jam();
    expect(await drive(service.move({ to: 'exit' }))).toMatchObject({ completion: 'commandErrorCode', errorCode: 'mediaJam' });
    expect(service.status()).toMatchObject({ media: 'jammed', device: 'hardwareError' });
    expect(named('fault')).toContainEqual({ error: 'jam', detail: 'card jammed in the reader' });
    simulator.clearJam();
    expect((await drive(service.reset({ to: 'exit' }))).completion).toBe('success');
    expect(service.status()).toMatchObject({ media: 'entering', device: 'online' });
  });

  it('jams when the physical bin is full before the count says so', async () => {
    const { service, simulator } = await rig({ retainBin: { high: 40, full: 50 } });
    simulator.setRetainBin({ retained: 5, capacity: 5 });
    simulator.insertCard(yamada);
    expect(await drive(service.move({ to: 'retain' }))).toMatchObject({ completion: 'commandErrorCode', errorCode: 'mediaJam' });
  });

  it('reports a long card as invalidMedia and clears it out of the front', async () => {
    const { service, simulator, clock, named } = await rig();
    simulator.insertCard({ ...yamada, size: 'long' });
    await clock.advance(POLL * 2);
    expect(named('invalidMedia')).toEqual([{ reason: { kind: 'cardTooLong' } }]);
    expect(named('mediaInserted')).toHaveLength(0);
    expect(await drive(service.readRawData({ track2: true }))).toEqual({ completion: 'commandErrorCode', errorCode: 'cardTooLong' });
    expect((await drive(service.move({ to: 'exit' }))).completion).toBe('success');
    expect(simulator.snapshot().position).toBe('frontNotHeld');
  });

  it('reports a short card as cardTooShort and clears it out of the rear into the bin', async () => {
    const { service, simulator } = await rig();
    simulator.insertCard({ ...yamada, size: 'short' });
    await drive(service.refreshStatus());
    expect(await drive(service.readRawData({ track2: true }))).toEqual({ completion: 'commandErrorCode', errorCode: 'cardTooShort' });
    expect((await drive(service.move({ to: 'exit' }))).completion).toBe('success');
    expect(simulator.snapshot()).toMatchObject({ position: 'noCard', retained: 1 });
    expect(service.status().retainedCount).toBe(1);
  });

  it('answers noMedia to a move with no card', async () => {
    const { service } = await rig();
    expect(await drive(service.move({ to: 'exit' }))).toEqual({ completion: 'commandErrorCode', errorCode: 'noMedia' });
  });
});

describe('CardReaderService: line faults as XFS results', () => {
  it('says timeOut with a clear line message when the reader is silent', async () => {
    const { service, simulator, clock } = await rig({ pollIntervalMs: 0 });
    simulator.setSilent(true);
    const pending = service.readRawData({ track2: true });
    await clock.advance(50 * 3);
    expect(await drive(pending)).toEqual({ completion: 'timeOut', detail: 'no reply from card reader on memory:card-reader after 3 tries: check power, cable and port' });
  });

  it('goes powerOff when the reader says it runs on backup power', async () => {
    // A scripted reader that refuses with E=0x07.
    const clock = new ManualClock();
    const link = createMemoryLink('backup');
    await link.device.open();
    link.device.onData((chunk) => {
      if (chunk[0] === 0x02) void link.device.write(Buffer.from([0x06]));
      if (chunk[0] === 0x05) void link.device.write(encodeFrame([0x4e, 0x31, 0x07]));
    });
    const service = new CardReaderService({ transport: link.host, clock, pollIntervalMs: 0, retainBin: { high: 2, full: 3 } });
    cleanups.push(() => drive(service.close()));
    const result = await drive(service.open());
    expect(result).toMatchObject({ completion: 'deviceNotReady' });
    expect(service.status().device).toBe('powerOff');
  });
});

describe('CardReaderService: lifecycle', () => {
  it('can be closed and opened again on the same transport', async () => {
    const { service, simulator } = await rig({ pollIntervalMs: 0 });
    await drive(service.close());
    expect(service.status().device).toBe('offline');
    simulator.insertCard(yamada);
    expect(await drive(service.open())).toMatchObject({ completion: 'success', value: { device: 'online', media: 'present' } });
  });

  it('reports no fault for commands cut short by its own close', async () => {
    const { service, simulator, named } = await rig({ pollIntervalMs: 0 });
    simulator.setSilent(true);
    const pending = service.refreshStatus();
    await drive(service.close());
    expect(await drive(pending)).toMatchObject({ completion: 'deviceNotReady' });
    expect(named('fault')).toEqual([]);
  });

  it('keeps trying a port that is missing at start, not on every poll, and comes online when it appears', async () => {
    const clock = new ManualClock();
    const link = createMemoryLink('card-reader');
    const simulator = new Crt310Simulator({ transport: link.device, clock });
    await simulator.start();
    let present = false;
    let attempts = 0;
    const host = link.host;
    const absentAtFirst: ByteTransport = {
      endpoint: '/dev/ttyUSB0',
      get isOpen() { return host.isOpen; },
      open: async () => {
        attempts++;
        if (!present) throw new Error('cannot open /dev/ttyUSB0: No such file or directory');
        await host.open();
      },
      close: () => host.close(),
      write: (bytes) => host.write(bytes),
      onData: (listener) => host.onData(listener),
      onClose: (listener) => host.onClose(listener),
    };
    const service = new CardReaderService({ transport: absentAtFirst, clock, pollIntervalMs: POLL, reopenIntervalMs: 1_000, retainBin: { high: 2, full: 3 }, timeouts: { ackMs: 50 } });
    cleanups.push(() => drive(service.close()));
    const faults: unknown[] = [];
    service.on('fault', (fault) => faults.push(fault));
    expect(await drive(service.open())).toEqual({ completion: 'hardwareError', detail: 'cannot open /dev/ttyUSB0: No such file or directory' });
    expect(service.status().device).toBe('noDevice');
    await clock.advance(500);
    expect(attempts).toBe(1);
    await clock.advance(600);
    expect(attempts).toBe(2);
    present = true;
    await clock.advance(1_000);
    expect(attempts).toBe(3);
    expect(service.status()).toMatchObject({ device: 'online', media: 'notPresent' });
    // One fault for the outage, not one per attempt.
    expect(faults).toEqual([{ error: 'openFailed', detail: 'cannot open /dev/ttyUSB0: No such file or directory' }]);
  });

  it('refuses a read of no tracks as invalidData', async () => {
    const { service } = await rig();
    expect(await drive(service.readRawData({}))).toEqual({ completion: 'invalidData', detail: 'no track asked for' });
  });
});

describe('createSimulatedCardReader', () => {
  it('gives a service and a simulator joined by an in-memory link', async () => {
    const { createSimulatedCardReader } = await import('../../../src/devices/card-reader/simulated-card-reader');
    const { service, simulator } = await createSimulatedCardReader({ retainBin: { high: 1, full: 2 }, pollIntervalMs: 0 });
    simulator.insertCard(demoTracks('4000000004'));
    expect(await drive(service.open())).toMatchObject({ completion: 'success', value: { media: 'present' } });
    expect(await drive(service.readRawData({ track2: true }))).toMatchObject({ completion: 'success', value: { cardNumber: '4000000004' } });
    await drive(service.close());
  });
});

/**
 * The exchange state machine against a scripted raw peer (to see the exact
 * bytes) and against the simulator (to run the fault scripts), on an
 * in-memory link with a hand-moved clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMemoryLink } from '../../../src/devices/transport/memory-link';
import type { ByteTransport } from '../../../src/devices/transport/byte-transport';
import { Crt310Exchange, type ExchangeResult } from '../../../src/devices/card-reader/crt310-exchange';
import { describeExchangeError } from '../../../src/devices/card-reader/exchange-error-text';
import { Crt310Simulator } from '../../../src/devices/card-reader/simulator/crt310-simulator';
import { encodeFrame, fromHex, toHex } from '../../../src/devices/card-reader/crt310-frame';
import { ManualClock, drive, settle } from './support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function rig(options: { maxTries?: number } = {}) {
  const clock = new ManualClock();
  const link = createMemoryLink('card-reader');
  await link.host.open();
  const simulator = new Crt310Simulator({ transport: link.device, clock });
  await simulator.start();
  const exchange = new Crt310Exchange({ transport: link.host, clock, maxTries: options.maxTries ?? 3, timeouts: { ackMs: 100, cancelMs: 100, responseMs: { status: 500, move: 500 } } });
  cleanups.push(() => exchange.dispose());
  return { clock, link, simulator, exchange };
}

/** A peer that records what it receives and answers nothing unless told. */
async function rawPeer(device: ByteTransport) {
  await device.open();
  const received: number[] = [];
  device.onData((chunk) => received.push(...chunk));
  return {
    received,
    hex: () => toHex(Buffer.from(received)),
    send: (hex: string) => device.write(fromHex(hex)),
  };
}

describe('Crt310Exchange against a raw peer', () => {
  it('sends the command frame, then ENQ after ACK, and decodes the reply (worked frames)', async () => {
    const clock = new ManualClock();
    const link = createMemoryLink('raw');
    await link.host.open();
    const peer = await rawPeer(link.device);
    const exchange = new Crt310Exchange({ transport: link.host, clock });
    const pending = exchange.send({ kind: 'status' });
    await settle();
    expect(peer.hex()).toBe('02 00 02 31 30 03 02');
    await peer.send('06');
    await settle();
    expect(peer.hex()).toBe('02 00 02 31 30 03 02 05');
    expect(exchange.state).toBe('awaitingResponse');
    await peer.send('02 00 05 31 30 4A 4A 4A 03 4F');
    expect(await drive(pending)).toEqual({ ok: true, reply: { kind: 'status', position: 'inside', entry: 'switch', rear: 'allowed' } });
    expect(exchange.state).toBe('idle');
  });

  it('resends the same frame after a NAK and counts it', async () => {
    const clock = new ManualClock();
    const link = createMemoryLink('raw');
    await link.host.open();
    const peer = await rawPeer(link.device);
    const exchange = new Crt310Exchange({ transport: link.host, clock });
    void exchange.send({ kind: 'move', target: 'capture' });
    await settle();
    await peer.send('15');
    await settle();
    expect(peer.hex()).toBe('02 00 02 32 33 03 02 02 00 02 32 33 03 02');
    expect(exchange.diagnostics.counters).toMatchObject({ naks: 1, retries: 1 });
  });

  it('sends EOT when the reply does not come, and ignores that reply when it arrives late', async () => {
    const clock = new ManualClock();
    const link = createMemoryLink('raw');
    await link.host.open();
    const peer = await rawPeer(link.device);
    const exchange = new Crt310Exchange({ transport: link.host, clock, timeouts: { responseMs: { status: 200 } } });
    const first = exchange.send({ kind: 'status' });
    await settle();
    await peer.send('06');
    await clock.advance(200);
    expect(await drive(first)).toEqual({ ok: false, error: { kind: 'timeout', phase: 'response', tries: 1, noiseBytes: 0 } });
    expect(peer.hex().endsWith('05 04')).toBe(true);
    // Next command: the stale status reply arrives first and must not answer a move.
    const second = exchange.send({ kind: 'move', target: 'frontHeld' });
    await settle();
    await peer.send('06');
    await settle();
    await peer.send('02 00 05 31 30 4A 4A 4A 03 4F');
    await settle();
    expect(exchange.state).toBe('awaitingResponse');
    await peer.send('02 00 03 32 31 59 03 58');
    expect(await drive(second)).toEqual({ ok: true, reply: { kind: 'move', result: 'ok' } });
  });

  it('fails with the reader error code on an error reply', async () => {
    const clock = new ManualClock();
    const link = createMemoryLink('raw');
    await link.host.open();
    const peer = await rawPeer(link.device);
    const exchange = new Crt310Exchange({ transport: link.host, clock });
    const pending = exchange.send({ kind: 'readTracks', mode: 'ascii', tracks: [2] });
    await settle();
    await peer.send('06');
    await settle();
    // 'N' CM E with E = 0x06: abnormal card inside.
    await peer.send('02 00 03 4E 45 06 03 0F');
    expect(await drive(pending)).toEqual({ ok: false, error: { kind: 'negativeReply', error: 'abnormalCard', code: 6 } });
  });

  it('reports a read reply of an unknown dialect as badReply with the masked frame, for the technician page (issue 15)', async () => {
    const clock = new ManualClock();
    const link = createMemoryLink('raw');
    await link.host.open();
    const peer = await rawPeer(link.device);
    const exchange = new Crt310Exchange({ transport: link.host, clock });
    const pending = exchange.send({ kind: 'readTracks', mode: 'ascii', tracks: [2] });
    await settle();
    await peer.send('06');
    await settle();
    // A block status 'A' (0x41) no dialect uses, followed by a card number.
    const body = Buffer.concat([fromHex('45 30 1F 41'), Buffer.from('4000000000000002')]);
    await peer.send(toHex(encodeFrame(body)));
    const result = await drive(pending);
    expect(result).toEqual({ ok: false, error: { kind: 'badReply', problem: 'malformedTrackBlocks', frame: `02 00 14 45 30 ${Array(18).fill('**').join(' ')} 03 **` } });
    const detail = describeExchangeError((result as { error: Parameters<typeof describeExchangeError>[0] }).error, { endpoint: 'memory:raw' });
    expect(detail).toBe('card reader sent a reply this driver cannot read: malformedTrackBlocks, frame 02 00 14 45 30 **x18 03 **');
    expect(detail).not.toMatch(/34 30 30 30|4000/);
  });
});

describe('Crt310Exchange against the simulator', () => {
  it('completes a status exchange', async () => {
    const { exchange } = await rig();
    expect(await drive(exchange.send({ kind: 'status' }))).toEqual({
      ok: true,
      reply: { kind: 'status', position: 'noCard', entry: 'magneticCard', rear: 'prohibited' },
    });
  });

  it('retries through a NAK burst shorter than its tries', async () => {
    const { exchange, simulator } = await rig();
    simulator.nakNext(2);
    expect((await drive(exchange.send({ kind: 'status' }))).ok).toBe(true);
    expect(exchange.diagnostics.counters).toMatchObject({ naks: 2, retries: 2 });
  });

  it('gives up after a NAK burst as long as its tries', async () => {
    const { exchange, simulator } = await rig();
    simulator.nakNext(3);
    expect(await drive(exchange.send({ kind: 'status' }))).toEqual({ ok: false, error: { kind: 'nakLimit', tries: 3 } });
    // and the next command goes through
    expect((await drive(exchange.send({ kind: 'status' }))).ok).toBe(true);
  });

  it('asks again with ENQ for a reply that arrives with a bad BCC', async () => {
    const { exchange, simulator } = await rig();
    simulator.corruptNextReplies(2);
    expect((await drive(exchange.send({ kind: 'status' }))).ok).toBe(true);
    expect(exchange.diagnostics.counters).toMatchObject({ bccErrors: 2, retries: 2 });
    expect(simulator.snapshot().commandsExecuted).toBe(1);
  });

  it('fails with bcc when every copy of the reply is damaged', async () => {
    const { exchange, simulator } = await rig();
    simulator.corruptNextReplies(5);
    expect(await drive(exchange.send({ kind: 'status' }))).toEqual({ ok: false, error: { kind: 'bcc', tries: 3 } });
  });

  it('times out on a silent reader after its tries, then recovers when it speaks again', async () => {
    const { exchange, simulator, clock } = await rig();
    simulator.setSilent(true);
    const pending = exchange.send({ kind: 'status' });
    await clock.advance(100 * 3);
    expect(await drive(pending)).toEqual({ ok: false, error: { kind: 'timeout', phase: 'ack', tries: 3, noiseBytes: 0 } });
    simulator.setSilent(false);
    expect((await drive(exchange.send({ kind: 'status' }))).ok).toBe(true);
  });

  it('waits for a slow reply within its timeout', async () => {
    const { exchange, simulator, clock } = await rig();
    simulator.setReplyDelay(400);
    const pending = exchange.send({ kind: 'status' });
    await clock.advance(400);
    expect((await drive(pending)).ok).toBe(true);
  });

  it('cancels a command in progress with EOT; the reader answers EOT and drops it', async () => {
    const { exchange, simulator, clock } = await rig();
    simulator.setReplyDelay(10_000);
    const pending = exchange.send({ kind: 'move', target: 'frontHeld' });
    await settle();
    expect(exchange.state).toBe('awaitingResponse');
    exchange.cancel();
    expect(await drive(pending)).toEqual({ ok: false, error: { kind: 'canceled' } });
    await clock.advance(10_000);
    expect(simulator.snapshot().commandsExecuted).toBe(0);
  });

  it('runs queued commands one at a time, in order', async () => {
    const { exchange } = await rig();
    const kinds: string[] = [];
    const all = Promise.all([
      exchange.send({ kind: 'status' }).then((r) => r.ok && kinds.push(r.reply.kind)),
      exchange.send({ kind: 'led', on: true }).then((r) => r.ok && kinds.push(r.reply.kind)),
      exchange.send({ kind: 'reset', action: 'keepCard' }).then((r) => r.ok && kinds.push(r.reply.kind)),
    ]);
    expect(exchange.queued).toBe(2);
    await drive(all);
    expect(kinds).toEqual(['status', 'led', 'reset']);
  });

  it('fails the command in flight and the queued ones when the port closes', async () => {
    const { exchange, simulator, link } = await rig();
    simulator.setSilent(true);
    const a = exchange.send({ kind: 'status' });
    const b = exchange.send({ kind: 'status' });
    await settle();
    await link.host.close();
    expect(await drive(a)).toEqual({ ok: false, error: { kind: 'portClosed' } });
    expect(await drive(b)).toEqual({ ok: false, error: { kind: 'portClosed' } });
    expect(await drive(exchange.send({ kind: 'status' }))).toEqual({ ok: false, error: { kind: 'portClosed' } });
  });

  it('loses power mid-reply: the command times out, and after power returns the next one succeeds', async () => {
    const { exchange, simulator, clock } = await rig();
    simulator.powerLoss({ midReply: true });
    const pending = exchange.send({ kind: 'reset', action: 'keepCard' });
    await clock.advance(10_000);
    expect(await drive(pending)).toMatchObject({ ok: false, error: { kind: 'timeout', phase: 'response' } });
    const whileOff = exchange.send({ kind: 'status' });
    await clock.advance(300);
    expect(await drive(whileOff)).toMatchObject({ ok: false, error: { kind: 'timeout', phase: 'ack' } });
    simulator.powerRestore();
    expect((await drive(exchange.send({ kind: 'status' }))).ok).toBe(true);
  });

  it('reports a baud mismatch as noise, and says to check the baud rate', async () => {
    const { exchange, simulator, clock } = await rig();
    simulator.setLineBaudRate(38400);
    const pending = exchange.send({ kind: 'status' });
    await clock.advance(300);
    const result = await drive(pending);
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout', phase: 'ack' } });
    if (result.ok) return;
    expect(result.error.kind === 'timeout' && result.error.noiseBytes).toBeGreaterThan(0);
    expect(describeExchangeError(result.error, { endpoint: '/dev/ttyUSB0', baudRate: 38400 })).toBe(
      `no valid reply from card reader at 38400 bps (${result.error.kind === 'timeout' ? result.error.noiseBytes : 0} unreadable byte(s) on /dev/ttyUSB0): check the baud rate (reader default 9600)`,
    );
  });
});

describe('Crt310Exchange under random fault scripts (fast-check)', () => {
  const fault = fc.oneof(
    fc.record({ kind: fc.constant('nak' as const), count: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ kind: fc.constant('corrupt' as const), count: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ kind: fc.constant('slow' as const), ms: fc.integer({ min: 0, max: 1_000 }) }),
    fc.record({ kind: fc.constant('silent' as const) }),
    fc.record({ kind: fc.constant('powerLoss' as const), midReply: fc.boolean() }),
    fc.record({ kind: fc.constant('baud' as const) }),
    fc.record({ kind: fc.constant('noise' as const), bytes: fc.uint8Array({ maxLength: 40 }) }),
  );

  it('always settles every command with a result from the closed set, and recovers once the faults clear', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fault, { minLength: 1, maxLength: 4 }), async (script) => {
      const { exchange, simulator, clock, link } = await rig();
      for (const step of script) {
        switch (step.kind) {
          case 'nak': simulator.nakNext(step.count); break;
          case 'corrupt': simulator.corruptNextReplies(step.count); break;
          case 'slow': simulator.setReplyDelay(step.ms); break;
          case 'silent': simulator.setSilent(true); break;
          case 'powerLoss': simulator.powerLoss({ midReply: step.midReply }); break;
          case 'baud': simulator.setLineBaudRate(38400); break;
          case 'noise': await link.device.write(step.bytes); break;
        }
      }
      const results: ExchangeResult[] = [];
      const pending = [exchange.send({ kind: 'status' }), exchange.send({ kind: 'move', target: 'frontHeld' })].map((p) => p.then((r) => results.push(r)));
      await clock.advance(5_000);
      await drive(Promise.all(pending));
      expect(results).toHaveLength(2);
      for (const r of results) {
        if (!r.ok) expect(['timeout', 'nakLimit', 'bcc', 'negativeReply', 'badReply', 'canceled', 'portClosed']).toContain(r.error.kind);
      }
      expect(exchange.parserBufferedBytes).toBeLessThanOrEqual(261);
      // Clear every fault: the next command must succeed.
      simulator.nakNext(0);
      simulator.corruptNextReplies(0);
      simulator.setReplyDelay(0);
      simulator.setSilent(false);
      simulator.setLineBaudRate(9600);
      simulator.powerRestore();
      const after = exchange.send({ kind: 'status' });
      await clock.advance(1_000);
      expect((await drive(after)).ok).toBe(true);
      exchange.dispose();
    }), { numRuns: 60 });
  });
});

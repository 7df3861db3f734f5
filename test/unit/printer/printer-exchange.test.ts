/**
 * The printer line's one writer: status requests with per-request timeout
 * and bounded retries on an injected clock, document writes in queue order,
 * and what happens to bytes nobody asked for. The far end here is driven by
 * hand, byte by byte, so each rule is seen on its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLink } from '../../../src/devices/transport/memory-link';
import type { ByteTransport } from '../../../src/devices/transport/byte-transport';
import { PrinterExchange, describeExchangeError } from '../../../src/devices/printer/printer-exchange';
import { ManualClock, advance, drive, settle } from './support';

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

async function rig(options: { maxTries?: number } = {}) {
  const clock = new ManualClock();
  const link = createMemoryLink('printer-exchange');
  await link.host.open();
  await link.device.open();
  const received: Buffer[] = [];
  link.device.onData((chunk) => received.push(chunk));
  const exchange = new PrinterExchange({ transport: link.host, clock, statusTimeoutMs: 100, maxTries: options.maxTries ?? 3 });
  disposers.push(() => exchange.dispose());
  const device: ByteTransport = link.device;
  const sent = () => Buffer.concat(received).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
  const answer = (...bytes: number[]) => device.write(Buffer.from(bytes));
  return { clock, link, exchange, device, sent, answer };
}

describe('status requests', () => {
  it('sends DLE EOT n and resolves with the one-byte answer', async () => {
    const { exchange, sent, answer } = await rig();
    const result = exchange.requestStatus(4);
    await settle();
    expect(sent()).toBe('10 04 04');
    await answer(0x1e);
    expect(await drive(result)).toEqual({ ok: true, byte: 0x1e });
    expect(exchange.state).toBe('idle');
  });

  it('asks the same request again after a timeout, and takes the answer to the retry', async () => {
    const { clock, exchange, sent, answer } = await rig();
    const result = exchange.requestStatus(2);
    await advance(clock, 100);
    expect(sent()).toBe('10 04 02 10 04 02');
    await answer(0x16);
    expect(await drive(result)).toEqual({ ok: true, byte: 0x16 });
    expect(exchange.diagnostics.counters).toMatchObject({ statusRequests: 2, retries: 1, timeouts: 1 });
  });

  it('gives up after maxTries with a timeout that names the request, then keeps the line quiet for one timeout', async () => {
    const { clock, exchange, sent, answer } = await rig({ maxTries: 3 });
    const result = exchange.requestStatus(1);
    await advance(clock, 300);
    expect(await drive(result)).toEqual({ ok: false, error: { kind: 'timeout', request: 1, tries: 3 } });
    expect(sent()).toBe('10 04 01 10 04 01 10 04 01');
    // A request made now waits out the quiet period; a very late answer meanwhile is dropped, not taken for its answer.
    const next = exchange.requestStatus(4);
    await settle();
    expect(exchange.state).toBe('quiet');
    await answer(0x1a);
    await settle();
    expect(exchange.diagnostics.counters.unexpected).toBe(1);
    expect(sent()).toBe('10 04 01 10 04 01 10 04 01');
    await advance(clock, 100);
    expect(sent()).toBe('10 04 01 10 04 01 10 04 01 10 04 04');
    await answer(0x12);
    expect(await drive(next)).toEqual({ ok: true, byte: 0x12 });
  });

  it('counts bytes that are not status bytes as noise and still takes the status byte that follows', async () => {
    const { exchange, answer } = await rig();
    const result = exchange.requestStatus(1);
    await settle();
    await answer(0x00, 0xff, 0x13, 0x12);
    expect(await drive(result)).toEqual({ ok: true, byte: 0x12 });
    expect(exchange.diagnostics.counters.noiseBytes).toBe(3);
  });

  it('reports a malformed reply, with the last byte, when every try got only noise', async () => {
    const { clock, exchange, answer } = await rig({ maxTries: 2 });
    const result = exchange.requestStatus(3);
    await settle();
    await answer(0xff);
    await advance(clock, 100);
    await answer(0x00);
    await advance(clock, 100);
    const outcome = await drive(result);
    expect(outcome).toEqual({ ok: false, error: { kind: 'malformedReply', request: 3, tries: 2, noiseBytes: 2, lastByte: 0x00 } });
    if (outcome.ok) throw new Error('unreachable');
    expect(describeExchangeError(outcome.error, { endpoint: '/dev/ttyUSB1', baudRate: 9600 })).toBe(
      'printer on /dev/ttyUSB1 at 9600 bps answered DLE EOT 3 with 2 byte(s) that are not status bytes (last 0x00; bits 1 and 4 must be set): check the baud rate and that this is an ESC/POS printer',
    );
  });

  it('asks n = 1 to 4 in turn for a full query and decodes the four answers', async () => {
    const { exchange, sent, answer } = await rig();
    const query = exchange.queryStatus();
    for (const byte of [0x1a, 0x32, 0x12, 0x7e]) {
      await settle();
      await answer(byte);
    }
    const result = await drive(query);
    expect(sent()).toBe('10 04 01 10 04 02 10 04 03 10 04 04');
    expect(result).toMatchObject({ ok: true, bytes: { printer: 0x1a, offlineCause: 0x32, errorCause: 0x12, paperSensor: 0x7e }, conditions: { offline: true, stoppedByPaperEnd: true, paperEnd: true, paperNearEnd: true, coverOpen: false } });
  });
});

describe('document writes and the queue', () => {
  it('never puts a status request inside a document write: jobs go out in the order they were queued', async () => {
    const { exchange, sent, answer } = await rig();
    const write = exchange.write(Buffer.from([0x1b, 0x40, 0x41, 0x0a]), 'document line 1 of 1');
    const status = exchange.requestStatus(1);
    expect(exchange.queued).toBe(1);
    await settle();
    await answer(0x12);
    expect(await drive(write)).toEqual({ ok: true });
    expect(await drive(status)).toEqual({ ok: true, byte: 0x12 });
    expect(sent()).toBe('1B 40 41 0A 10 04 01');
  });

  it('counts bytes that come while nothing is asked, and drops them', async () => {
    const { exchange, answer } = await rig();
    await answer(0x12, 0x12);
    await settle();
    expect(exchange.diagnostics.counters.unexpected).toBe(2);
    expect(exchange.state).toBe('idle');
  });

  it('records document writes as byte counts only, never their bytes', async () => {
    const { exchange } = await rig();
    await drive(exchange.write(Buffer.from('TARO YAMADA\n'), 'document line 3 of 9'));
    const trace = exchange.diagnostics.snapshot().trace;
    expect(trace).toEqual([expect.objectContaining({ direction: 'tx', hex: '', note: 'document line 3 of 9: 12 byte(s)' })]);
    expect(JSON.stringify(trace)).not.toMatch(/TARO|54 41 52 4F/);
    expect(exchange.diagnostics.counters.documentBytes).toBe(12);
  });

  it('fails what is in flight and what waits when the port closes, and refuses new work', async () => {
    const { link, exchange } = await rig();
    const first = exchange.requestStatus(1);
    const second = exchange.write(Buffer.from([0x0a]), 'line');
    await settle();
    await link.host.close();
    expect(await drive(first)).toEqual({ ok: false, error: { kind: 'portClosed' } });
    expect(await drive(second)).toEqual({ ok: false, error: { kind: 'portClosed' } });
    expect(await drive(exchange.requestStatus(2))).toEqual({ ok: false, error: { kind: 'portClosed' } });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { LineFault } from '../../../src/devices/id-scanner/document-source';
import { SerialDocumentSource } from '../../../src/devices/id-scanner/serial/serial-document-source';
import { encodeSerialFrame, STX } from '../../../src/devices/id-scanner/serial/serial-frame-parser';
import type { ByteTransport } from '../../../src/devices/transport/byte-transport';
import { createMemoryLink } from '../../../src/devices/transport/memory-link';
import { ManualClock } from '../../support/manual-clock';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const RECORD = ['JPID/1', 'TYPE:DL', 'NAME:山田 太郎', 'END'];
const tick = () => new Promise((resolve) => setImmediate(resolve));

type Rig = { source: SerialDocumentSource; reader: ByteTransport; host: ByteTransport; timers: ManualClock; payloads: string[]; faults: LineFault[]; lost: string[] };
const opened: Rig[] = [];

async function rig(options: { maxPayloadBytes?: number } = {}): Promise<Rig> {
  const link = createMemoryLink('id-scanner');
  const timers = new ManualClock();
  const source = new SerialDocumentSource({ transport: link.host, timers, interByteTimeoutMs: 500, ...options });
  const r: Rig = { source, reader: link.device, host: link.host, timers, payloads: [], faults: [], lost: [] };
  source.onPayload((p) => r.payloads.push(p.toString('utf8')));
  source.onFault((f) => r.faults.push(f));
  source.onLinkLost((reason) => r.lost.push(reason));
  await source.open();
  await link.device.open();
  opened.push(r);
  return r;
}

/** Each chunk as its own write, so each arrives at the source as its own `data` chunk. */
async function send(reader: ByteTransport, ...chunks: Uint8Array[]): Promise<void> {
  for (const chunk of chunks) {
    await reader.write(chunk);
    await tick();
  }
}

afterEach(async () => {
  for (const r of opened.splice(0)) await r.source.close();
});

describe('serial document source', () => {
  it('says what it is for diagnostics, and opens its port', async () => {
    const { source, host } = await rig();
    expect(source).toMatchObject({ transport: 'serial', endpoint: 'memory:id-scanner', canReopen: true, maxPayloadBytes: 4096, readInProgress: false });
    expect(host.isOpen).toBe(true);
  });

  it('delivers an MRZ frame and a UTF-8 record frame whole, split at every byte', async () => {
    const { reader, payloads, faults } = await rig();
    for (const lines of [TD3, RECORD]) {
      const frame = encodeSerialFrame(lines);
      for (let cut = 1; cut < frame.length; cut++) await send(reader, frame.subarray(0, cut), frame.subarray(cut));
      expect(payloads.splice(0)).toEqual(Array.from({ length: frame.length - 1 }, () => lines.join('\r')));
    }
    expect(faults).toEqual([]);
  });

  it('reports noise and a restarted frame as faults that spoil no read, and reads on', async () => {
    const { reader, payloads, faults } = await rig();
    await send(reader, Buffer.from('~~noise~~'), Buffer.from([STX, 0x41, 0x42]), encodeSerialFrame(RECORD));
    expect(faults).toMatchObject([
      { source: 'serial', fault: { code: 'garbage', bytes: 9 }, damage: 'none', message: '9 bytes outside any STX...ETX frame ignored' },
      { source: 'serial', fault: { code: 'frameInterrupted', discardedBytes: 2 }, damage: 'none' },
    ]);
    expect(payloads).toEqual([RECORD.join('\r')]);
  });

  it('drops a frame over the limit whole', async () => {
    const { reader, payloads, faults } = await rig({ maxPayloadBytes: 40 });
    await send(reader, encodeSerialFrame(TD3), encodeSerialFrame('SHORT'));
    expect(faults).toMatchObject([{ fault: { code: 'frameTooLong', limit: 40 }, damage: 'readTooLarge' }]);
    expect(payloads).toEqual(['SHORT']);
  });

  it('gives up on a frame whose bytes stop, counting the gap from the last chunk', async () => {
    const { source, reader, timers, payloads, faults } = await rig();
    const frame = encodeSerialFrame(TD3);
    await send(reader, frame.subarray(0, 10));
    expect(source.readInProgress).toBe(true);
    timers.advance(499);
    await send(reader, frame.subarray(10, 20));
    timers.advance(499);
    expect(faults).toEqual([]);
    timers.advance(1);
    expect(faults).toMatchObject([{ source: 'serial', fault: { code: 'incompleteFrame', receivedBytes: 19 }, damage: 'readStalled' }]);
    expect(source.readInProgress).toBe(false);
    expect(timers.pendingCount).toBe(0);
    await send(reader, encodeSerialFrame(RECORD));
    expect(payloads).toEqual([RECORD.join('\r')]);
  });

  it('lets go of a port that closed under it and says the link was lost; it opens again and reads', async () => {
    const { source, reader, host, timers, payloads, lost } = await rig();
    await send(reader, encodeSerialFrame(TD3).subarray(0, 10));
    await host.close();
    expect(lost).toEqual(['serial link closed']);
    expect(source.readInProgress).toBe(false);
    expect(timers.pendingCount).toBe(0);
    await source.open();
    expect(host.isOpen).toBe(true);
    await send(reader, encodeSerialFrame(RECORD));
    expect(payloads).toEqual([RECORD.join('\r')]);
  });

  it('closes its port on close without a link lost, and starts clean when opened again', async () => {
    const { source, reader, host, timers, payloads, faults, lost } = await rig();
    await send(reader, encodeSerialFrame(TD3).subarray(0, 10));
    await source.close();
    expect(host.isOpen).toBe(false);
    expect(timers.pendingCount).toBe(0);
    expect(lost).toEqual([]);
    await source.open();
    await send(reader, encodeSerialFrame(RECORD));
    // The half frame from before the close is gone: no frameInterrupted, just the new read.
    expect(faults).toEqual([]);
    expect(payloads).toEqual([RECORD.join('\r')]);
  });

  it('rejects open with the port\'s reason and leaves nothing listening', async () => {
    const listeners = { data: 0, close: 0 };
    const missing: ByteTransport = {
      endpoint: '/dev/ttyUSB9', isOpen: false,
      open: () => Promise.reject(new Error('cannot open /dev/ttyUSB9: No such file or directory')),
      close: async () => undefined,
      write: async () => undefined,
      onData: () => { listeners.data++; return () => void listeners.data--; },
      onClose: () => { listeners.close++; return () => void listeners.close--; },
    };
    const source = new SerialDocumentSource({ transport: missing });
    await expect(source.open()).rejects.toThrow('No such file or directory');
    expect(listeners).toEqual({ data: 0, close: 0 });
    expect(source.readInProgress).toBe(false);
  });
});

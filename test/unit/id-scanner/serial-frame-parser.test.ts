import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSerialFrame, ETX, SerialFrameParser, STX, type SerialFrameEvent } from '../../../src/devices/id-scanner/serial/serial-frame-parser';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const RECORD = ['JPID/1', 'TYPE:DL', 'NAME:山田 太郎', 'END'];

/** Feeds chunks and ends the stream; returns every event in order. */
async function run(chunks: Uint8Array[], options?: { maxFrameBytes?: number }): Promise<SerialFrameEvent[]> {
  const parser = new SerialFrameParser(options);
  const events: SerialFrameEvent[] = [];
  parser.on('data', (event: SerialFrameEvent) => events.push(event));
  const ended = new Promise((resolve) => parser.on('end', resolve));
  for (const chunk of chunks) parser.write(Buffer.from(chunk));
  parser.end();
  await ended;
  return events;
}

const frame = (payload: string): SerialFrameEvent => ({ type: 'frame', payload: Buffer.from(payload) });

describe('serial STX...ETX framing', () => {
  it('frames MRZ lines separated by CR, and a UTF-8 JPID record, split at every byte boundary', async () => {
    for (const lines of [TD3, RECORD]) {
      const bytes = encodeSerialFrame(lines);
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(await run([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([frame(lines.join('\r'))]);
      }
    }
  });

  it('frames a stream delivered one byte at a time', async () => {
    const bytes = Buffer.concat([encodeSerialFrame(TD3), encodeSerialFrame(RECORD)]);
    expect(await run([...bytes].map((b) => Uint8Array.of(b)))).toEqual([frame(TD3.join('\r')), frame(RECORD.join('\r'))]);
  });

  it('ignores CR LF between frames but reports other bytes outside frames, and resyncs', async () => {
    const events = await run([Buffer.from('noise'), encodeSerialFrame('A'), Buffer.from('\r\n'), Uint8Array.of(ETX), encodeSerialFrame('B')]);
    expect(events).toEqual([
      { type: 'fault', fault: { code: 'garbage', bytes: 5 } },
      frame('A'),
      { type: 'fault', fault: { code: 'garbage', bytes: 1 } },
      frame('B'),
    ]);
  });

  it('drops a frame restarted by STX and reads the new one', async () => {
    const events = await run([Buffer.from([STX, 0x41, 0x42]), encodeSerialFrame('C')]);
    expect(events).toEqual([{ type: 'fault', fault: { code: 'frameInterrupted', discardedBytes: 2 } }, frame('C')]);
  });

  it('bounds a frame that never ends and drops its tail up to the next STX', async () => {
    const events = await run([Uint8Array.of(STX), Buffer.alloc(50, 0x41), Buffer.alloc(30, 0x42), Uint8Array.of(ETX), Buffer.from('tail'), encodeSerialFrame('ok')], { maxFrameBytes: 64 });
    expect(events).toEqual([{ type: 'fault', fault: { code: 'frameTooLong', limit: 64 } }, frame('ok')]);
  });

  it('reports an unfinished frame when the stream ends, or when its owner abandons it', async () => {
    expect(await run([Buffer.from([STX, 0x41])])).toEqual([{ type: 'fault', fault: { code: 'incompleteFrame', receivedBytes: 1 } }]);
    const parser = new SerialFrameParser();
    const events: SerialFrameEvent[] = [];
    parser.on('data', (e: SerialFrameEvent) => events.push(e));
    parser.write(Buffer.from([STX, 0x41, 0x42]));
    expect(parser.hasPartialFrame).toBe(true);
    parser.abandonPartialFrame();
    parser.write(encodeSerialFrame('next'));
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([{ type: 'fault', fault: { code: 'incompleteFrame', receivedBytes: 2 } }, frame('next')]);
  });

  it('refuses to encode a payload holding STX or ETX', () => {
    expect(() => encodeSerialFrame('a\u0003b')).toThrow(RangeError);
  });

  it('never throws on random bytes, never holds more than its bound, and finds a good frame after them', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 20 }), async (chunks) => {
      const events = await run([...chunks, Uint8Array.of(ETX), encodeSerialFrame('FINAL')], { maxFrameBytes: 256 });
      for (const event of events) if (event.type === 'frame') expect(event.payload.length).toBeLessThanOrEqual(256);
      expect(events.at(-1)).toEqual(frame('FINAL'));
    }), { numRuns: 300 });
  });
});

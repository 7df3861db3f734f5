/**
 * The framing parser: tokens for control bytes and frames, faults for
 * everything else, resynchronisation, and a bounded buffer, including under
 * random input (fast-check).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { encodeCommand } from '../../../src/devices/card-reader/crt310-codec';
import { MAX_FRAME_LENGTH, encodeFrame, fromHex } from '../../../src/devices/card-reader/crt310-frame';
import { Crt310FrameDecoder, Crt310Parser, type Crt310Token } from '../../../src/devices/card-reader/crt310-parser';

const status = fromHex('02 00 05 31 30 4A 4A 4A 03 4F');
const readAll = fromHex('02 00 04 45 30 30 37 03 77');

function feed(chunks: Uint8Array[], decoder = new Crt310FrameDecoder()): Crt310Token[] {
  const tokens: Crt310Token[] = [];
  for (const chunk of chunks) decoder.push(chunk, (t) => tokens.push(t));
  return tokens;
}

function frames(tokens: Crt310Token[]): string[] {
  return tokens.flatMap((t) => (t.kind === 'frame' ? [t.frame.raw.toString('hex')] : []));
}

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    parts.push(bytes.subarray(from, p));
    from = p;
  }
  parts.push(bytes.subarray(from));
  return parts;
}

describe('Crt310FrameDecoder', () => {
  it('recognises ACK, NAK, ENQ and EOT as single-byte tokens', () => {
    const tokens = feed([Buffer.from([0x06, 0x15, 0x05, 0x04])]);
    expect(tokens).toEqual(['ack', 'nak', 'enq', 'eot'].map((control) => ({ kind: 'control', control })));
  });

  it('yields the same frame however the bytes are split, at every byte boundary', () => {
    const stream = Buffer.concat([Buffer.from([0x06]), status, readAll]);
    for (let a = 0; a <= stream.length; a++) {
      for (let b = a; b <= stream.length; b++) {
        const tokens = feed([stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)]);
        expect(tokens.map((t) => t.kind)).toEqual(['control', 'frame', 'frame']);
        expect(frames(tokens)).toEqual([status.toString('hex'), readAll.toString('hex')]);
      }
    }
  });

  it('also yields it fed one byte at a time', () => {
    const tokens = feed(Array.from(status, (b) => Buffer.from([b])));
    expect(frames(tokens)).toEqual([status.toString('hex')]);
  });

  it('reports garbage before a frame as one fault with its byte count, then the frame', () => {
    const tokens = feed([Buffer.concat([Buffer.from([0x41, 0x42, 0xff]), status])]);
    expect(tokens[0]).toEqual({ kind: 'fault', reason: 'garbage', discardedBytes: 3 });
    expect(frames(tokens)).toEqual([status.toString('hex')]);
  });

  it('drops a frame with a bad BCC whole and parses the next one', () => {
    const bad = Buffer.from(status);
    bad[bad.length - 1]! ^= 0x01;
    const tokens = feed([Buffer.concat([bad, readAll])]);
    expect(tokens[0]).toMatchObject({ kind: 'fault', reason: 'badBcc', discardedBytes: status.length, command: 0x31 });
    expect(frames(tokens)).toEqual([readAll.toString('hex')]);
  });

  it('treats an out-of-range LEN as a bad header and resynchronises at the next STX', () => {
    const tokens = feed([Buffer.concat([fromHex('02 7F FF 31 30 06'), status])]);
    expect(tokens[0]).toEqual({ kind: 'fault', reason: 'badLength', discardedBytes: 1 });
    // The 0x06 after a bad header is payload, not an ACK.
    expect(tokens.some((t) => t.kind === 'control')).toBe(false);
    expect(frames(tokens)).toEqual([status.toString('hex')]);
  });

  it('treats a missing ETX as a bad header and finds the real frame inside the bytes it held', () => {
    // A header that claims 5 body bytes, cut short by a real frame.
    const tokens = feed([Buffer.concat([fromHex('02 00 05 31'), status])]);
    expect(tokens[0]).toMatchObject({ kind: 'fault', reason: 'missingEtx' });
    expect(frames(tokens)).toEqual([status.toString('hex')]);
  });

  it('holds a partial frame until reset, then reports it truncated and drops it', () => {
    const decoder = new Crt310FrameDecoder();
    expect(feed([status.subarray(0, 6)], decoder)).toEqual([]);
    expect(decoder.bufferedBytes).toBe(6);
    const tokens: Crt310Token[] = [];
    decoder.reset((t) => tokens.push(t));
    expect(tokens).toEqual([{ kind: 'fault', reason: 'truncated', discardedBytes: 6 }]);
    expect(decoder.bufferedBytes).toBe(0);
    expect(frames(feed([Buffer.from([0x06]), status], decoder))).toEqual([status.toString('hex')]);
  });

  it('never holds more than one maximal frame, even for a header promising the largest LEN', () => {
    const decoder = new Crt310FrameDecoder();
    feed([fromHex('02 01 00'), Buffer.alloc(MAX_FRAME_LENGTH * 3, 0x41)], decoder);
    expect(decoder.bufferedBytes).toBeLessThanOrEqual(MAX_FRAME_LENGTH);
  });
});

describe('Crt310FrameDecoder under random input (fast-check)', () => {
  const bytes = fc.uint8Array({ maxLength: 400 });
  const cuts = fc.array(fc.nat(), { maxLength: 20 });

  it('never throws and never buffers more than one maximal frame', () => {
    fc.assert(fc.property(bytes, cuts, (noise, at) => {
      const decoder = new Crt310FrameDecoder();
      for (const part of splitAt(Buffer.from(noise), at)) {
        decoder.push(part, () => undefined);
        expect(decoder.bufferedBytes).toBeLessThanOrEqual(MAX_FRAME_LENGTH);
      }
    }), { numRuns: 500 });
  });

  it('accounts for every byte: each is in a token, a fault count, or still buffered', () => {
    fc.assert(fc.property(bytes, (noise) => {
      const decoder = new Crt310FrameDecoder();
      const tokens = feed([noise], decoder);
      const accounted = tokens.reduce((n, t) => n + (t.kind === 'control' ? 1 : t.kind === 'frame' ? t.frame.raw.length : 0), 0);
      // badLength/missingEtx count only their STX; the bytes after it are counted as garbage or re-read.
      const discarded = tokens.reduce((n, t) => n + (t.kind === 'fault' ? t.discardedBytes : 0), 0);
      expect(accounted + discarded + decoder.bufferedBytes).toBe(noise.length);
    }), { numRuns: 500 });
  });

  it('after noise without STX, finds the next good frame', () => {
    const noSTX = fc.uint8Array({ maxLength: 300 }).map((a) => a.filter((b) => b !== 0x02));
    fc.assert(fc.property(noSTX, cuts, (noise, at) => {
      const stream = Buffer.concat([Buffer.from(noise), status]);
      expect(frames(feed(splitAt(stream, at)))).toEqual([status.toString('hex')]);
    }), { numRuns: 500 });
  });

  it('after any noise and a reset (the host transmitting), finds the next good frame', () => {
    fc.assert(fc.property(bytes, (noise) => {
      const decoder = new Crt310FrameDecoder();
      feed([noise], decoder);
      decoder.reset(() => undefined);
      expect(frames(feed([readAll], decoder))).toEqual([readAll.toString('hex')]);
    }), { numRuns: 500 });
  });

  it('after any noise, resynchronises on a stream of good frames: the last frame out is a good one', () => {
    const good = Buffer.concat(Array.from({ length: 80 }, () => status));
    fc.assert(fc.property(bytes, cuts, (noise, at) => {
      const tokens = feed(splitAt(Buffer.concat([Buffer.from(noise), good]), at));
      const out = frames(tokens);
      expect(out.length).toBeGreaterThan(0);
      expect(out.at(-1)).toBe(status.toString('hex'));
    }), { numRuns: 300 });
  });

  it('parses any valid frame body back exactly', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 2, maxLength: 256 }), cuts, (body, at) => {
      const frame = encodeFrame(body);
      const tokens = feed(splitAt(frame, at));
      expect(tokens).toHaveLength(1);
      expect(tokens[0]).toMatchObject({ kind: 'frame' });
      if (tokens[0]!.kind === 'frame') expect(Buffer.compare(tokens[0]!.frame.body, Buffer.from(body))).toBe(0);
    }), { numRuns: 300 });
  });
});

describe('Crt310Parser (Transform)', () => {
  it('turns a byte stream into tokens and reports a truncated tail at the end', async () => {
    const parser = new Crt310Parser();
    const source = Readable.from([Buffer.from([0x06]), encodeCommand({ kind: 'status' }), status.subarray(0, 4)]);
    const tokens: Crt310Token[] = [];
    for await (const token of source.pipe(parser)) tokens.push(token as Crt310Token);
    expect(tokens.map((t) => t.kind)).toEqual(['control', 'frame', 'fault']);
    expect(tokens[2]).toEqual({ kind: 'fault', reason: 'truncated', discardedBytes: 4 });
  });
});

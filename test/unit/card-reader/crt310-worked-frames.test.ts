/**
 * Every worked frame of DEVICES.md, CRT-310, "Worked frames", byte for byte,
 * in both directions: what the host encodes and what the parser accepts.
 */
import { describe, expect, it } from 'vitest';
import { encodeCommand, encodeReplyBody, decodeReply, decodeCommandBody, type Crt310Command } from '../../../src/devices/card-reader/crt310-codec';
import { encodeFrame, fromHex, toHex } from '../../../src/devices/card-reader/crt310-frame';
import { Crt310FrameDecoder, type Crt310Token } from '../../../src/devices/card-reader/crt310-parser';

const workedCommands: { name: string; command: Crt310Command; hex: string }[] = [
  { name: 'reset, keep card', command: { kind: 'reset', action: 'keepCard' }, hex: '02 00 02 30 30 03 03' },
  { name: 'status request', command: { kind: 'status' }, hex: '02 00 02 31 30 03 02' },
  { name: 'capture to rear', command: { kind: 'move', target: 'capture' }, hex: '02 00 02 32 33 03 02' },
  { name: 'read all tracks, ASCII', command: { kind: 'readTracks', mode: 'ascii', tracks: [1, 2, 3] }, hex: '02 00 04 45 30 30 37 03 77' },
];

function parseAll(bytes: Uint8Array): Crt310Token[] {
  const tokens: Crt310Token[] = [];
  new Crt310FrameDecoder().push(bytes, (t) => tokens.push(t));
  return tokens;
}

describe('CRT-310 worked frames (DEVICES.md)', () => {
  for (const { name, command, hex } of workedCommands) {
    it(`encodes "${name}" as ${hex}`, () => {
      expect(toHex(encodeCommand(command))).toBe(hex);
    });

    it(`parses "${name}" back into the same command`, () => {
      const tokens = parseAll(fromHex(hex));
      expect(tokens).toHaveLength(1);
      const token = tokens[0]!;
      if (token.kind !== 'frame') throw new Error(`expected a frame, got ${token.kind}`);
      expect(decodeCommandBody(token.frame.body)).toEqual({ ok: true, command });
    });
  }

  it('encodes the status reply "card inside, switch entry, rear allowed" as 02 00 05 31 30 4A 4A 4A 03 4F', () => {
    const body = encodeReplyBody({ kind: 'status' }, { kind: 'status', position: 'inside', entry: 'switch', rear: 'allowed' });
    expect(toHex(encodeFrame(body))).toBe('02 00 05 31 30 4A 4A 4A 03 4F');
  });

  it('decodes that status reply as card inside, switch entry, rear entry allowed', () => {
    const tokens = parseAll(fromHex('02 00 05 31 30 4A 4A 4A 03 4F'));
    const token = tokens[0]!;
    if (token.kind !== 'frame') throw new Error('expected a frame');
    expect(decodeReply({ kind: 'status' }, token.frame.body)).toEqual({
      ok: true,
      reply: { kind: 'status', position: 'inside', entry: 'switch', rear: 'allowed' },
    });
  });

  it('rejects each worked frame with any single byte of BCC changed', () => {
    for (const { hex } of workedCommands) {
      const bytes = fromHex(hex);
      for (let flip = 1; flip < 256; flip++) {
        const damaged = Buffer.from(bytes);
        damaged[damaged.length - 1]! ^= flip;
        expect(parseAll(damaged).map((t) => t.kind)).toEqual(['fault']);
      }
    }
  });
});

/**
 * The command codec for every command of DEVICES.md, CRT-310, "Commands":
 * bytes per command, reader-side decoding back to the same command, reply
 * bodies both ways, and malformed replies as values.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeCommandBody, decodeNegativeReply, decodeReply, encodeCommandBody, encodeNegativeReplyBody, encodeReplyBody, replyMatches,
  type Crt310Command, type Crt310Reply,
} from '../../../src/devices/card-reader/crt310-codec';
import { fromHex, toHex } from '../../../src/devices/card-reader/crt310-frame';

const commands: [Crt310Command, string][] = [
  [{ kind: 'reset', action: 'keepCard' }, '30 30'],
  [{ kind: 'reset', action: 'ejectToFront' }, '30 31'],
  [{ kind: 'reset', action: 'captureToRear' }, '30 32'],
  [{ kind: 'status' }, '31 30'],
  [{ kind: 'entryControl', front: 'prohibited', rear: 'prohibited' }, '2F 31 31'],
  [{ kind: 'entryControl', front: 'magneticCard', rear: 'allowed' }, '2F 32 30'],
  [{ kind: 'entryControl', front: 'switch', rear: 'prohibited' }, '2F 33 31'],
  [{ kind: 'entryControl', front: 'magneticSignal', rear: 'prohibited' }, '2F 34 31'],
  [{ kind: 'move', target: 'frontNotHeld' }, '32 30'],
  [{ kind: 'move', target: 'frontHeld' }, '32 31'],
  [{ kind: 'move', target: 'rearHeld' }, '32 32'],
  [{ kind: 'move', target: 'capture' }, '32 33'],
  [{ kind: 'move', target: 'clearAbnormalCard' }, '32 34'],
  [{ kind: 'readTracks', mode: 'ascii', tracks: [1] }, '45 30 30 31'],
  [{ kind: 'readTracks', mode: 'ascii', tracks: [2] }, '45 30 30 32'],
  [{ kind: 'readTracks', mode: 'binary', tracks: [3] }, '45 30 31 33'],
  [{ kind: 'readTracks', mode: 'ascii', tracks: [1, 2] }, '45 30 30 34'],
  [{ kind: 'readTracks', mode: 'ascii', tracks: [2, 3] }, '45 30 30 35'],
  [{ kind: 'readTracks', mode: 'binary', tracks: [1, 3] }, '45 30 31 36'],
  [{ kind: 'readTracks', mode: 'ascii', tracks: [1, 2, 3] }, '45 30 30 37'],
  [{ kind: 'led', on: true }, '46 31'],
  [{ kind: 'led', on: false }, '46 30'],
  [{ kind: 'ledBlink' }, '49 30'],
  [{ kind: 'setBaudRate', baudRate: 38400 }, '34 35'],
  [{ kind: 'setBaudRate', baudRate: 1200 }, '34 30'],
];

describe('CRT-310 command codec', () => {
  it.each(commands)('encodes %j as CM PM DATA %s and the reader decodes it back', (command, hex) => {
    expect(toHex(encodeCommandBody(command))).toBe(hex);
    expect(decodeCommandBody(fromHex(hex))).toEqual({ ok: true, command });
  });

  it('names tracks in any order by the same selection byte', () => {
    expect(toHex(encodeCommandBody({ kind: 'readTracks', mode: 'ascii', tracks: [3, 1, 2] }))).toBe('45 30 30 37');
  });

  it('refuses to encode a read of no tracks', () => {
    expect(() => encodeCommandBody({ kind: 'readTracks', mode: 'ascii', tracks: [] })).toThrow(RangeError);
  });

  it.each([
    ['99 30', 'undefinedCommand'],
    ['30 39', 'badParameter'],
    ['31 31', 'badParameter'],
    ['2F 32 32', 'badParameter'],
    ['45 30 32 37', 'badParameter'],
    ['45 30 30 38', 'badParameter'],
    ['31 30 00', 'badParameter'],
  ])('lets the reader refuse %s as %s', (hex, problem) => {
    expect(decodeCommandBody(fromHex(hex))).toEqual({ ok: false, problem });
  });
});

describe('CRT-310 reply codec', () => {
  const replies: [Crt310Command, Crt310Reply, string][] = [
    [{ kind: 'reset', action: 'keepCard' }, { kind: 'reset', firmware: 'CRT-310 V3.0' }, '30 30 43 52 54 2D 33 31 30 20 56 33 2E 30'],
    [{ kind: 'status' }, { kind: 'status', position: 'noCard', entry: 'prohibited', rear: 'prohibited' }, '31 30 4E 4E 4E'],
    [{ kind: 'move', target: 'capture' }, { kind: 'move', result: 'noCard' }, '32 33 45'],
    [{ kind: 'move', target: 'frontHeld' }, { kind: 'move', result: 'wrongPosition' }, '32 31 57'],
    [{ kind: 'entryControl', front: 'magneticCard', rear: 'prohibited' }, { kind: 'entryControl', result: 'ok' }, '2F 32 59'],
    [{ kind: 'setBaudRate', baudRate: 9600 }, { kind: 'setBaudRate', result: 'failed' }, '34 33 4E'],
    [{ kind: 'led', on: true }, { kind: 'led' }, '46 31'],
    [
      { kind: 'readTracks', mode: 'ascii', tracks: [1, 2, 3] },
      { kind: 'readTracks', mode: 'ascii', blocks: [
        { track: 1, status: 'unreadable' },
        { track: 2, status: 'ok', data: Buffer.from(';0?') },
        { track: 3, status: 'error', error: 'blank' },
      ] },
      '45 30 1F 4F 1F 59 3B 30 3F 1F 4E E5',
    ],
  ];

  it.each(replies)('encodes and decodes the reply to %j', (command, reply, hex) => {
    expect(toHex(encodeReplyBody(command, reply))).toBe(hex);
    expect(replyMatches(command, fromHex(hex))).toBe(true);
    expect(decodeReply(command, fromHex(hex))).toEqual({ ok: true, reply });
  });

  it('does not take a status reply as the answer to a move', () => {
    expect(replyMatches({ kind: 'move', target: 'capture' }, fromHex('31 30 4A 4A 4A'))).toBe(false);
  });

  it('decodes the error reply N CM E with its code', () => {
    expect(toHex(encodeNegativeReplyBody(0x32, 'abnormalCard'))).toBe('4E 32 06');
    expect(decodeNegativeReply(fromHex('4E 32 06'))).toEqual({ command: 0x32, error: 'abnormalCard', code: 6 });
    expect(decodeNegativeReply(fromHex('4E 32 7F'))).toEqual({ command: 0x32, error: 'unknown', code: 0x7f });
    expect(decodeNegativeReply(fromHex('31 30 4E'))).toBeUndefined();
  });

  it.each([
    [{ kind: 'status' } as Crt310Command, '31 30 4A', 'shortReply'],
    [{ kind: 'status' } as Crt310Command, '31 30 41 4A 4A', 'unknownStatusByte'],
    [{ kind: 'move', target: 'capture' } as Crt310Command, '32 33', 'shortReply'],
    [{ kind: 'move', target: 'capture' } as Crt310Command, '32 33 41', 'unknownStatusByte'],
    [{ kind: 'readTracks', mode: 'ascii', tracks: [1, 2] } as Crt310Command, '45 30 1F 4F', 'malformedTrackBlocks'],
    [{ kind: 'readTracks', mode: 'ascii', tracks: [2] } as Crt310Command, '45 30 1F 77', 'malformedTrackBlocks'],
    [{ kind: 'readTracks', mode: 'ascii', tracks: [2] } as Crt310Command, '45 30 1F 4E', 'malformedTrackBlocks'],
    [{ kind: 'readTracks', mode: 'ascii', tracks: [2] } as Crt310Command, '45 30 1F 4F 1F 4F', 'malformedTrackBlocks'],
    // Not one of the dialects of docs/card-reader.md: an echo of another command's parameters, a non-error byte after 'O', two error bytes.
    [{ kind: 'readTracks', mode: 'ascii', tracks: [2] } as Crt310Command, '45 30 31 32 1F 4F', 'malformedTrackBlocks'],
    [{ kind: 'readTracks', mode: 'ascii', tracks: [2] } as Crt310Command, '45 30 30 33 1F 4F', 'malformedTrackBlocks'],
    [{ kind: 'readTracks', mode: 'ascii', tracks: [2] } as Crt310Command, '45 30 1F 4F 41', 'malformedTrackBlocks'],
    [{ kind: 'readTracks', mode: 'ascii', tracks: [2] } as Crt310Command, '45 30 1F 4F E5 E5', 'malformedTrackBlocks'],
    [{ kind: 'readTracks', mode: 'ascii', tracks: [2] } as Crt310Command, '45 30 30', 'malformedTrackBlocks'],
  ])('reports a malformed reply to %j (%s) as %s, not a crash', (command, hex, problem) => {
    expect(decodeReply(command, fromHex(hex))).toEqual({ ok: false, problem });
  });
});

describe('read-tracks reply dialects (issue 15, "Reader dialects"; docs/card-reader.md)', () => {
  const read = (mode: 'ascii' | 'binary', tracks: (1 | 2 | 3)[]): Crt310Command => ({ kind: 'readTracks', mode, tracks });

  it.each([
    ['standard: blocks right after CM PM', read('ascii', [2]), '45 30 1F 59 3B 30 3F', [{ track: 2, status: 'ok', data: Buffer.from(';0?') }]],
    ['echo of mode and track after CM PM', read('ascii', [2]), '45 30 30 32 1F 59 3B 30 3F', [{ track: 2, status: 'ok', data: Buffer.from(';0?') }]],
    ['echo in binary mode, three tracks', read('binary', [1, 2, 3]), '45 30 31 37 1F 4F 1F 59 8B 1F 4E E5', [
      { track: 1, status: 'unreadable' }, { track: 2, status: 'ok', data: Buffer.from([0x8b]) }, { track: 3, status: 'error', error: 'blank' },
    ]],
    ['unreadable block alone', read('ascii', [1, 2]), '45 30 1F 4F 1F 4F', [{ track: 1, status: 'unreadable' }, { track: 2, status: 'unreadable' }]],
    ['unreadable block with an error byte', read('ascii', [1, 2]), '45 30 1F 4F E0 1F 4F E5', [{ track: 1, status: 'unreadable' }, { track: 2, status: 'unreadable' }]],
    ['unreadable block with an error byte, last in the reply', read('ascii', [2]), '45 30 1F 4F E3', [{ track: 2, status: 'unreadable' }]],
    ['ASCII track without sentinels', read('ascii', [2]), '45 30 1F 59 34 30 3D', [{ track: 2, status: 'ok', data: Buffer.from('40=') }]],
  ])('decodes %s', (_name, command, hex, blocks) => {
    expect(decodeReply(command, fromHex(hex))).toEqual({ ok: true, reply: { kind: 'readTracks', mode: (command as { mode: string }).mode, blocks } });
  });

  it('the simulator encodes the echo dialect: echo, no sentinels, error byte after unreadable; the host decodes it', () => {
    const command = read('ascii', [1, 2]);
    const reply: Crt310Reply = { kind: 'readTracks', mode: 'ascii', blocks: [{ track: 1, status: 'unreadable' }, { track: 2, status: 'ok', data: Buffer.from(';0?') }] };
    const body = encodeReplyBody(command, reply, 'echo');
    expect(toHex(body)).toBe('45 30 30 34 1F 4F E0 1F 59 30');
    expect(decodeReply(command, body)).toEqual({ ok: true, reply: { ...reply, blocks: [reply.blocks[0], { track: 2, status: 'ok', data: Buffer.from('0') }] } });
  });
});

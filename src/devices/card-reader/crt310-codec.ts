/**
 * Typed CRT-310 commands and replies, and their bodies (CM PM DATA) byte for
 * byte as DEVICES.md, CRT-310, "Commands" gives them. Host side encodes
 * commands and decodes replies; the simulator does the reverse with the same
 * tables, so the two cannot drift apart.
 *
 * Reply bodies echo the command's CM and PM (the status reply worked frame:
 * `31 30 S1 S2 S3`); error replies are `'N' CM E`.
 */
import {
  BaudRateCode, CardPosition, Command, EntryControlFront, EntryControlRear, EntryModeStatus, LED_BLINK_PM,
  LedState, MoveTarget, NEGATIVE_REPLY, OperationResult, READ_PM, ReadMode, ReaderErrorCode, RearEntryStatus,
  ResetAction, STATUS_PM, TRACK_BLOCK, TrackBlockStatus, TrackErrorCode, TrackSelection, nameOf,
  type CardReaderBaudRate, type EntryMode, type RearEntry, type TrackSelectionKey,
} from './crt310-bytes';
import { encodeFrame } from './crt310-frame';
import { TRACK_FORMATS, type TrackNumber } from './magstripe';
import { assertNever } from '../../shared/assert-never';

export type { TrackNumber } from './magstripe';

export type Crt310Command =
  | { kind: 'reset'; action: ResetAction }
  | { kind: 'status' }
  | { kind: 'entryControl'; front: EntryMode; rear: RearEntry }
  | { kind: 'move'; target: MoveTarget }
  | { kind: 'readTracks'; mode: ReadMode; tracks: readonly TrackNumber[] }
  | { kind: 'led'; on: boolean }
  | { kind: 'ledBlink' }
  | { kind: 'setBaudRate'; baudRate: CardReaderBaudRate };

export type Crt310CommandKind = Crt310Command['kind'];

export type TrackBlock =
  | { track: TrackNumber; status: 'ok'; data: Buffer }
  | { track: TrackNumber; status: 'error'; error: TrackErrorCode | 'unknown' }
  | { track: TrackNumber; status: 'unreadable' };

export interface ReaderStatus {
  position: CardPosition;
  entry: EntryMode;
  rear: RearEntry;
}

export type Crt310Reply =
  | { kind: 'reset'; firmware: string }
  | ({ kind: 'status' } & ReaderStatus)
  | { kind: 'entryControl'; result: OperationResult }
  | { kind: 'move'; result: OperationResult }
  | { kind: 'readTracks'; mode: ReadMode; blocks: TrackBlock[] }
  | { kind: 'led' }
  | { kind: 'ledBlink' }
  | { kind: 'setBaudRate'; result: OperationResult };

/** An error reply `'N' CM E`. */
export interface NegativeReply {
  command: number;
  error: ReaderErrorCode | 'unknown';
  code: number;
}

/** Normalises a set of tracks to the ascending order the selection byte names. */
export function trackSelectionKey(tracks: readonly TrackNumber[]): TrackSelectionKey | undefined {
  const key = [...new Set(tracks)].sort().join('');
  return key in TrackSelection ? (key as TrackSelectionKey) : undefined;
}

function tracksOfSelection(code: number): TrackNumber[] | undefined {
  const key = nameOf(TrackSelection, code);
  return key === undefined ? undefined : (key.split('').map(Number) as TrackNumber[]);
}

/** CM PM DATA of a command. */
export function encodeCommandBody(command: Crt310Command): Buffer {
  switch (command.kind) {
    case 'reset':
      return Buffer.from([Command.reset, ResetAction[command.action]]);
    case 'status':
      return Buffer.from([Command.status, STATUS_PM]);
    case 'entryControl':
      return Buffer.from([Command.entryControl, EntryControlFront[command.front], EntryControlRear[command.rear]]);
    case 'move':
      return Buffer.from([Command.move, MoveTarget[command.target]]);
    case 'readTracks': {
      const key = trackSelectionKey(command.tracks);
      if (!key) throw new RangeError('readTracks needs one to three of tracks 1, 2, 3');
      return Buffer.from([Command.readTracks, READ_PM, ReadMode[command.mode], TrackSelection[key]]);
    }
    case 'led':
      return Buffer.from([Command.led, command.on ? LedState.on : LedState.off]);
    case 'ledBlink':
      return Buffer.from([Command.ledBlink, LED_BLINK_PM]);
    case 'setBaudRate':
      return Buffer.from([Command.setBaudRate, BaudRateCode[command.baudRate]]);
    default:
      return assertNever(command, 'CRT-310 command');
  }
}

/** The whole frame of a command, ready for the wire. */
export function encodeCommand(command: Crt310Command): Buffer {
  return encodeFrame(encodeCommandBody(command));
}

/** Why a command body could not be understood (the reader answers with E 0x00 or 0x01). */
export type CommandDecodeProblem = 'undefinedCommand' | 'badParameter';

/** Reader side: what command does this body carry? */
export function decodeCommandBody(body: Uint8Array): { ok: true; command: Crt310Command } | { ok: false; problem: CommandDecodeProblem } {
  const [cm, pm] = [body[0]!, body[1]!];
  const bad = { ok: false, problem: 'badParameter' } as const;
  switch (cm) {
    case Command.reset: {
      const action = nameOf(ResetAction, pm);
      return action && body.length === 2 ? { ok: true, command: { kind: 'reset', action } } : bad;
    }
    case Command.status:
      return pm === STATUS_PM && body.length === 2 ? { ok: true, command: { kind: 'status' } } : bad;
    case Command.entryControl: {
      const front = nameOf(EntryControlFront, pm);
      const rear = nameOf(EntryControlRear, body[2] ?? -1);
      return front && rear && body.length === 3 ? { ok: true, command: { kind: 'entryControl', front, rear } } : bad;
    }
    case Command.move: {
      const target = nameOf(MoveTarget, pm);
      return target && body.length === 2 ? { ok: true, command: { kind: 'move', target } } : bad;
    }
    case Command.readTracks: {
      const mode = nameOf(ReadMode, body[2] ?? -1);
      const tracks = tracksOfSelection(body[3] ?? -1);
      return pm === READ_PM && mode && tracks && body.length === 4 ? { ok: true, command: { kind: 'readTracks', mode, tracks } } : bad;
    }
    case Command.led:
      return (pm === LedState.on || pm === LedState.off) && body.length === 2 ? { ok: true, command: { kind: 'led', on: pm === LedState.on } } : bad;
    case Command.ledBlink:
      return pm === LED_BLINK_PM && body.length === 2 ? { ok: true, command: { kind: 'ledBlink' } } : bad;
    case Command.setBaudRate: {
      const entry = Object.entries(BaudRateCode).find(([, code]) => code === pm);
      return entry && body.length === 2 ? { ok: true, command: { kind: 'setBaudRate', baudRate: Number(entry[0]) as CardReaderBaudRate } } : bad;
    }
    default:
      return { ok: false, problem: 'undefinedCommand' };
  }
}

/**
 * How a reader lays out a read-tracks reply (issue 15, "Reader dialects";
 * docs/card-reader.md). `standard`: `45 30` then one `0x1F status data`
 * block per track, ASCII tracks with sentinels, an unreadable block
 * `1F 4F` alone. `echo`: `45 30 mode track` (the command's parameters
 * repeated), ASCII tracks without sentinels, an unreadable block followed by
 * an error byte `1F 4F E0`. The host decoder accepts both; the simulator
 * speaks either.
 */
export type ReaderDialect = 'standard' | 'echo';

/** The error byte the `echo` dialect puts after an unreadable block. */
export const UNREADABLE_ERROR_BYTE = 0xe0;

/** Reader side: the body of a positive reply. */
export function encodeReplyBody(command: Crt310Command, reply: Crt310Reply, dialect: ReaderDialect = 'standard'): Buffer {
  const head = encodeCommandBody(command).subarray(0, 2);
  switch (reply.kind) {
    case 'reset':
      return Buffer.concat([head, Buffer.from(reply.firmware, 'latin1')]);
    case 'status':
      return Buffer.concat([head, Buffer.from([CardPosition[reply.position], EntryModeStatus[reply.entry], RearEntryStatus[reply.rear]])]);
    case 'entryControl':
    case 'move':
    case 'setBaudRate':
      return Buffer.concat([head, Buffer.from([OperationResult[reply.result]])]);
    case 'readTracks':
      if (dialect === 'echo') {
        const echo = encodeCommandBody(command).subarray(2);
        return Buffer.concat([head, echo, ...reply.blocks.map((block) => encodeEchoDialectBlock(reply.mode, block))]);
      }
      return Buffer.concat([head, ...reply.blocks.map(encodeTrackBlock)]);
    case 'led':
    case 'ledBlink':
      return Buffer.from(head);
    default:
      return assertNever(reply, 'CRT-310 reply');
  }
}

function encodeTrackBlock(block: TrackBlock): Buffer {
  switch (block.status) {
    case 'ok':
      return Buffer.concat([Buffer.from([TRACK_BLOCK, TrackBlockStatus.ok]), block.data]);
    case 'error':
      return Buffer.from([TRACK_BLOCK, TrackBlockStatus.error, block.error === 'unknown' ? 0xe0 : TrackErrorCode[block.error]]);
    case 'unreadable':
      return Buffer.from([TRACK_BLOCK, TrackBlockStatus.unreadable]);
    default:
      return assertNever(block, 'track block');
  }
}

/** The `echo` dialect's block: ASCII without sentinels, an error byte after unreadable. */
function encodeEchoDialectBlock(mode: ReadMode, block: TrackBlock): Buffer {
  if (block.status === 'unreadable') return Buffer.from([TRACK_BLOCK, TrackBlockStatus.unreadable, UNREADABLE_ERROR_BYTE]);
  if (block.status === 'ok' && mode === 'ascii') {
    const { startSentinel, endSentinel } = TRACK_FORMATS[block.track];
    let text = block.data.toString('latin1');
    if (text.startsWith(startSentinel) && text.endsWith(endSentinel) && text.length >= 2) text = text.slice(1, -1);
    return Buffer.concat([Buffer.from([TRACK_BLOCK, TrackBlockStatus.ok]), Buffer.from(text, 'latin1')]);
  }
  return encodeTrackBlock(block);
}

/** Reader side: an error reply body `'N' CM E`. */
export function encodeNegativeReplyBody(command: number, error: ReaderErrorCode): Buffer {
  return Buffer.from([NEGATIVE_REPLY, command, ReaderErrorCode[error]]);
}

/** Is this reply body an error reply? (No command uses CM 0x4E, so the first byte decides.) */
export function decodeNegativeReply(body: Uint8Array): NegativeReply | undefined {
  if (body[0] !== NEGATIVE_REPLY || body.length !== 3) return undefined;
  const code = body[2]!;
  return { command: body[1]!, code, error: nameOf(ReaderErrorCode, code) ?? 'unknown' };
}

/** Does this reply body answer this command (CM and PM echoed)? */
export function replyMatches(command: Crt310Command, body: Uint8Array): boolean {
  const head = encodeCommandBody(command);
  return body.length >= 2 && body[0] === head[0] && body[1] === head[1];
}

export type ReplyDecodeProblem = 'shortReply' | 'unknownStatusByte' | 'malformedTrackBlocks';

/** Host side: the typed reply to `command` (call after `replyMatches`). */
export function decodeReply(command: Crt310Command, body: Uint8Array): { ok: true; reply: Crt310Reply } | { ok: false; problem: ReplyDecodeProblem } {
  const data = Buffer.from(body.subarray(2));
  switch (command.kind) {
    case 'reset':
      // Firmware version text (DEVICES.md: "Reply carries the firmware version text").
      return { ok: true, reply: { kind: 'reset', firmware: data.toString('latin1').replace(/[^\x20-\x7e]/g, '?').trim() } };
    case 'status': {
      if (data.length < 3) return { ok: false, problem: 'shortReply' };
      const position = nameOf(CardPosition, data[0]!);
      const entry = nameOf(EntryModeStatus, data[1]!);
      const rear = nameOf(RearEntryStatus, data[2]!);
      if (!position || !entry || !rear) return { ok: false, problem: 'unknownStatusByte' };
      return { ok: true, reply: { kind: 'status', position, entry, rear } };
    }
    case 'entryControl':
    case 'move':
    case 'setBaudRate': {
      if (data.length < 1) return { ok: false, problem: 'shortReply' };
      const result = nameOf(OperationResult, data[0]!);
      if (!result) return { ok: false, problem: 'unknownStatusByte' };
      return { ok: true, reply: { kind: command.kind, result } };
    }
    case 'readTracks': {
      const blocks = decodeTrackBlocks(withoutReadEcho(command, data), [...new Set(command.tracks)].sort());
      return blocks ? { ok: true, reply: { kind: 'readTracks', mode: command.mode, blocks } } : { ok: false, problem: 'malformedTrackBlocks' };
    }
    case 'led':
    case 'ledBlink':
      return { ok: true, reply: { kind: command.kind } };
    default:
      return assertNever(command, 'CRT-310 command');
  }
}

/**
 * Reader dialect (issue 15, "Reader dialects"; docs/card-reader.md): some
 * readers repeat the command's mode and track bytes after CM PM
 * (`45 30 30 32 1F 59 ...`). A block starts with 0x1F and mode bytes are
 * 0x30/0x31, so the echo cannot be mistaken for a block; only the exact echo
 * of this command is skipped, anything else stays for the block decoder to
 * refuse.
 */
function withoutReadEcho(command: Extract<Crt310Command, { kind: 'readTracks' }>, data: Buffer): Buffer {
  const echo = encodeCommandBody(command).subarray(2);
  return data.length >= echo.length && data.subarray(0, echo.length).equals(echo) ? data.subarray(echo.length) : data;
}

/**
 * Error codes a reader may put after an unreadable block `0x1F 'O'` (the
 * other reader dialect, issue 15): the track error codes of DEVICES.md and
 * 0xE0, the code this driver's encoder uses for an unknown error. Any other
 * byte there is not this dialect, and the reply is refused.
 */
function isTrackErrorByte(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0xe0 && byte <= 0xef;
}

/**
 * Splits `0x1F status data` blocks; one block per requested track, in
 * ascending order. Dialects (docs/card-reader.md): an unreadable block is
 * `0x1F 0x4F` alone or followed by one error byte (0xE0-0xEF).
 */
function decodeTrackBlocks(data: Buffer, tracks: TrackNumber[]): TrackBlock[] | undefined {
  const blocks: TrackBlock[] = [];
  let i = 0;
  for (const track of tracks) {
    if (data[i] !== TRACK_BLOCK || i + 1 >= data.length) return undefined;
    const status = data[i + 1];
    i += 2;
    if (status === TrackBlockStatus.ok) {
      let end = data.indexOf(TRACK_BLOCK, i);
      if (end < 0) end = data.length;
      blocks.push({ track, status: 'ok', data: Buffer.from(data.subarray(i, end)) });
      i = end;
    } else if (status === TrackBlockStatus.error) {
      if (i >= data.length) return undefined;
      blocks.push({ track, status: 'error', error: nameOf(TrackErrorCode, data[i]!) ?? 'unknown' });
      i += 1;
    } else if (status === TrackBlockStatus.unreadable) {
      blocks.push({ track, status: 'unreadable' });
      if (isTrackErrorByte(data[i])) i += 1;
    } else {
      return undefined;
    }
  }
  return i === data.length ? blocks : undefined;
}

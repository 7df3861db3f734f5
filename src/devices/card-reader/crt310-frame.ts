/**
 * CRT-310 frame layout (DEVICES.md, CRT-310, "Frame"):
 * `STX LENH LENL CM PM DATA ETX BCC`; LEN is big-endian and counts CM..DATA;
 * BCC is the XOR of every byte from STX to ETX inclusive.
 */
import { ETX, STX } from './crt310-bytes';

/** Bytes around the body: STX, LENH, LENL before; ETX, BCC after. */
export const FRAME_OVERHEAD = 5;

/**
 * Largest body we accept. The biggest legitimate reply is a three-track read:
 * CM PM plus three `0x1F status data` blocks of at most 79 + 40 + 107
 * characters, 234 bytes. A larger LEN is a corrupted header; bounding it
 * bounds the parser's buffer and how much a false STX in noise can swallow
 * before the parser resynchronises (256 also rejects `02 02 00`, which is
 * what a BCC of 0x02 followed by the next frame's STX looks like).
 */
export const MAX_BODY_LENGTH = 256;
/** Smallest body: CM and PM. */
export const MIN_BODY_LENGTH = 2;

export const MAX_FRAME_LENGTH = MAX_BODY_LENGTH + FRAME_OVERHEAD;

/** XOR of `bytes[start..end)`. */
export function xorOf(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

/** Wraps a body (CM PM DATA) in STX, LEN, ETX and BCC. */
export function encodeFrame(body: Uint8Array | readonly number[]): Buffer {
  const length = body.length;
  if (length < MIN_BODY_LENGTH || length > MAX_BODY_LENGTH) {
    throw new RangeError(`CRT-310 frame body must be ${MIN_BODY_LENGTH} to ${MAX_BODY_LENGTH} bytes, got ${length}`);
  }
  const frame = Buffer.alloc(length + FRAME_OVERHEAD);
  frame[0] = STX;
  frame[1] = (length >> 8) & 0xff;
  frame[2] = length & 0xff;
  for (let i = 0; i < length; i++) frame[3 + i] = body[i]!;
  frame[3 + length] = ETX;
  frame[4 + length] = xorOf(frame, 0, 4 + length);
  return frame;
}

/** A received frame, already checked for LEN, ETX and BCC. */
export interface Crt310Frame {
  /** CM..DATA. */
  body: Buffer;
  /** The whole frame as it came off the wire, STX to BCC. */
  raw: Buffer;
}

/** Space-separated upper-case hex, as DEVICES.md writes frames: `02 00 02 31 30 03 02`. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** Parses `02 00 02 31 30 03 02` (any spacing) into bytes; for tests and the trace. */
export function fromHex(hex: string): Buffer {
  const compact = hex.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(compact)) throw new Error(`not hex bytes: ${hex}`);
  return Buffer.from(compact, 'hex');
}

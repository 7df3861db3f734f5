import { Transform, type TransformCallback } from 'node:stream';

/**
 * Serial mode of document readers (DEVICES.md, "Identity-document scanner"):
 * each read is one frame, STX, payload, ETX. The payload is MRZ lines
 * separated by CR, or a JPID record (docs/id-document-record.md) as UTF-8
 * lines separated by CR. UTF-8 never uses bytes below 0x80 inside a
 * multi-byte character, so STX and ETX cannot occur inside Japanese text.
 */
export const STX = 0x02;
export const ETX = 0x03;
const CR = 0x0d;
const LF = 0x0a;

export const DEFAULT_MAX_FRAME_BYTES = 4096;

export type SerialFrameFault =
  /** Bytes outside any frame (line noise, a reader in another mode). */
  | { code: 'garbage'; bytes: number }
  /** A frame grew past the limit without ETX; dropped, and bytes up to the next STX with it. */
  | { code: 'frameTooLong'; limit: number }
  /** An STX arrived inside a frame: the reader restarted; the partial frame is dropped. */
  | { code: 'frameInterrupted'; discardedBytes: number }
  /** A frame began and ETX never came (stream ended, or the owner's timer gave up). */
  | { code: 'incompleteFrame'; receivedBytes: number };

export type SerialFrameEvent = { type: 'frame'; payload: Buffer } | { type: 'fault'; fault: SerialFrameFault };

export interface SerialFrameParserOptions {
  maxFrameBytes?: number;
}

/**
 * Bytes in, frames and faults out (object mode), in the shape of
 * node-serialport's parsers: a private remainder, `_flush` for the tail.
 * Resynchronises on every STX; its buffer never exceeds `maxFrameBytes`.
 */
export class SerialFrameParser extends Transform {
  readonly #maxFrameBytes: number;
  #frame: Buffer[] = [];
  #frameBytes = 0;
  #inFrame = false;
  #discardingOversized = false;
  #garbage = 0;

  constructor(options: SerialFrameParserOptions = {}) {
    super({ readableObjectMode: true });
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isInteger(this.#maxFrameBytes) || this.#maxFrameBytes < 1) throw new RangeError('maxFrameBytes must be a positive integer');
  }

  get hasPartialFrame(): boolean {
    return this.#inFrame;
  }

  /** The owner's timer gave up on the frame in progress. */
  abandonPartialFrame(): void {
    if (!this.#inFrame) return;
    const receivedBytes = this.#frameBytes;
    this.#resetFrame();
    this.#fault({ code: 'incompleteFrame', receivedBytes });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.#inFrame) {
        const stx = chunk.indexOf(STX, offset);
        const end = stx < 0 ? chunk.length : stx;
        if (!this.#discardingOversized) this.#countGarbage(chunk.subarray(offset, end));
        if (stx < 0) break;
        this.#flushGarbage();
        this.#discardingOversized = false;
        this.#inFrame = true;
        offset = stx + 1;
        continue;
      }
      const stx = chunk.indexOf(STX, offset);
      const etx = chunk.indexOf(ETX, offset);
      const stop = etx >= 0 && (stx < 0 || etx < stx) ? etx : stx;
      const piece = chunk.subarray(offset, stop < 0 ? chunk.length : stop);
      if (this.#frameBytes + piece.length > this.#maxFrameBytes) {
        this.#resetFrame();
        this.#fault({ code: 'frameTooLong', limit: this.#maxFrameBytes });
        if (stop < 0) {
          // Drop everything up to the next STX, this frame's ETX included.
          this.#discardingOversized = true;
          break;
        }
        // An ETX closes the oversized frame; an STX starts the next one.
        offset = stop === etx ? etx + 1 : stx;
        continue;
      }
      if (piece.length > 0) {
        this.#frame.push(Buffer.from(piece));
        this.#frameBytes += piece.length;
      }
      if (stop < 0) break;
      if (stop === etx) {
        const payload = Buffer.concat(this.#frame, this.#frameBytes);
        this.#resetFrame();
        this.push({ type: 'frame', payload } satisfies SerialFrameEvent);
        offset = etx + 1;
      } else {
        const discardedBytes = this.#frameBytes;
        this.#resetFrame();
        this.#fault({ code: 'frameInterrupted', discardedBytes });
        offset = stx; // the new STX starts the next frame
      }
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.abandonPartialFrame();
    this.#flushGarbage();
    callback();
  }

  #countGarbage(bytes: Buffer): void {
    for (const byte of bytes) {
      // Readers often end a frame with CR LF after ETX; that is not noise.
      if (byte !== CR && byte !== LF) this.#garbage += 1;
    }
    if (this.#garbage >= this.#maxFrameBytes) this.#flushGarbage();
  }

  #flushGarbage(): void {
    if (this.#garbage === 0) return;
    const bytes = this.#garbage;
    this.#garbage = 0;
    this.#fault({ code: 'garbage', bytes });
  }

  #fault(fault: SerialFrameFault): void {
    this.push({ type: 'fault', fault } satisfies SerialFrameEvent);
  }

  #resetFrame(): void {
    this.#frame = [];
    this.#frameBytes = 0;
    this.#inFrame = false;
  }
}

/** One read as the reader sends it: STX, lines joined by CR, ETX. */
export function encodeSerialFrame(payload: string | readonly string[]): Buffer {
  const text = typeof payload === 'string' ? payload : payload.join('\r');
  const body = Buffer.from(text, 'utf8');
  if (body.includes(STX) || body.includes(ETX)) throw new RangeError('a serial payload may not contain STX or ETX');
  return Buffer.concat([Buffer.from([STX]), body, Buffer.from([ETX])]);
}

export function describeFrameFault(fault: SerialFrameFault): string {
  switch (fault.code) {
    case 'garbage':
      return `${fault.bytes} bytes outside any STX...ETX frame ignored`;
    case 'frameTooLong':
      return `frame longer than ${fault.limit} bytes dropped`;
    case 'frameInterrupted':
      return `frame restarted by STX; ${fault.discardedBytes} bytes dropped`;
    case 'incompleteFrame':
      return `frame without ETX dropped after ${fault.receivedBytes} bytes`;
  }
}

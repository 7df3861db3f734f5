/**
 * Splits the CRT-310 byte stream into tokens: the single control bytes ACK,
 * NAK, ENQ and EOT, checked frames `STX LEN CM PM DATA ETX BCC`, and faults
 * (DEVICES.md, CRT-310, "Control bytes" and "Frame").
 *
 * Rules, so that bad input loses nothing and costs nothing:
 * - never throws out of the stream: every problem becomes a `fault` token;
 * - garbage outside a frame is skipped byte by byte (control bytes among it
 *   are still recognised, because they are whole messages on this protocol);
 * - a frame whose LEN is out of range or whose ETX is not where LEN puts it
 *   has an untrustworthy header: its STX is dropped and everything up to the
 *   next STX is discarded (payload bytes there are not control bytes);
 * - a frame with a bad BCC but a consistent LEN/ETX is dropped whole;
 * - the buffer never holds more than one maximal frame
 *   (`MAX_FRAME_LENGTH`), because LEN is bounded before we wait for it.
 *
 * Fault tokens carry counts, never the discarded bytes: a damaged read reply
 * holds track data, which must not reach a trace or a log (PCI DSS 3.2).
 */
import { Transform, type TransformCallback } from 'node:stream';
import { ACK, ENQ, EOT, ETX, NAK, STX } from './crt310-bytes';
import { FRAME_OVERHEAD, MAX_BODY_LENGTH, MIN_BODY_LENGTH, xorOf, type Crt310Frame } from './crt310-frame';

export type ControlByte = 'ack' | 'nak' | 'enq' | 'eot';

export type ParserFaultReason =
  /** Bytes outside any frame that are neither STX nor a control byte. */
  | 'garbage'
  /** LEN below CM+PM or above `MAX_BODY_LENGTH`. */
  | 'badLength'
  /** The byte where LEN puts ETX is something else. */
  | 'missingEtx'
  /** LEN and ETX agree but the BCC does not. */
  | 'badBcc'
  /** A frame was cut short: the stream ended, or the host started a new exchange. */
  | 'truncated';

export type Crt310Token =
  | { kind: 'control'; control: ControlByte }
  | { kind: 'frame'; frame: Crt310Frame }
  | { kind: 'fault'; reason: ParserFaultReason; discardedBytes: number; command?: number };

const CONTROL_BYTES: ReadonlyMap<number, ControlByte> = new Map([
  [ACK, 'ack'],
  [NAK, 'nak'],
  [ENQ, 'enq'],
  [EOT, 'eot'],
]);

/**
 * The decoding logic as a plain synchronous class: the Transform below wraps
 * it, and tests and benchmarks can drive it directly.
 */
export class Crt310FrameDecoder {
  #pending: Buffer = Buffer.alloc(0);
  /** After an untrustworthy header: skip everything up to the next STX. */
  #resyncing = false;
  #skipped = 0;

  /** Bytes held back waiting for the rest of a frame; at most one maximal frame. */
  get bufferedBytes(): number {
    return this.#pending.length;
  }

  push(chunk: Uint8Array, emit: (token: Crt310Token) => void): void {
    const data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let i = 0;
    while (i < data.length) {
      const byte = data[i]!;
      if (byte !== STX) {
        const control = this.#resyncing ? undefined : CONTROL_BYTES.get(byte);
        if (control) {
          this.#flushSkipped(emit);
          emit({ kind: 'control', control });
        } else {
          this.#skipped++;
        }
        i++;
        continue;
      }
      // An STX ends any garbage run or resync.
      this.#flushSkipped(emit);
      this.#resyncing = false;
      if (data.length - i < 3) break;
      const length = (data[i + 1]! << 8) | data[i + 2]!;
      if (length < MIN_BODY_LENGTH || length > MAX_BODY_LENGTH) {
        emit({ kind: 'fault', reason: 'badLength', discardedBytes: 1 });
        this.#resyncing = true;
        i++;
        continue;
      }
      const total = length + FRAME_OVERHEAD;
      if (data.length - i < total) break;
      const etxAt = i + 3 + length;
      if (data[etxAt] !== ETX) {
        emit({ kind: 'fault', reason: 'missingEtx', discardedBytes: 1, command: data[i + 3] });
        this.#resyncing = true;
        i++;
        continue;
      }
      if (xorOf(data, i, etxAt + 1) !== data[etxAt + 1]) {
        emit({ kind: 'fault', reason: 'badBcc', discardedBytes: total, command: data[i + 3] });
        i += total;
        continue;
      }
      const raw = Buffer.from(data.subarray(i, i + total));
      emit({ kind: 'frame', frame: { raw, body: raw.subarray(3, 3 + length) } });
      i += total;
    }
    // Copy the tail so a large chunk is not kept alive by a small remainder.
    this.#pending = i < data.length ? Buffer.from(data.subarray(i)) : Buffer.alloc(0);
    this.#flushSkipped(emit);
  }

  /**
   * Drops a partial frame. The exchange calls this when the host transmits:
   * the line is half duplex (DEVICES.md, "Line"), so whatever the reader was
   * in the middle of sending is stale by then.
   */
  reset(emit: (token: Crt310Token) => void): void {
    if (this.#pending.length > 0) {
      emit({ kind: 'fault', reason: 'truncated', discardedBytes: this.#pending.length });
      this.#pending = Buffer.alloc(0);
    }
    this.#flushSkipped(emit);
    this.#resyncing = false;
  }

  #flushSkipped(emit: (token: Crt310Token) => void): void {
    if (this.#skipped === 0) return;
    emit({ kind: 'fault', reason: 'garbage', discardedBytes: this.#skipped });
    this.#skipped = 0;
  }
}

/**
 * The framing parser as a stream (node-serialport's parser style): bytes in,
 * `Crt310Token` objects out.
 */
export class Crt310Parser extends Transform {
  readonly #decoder = new Crt310FrameDecoder();
  readonly #emit = (token: Crt310Token): void => {
    this.push(token);
  };

  constructor() {
    super({ readableObjectMode: true });
  }

  get bufferedBytes(): number {
    return this.#decoder.bufferedBytes;
  }

  /** See `Crt310FrameDecoder.reset`. */
  resync(): void {
    this.#decoder.reset(this.#emit);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#decoder.push(chunk, this.#emit);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#decoder.reset(this.#emit);
    callback();
  }
}

/**
 * What a technician sees of the CRT-310 link: a ring buffer of the traffic
 * (direction, time, hex), counters, and the firmware version from the last
 * reset (issue 3, "Diagnostics").
 *
 * PCI DSS 3.2 forbids keeping sensitive authentication data after
 * authorisation, and the trace outlives every read: so read-track replies are
 * recorded with every byte after CM PM, and the BCC computed over them,
 * replaced by `**` (issue 15; PCI DSS req. 3.3/3.4). Damaged frames and garbage are recorded as a reason and a
 * byte count, never as bytes, because a damaged read reply holds track data
 * too.
 */
import { ACK, Command, ENQ, EOT, ETX, NAK } from './crt310-bytes';
import { toHex } from './crt310-frame';
import type { Crt310Token } from './crt310-parser';
import { systemClock, type Clock } from '../../shared/time/clock';

export interface DiagnosticsCounters {
  /** Commands taken from the queue and started. */
  commands: number;
  /** NAKs received for our command frames. */
  naks: number;
  /** Command frames or ENQs sent again (after a NAK, a missing ACK or a damaged reply). */
  retries: number;
  /** Timers that ran out waiting for ACK, reply or EOT. */
  timeouts: number;
  /** Frames received with a bad BCC. */
  bccErrors: number;
  /** Error replies `'N' CM E`. */
  negativeReplies: number;
  /** Parser faults of any kind (garbage, bad LEN, missing ETX, bad BCC, truncated). */
  parserFaults: number;
  /** Bytes the parser discarded. */
  noiseBytes: number;
  /** Frames or control bytes that arrived when nothing was waiting for them. */
  unexpected: number;
}

export type CounterName = keyof DiagnosticsCounters;

export interface TraceEntry {
  /** ISO 8601 time. */
  at: string;
  direction: 'tx' | 'rx';
  /** Bytes as hex, masked where they would carry track data; empty for discarded bytes. */
  hex: string;
  note: string;
}

export interface DiagnosticsSnapshot {
  endpoint: string;
  baudRate?: number;
  firmware?: string;
  counters: DiagnosticsCounters;
  trace: TraceEntry[];
}

/** A fixed-size ring: the newest `capacity` items, oldest first. */
export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #next = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('ring buffer capacity must be a positive integer');
    this.#items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  toArray(): T[] {
    const out: T[] = [];
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(start + i) % this.capacity]!);
    return out;
  }
}

const MASK = '**';

/**
 * Hex of a frame with track data masked by construction (issue 15, "Masking
 * by construction"; PCI DSS req. 3.3 and 3.4): for a read-tracks reply
 * (CM 0x45), every byte after CM PM up to ETX, and the BCC computed over
 * them, becomes `**`, whatever the block status bytes say. A reply whose
 * status byte the driver does not know (another reader dialect, a damaged
 * block) carries track data just as well as a 0x59 block. STX, LEN, CM, PM
 * and ETX stay visible: they say which command was answered and how long the
 * answer was, without saying what is on the card; the technician gets the
 * block statuses from the decoder's fault note, never from the bytes.
 */
export function maskedFrameHex(raw: Uint8Array): string {
  // An error reply starts with 'N' (0x4E), so it never takes this branch.
  if (raw[3] !== Command.readTracks) return toHex(raw);
  const etxAt = raw.length - 2;
  const parts: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const visible = i < 5 || (i === etxAt && raw[i] === ETX);
    parts.push(visible ? toHex(raw.subarray(i, i + 1)) : MASK);
  }
  return parts.join(' ');
}

function emptyCounters(): DiagnosticsCounters {
  return { commands: 0, naks: 0, retries: 0, timeouts: 0, bccErrors: 0, negativeReplies: 0, parserFaults: 0, noiseBytes: 0, unexpected: 0 };
}

export class Crt310Diagnostics {
  readonly #trace: RingBuffer<TraceEntry>;
  readonly #clock: Clock;
  #counters = emptyCounters();
  #firmware: string | undefined;

  constructor(
    readonly endpoint: string,
    options: { capacity?: number; clock?: Clock; baudRate?: number } = {},
  ) {
    this.#trace = new RingBuffer(options.capacity ?? 256);
    this.#clock = options.clock ?? systemClock;
    this.baudRate = options.baudRate;
  }

  readonly baudRate: number | undefined;

  get counters(): Readonly<DiagnosticsCounters> {
    return this.#counters;
  }

  count(counter: CounterName, by = 1): void {
    this.#counters[counter] += by;
  }

  setFirmware(firmware: string): void {
    this.#firmware = firmware;
  }

  /** The host never sends track data, so its bytes are recorded in full. */
  recordTx(bytes: Uint8Array, note: string): void {
    this.#push('tx', toHex(bytes), note);
  }

  recordRx(token: Crt310Token): void {
    switch (token.kind) {
      case 'control':
        this.#push('rx', toHex(Buffer.from([controlByteValue[token.control]])), token.control.toUpperCase());
        return;
      case 'frame':
        this.#push('rx', maskedFrameHex(token.frame.raw), 'frame');
        return;
      case 'fault':
        this.#push('rx', '', `${token.reason}: ${token.discardedBytes} byte(s) discarded`);
        return;
    }
  }

  note(direction: 'tx' | 'rx', note: string): void {
    this.#push(direction, '', note);
  }

  snapshot(): DiagnosticsSnapshot {
    return {
      endpoint: this.endpoint,
      ...(this.baudRate === undefined ? {} : { baudRate: this.baudRate }),
      ...(this.#firmware === undefined ? {} : { firmware: this.#firmware }),
      counters: { ...this.#counters },
      trace: this.#trace.toArray(),
    };
  }

  #push(direction: 'tx' | 'rx', hex: string, note: string): void {
    this.#trace.push({ at: new Date(this.#clock.now()).toISOString(), direction, hex, note });
  }
}

const controlByteValue = { ack: ACK, nak: NAK, enq: ENQ, eot: EOT } as const;

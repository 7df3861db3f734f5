/**
 * What a technician sees of the printer link: counters and a ring of the
 * traffic. Status requests and their one-byte answers are recorded in hex;
 * document bytes only as a count, because a document holds a customer's name
 * and the trace outlives every print (it goes into diagnostics bundles).
 */
import { systemClock, type Clock } from '../../shared/time/clock';

export interface PrinterCounters {
  /** `DLE EOT n` requests sent, retries included. */
  statusRequests: number;
  /** Requests sent again after no valid answer in time. */
  retries: number;
  /** Timers that ran out waiting for a status byte. */
  timeouts: number;
  /** Bytes that came while a status byte was awaited but were not one (fixed bits wrong). */
  noiseBytes: number;
  /** Bytes that came when nothing was awaited. */
  unexpected: number;
  /** Documents started (bytes sent) and finished with good status. */
  documentsStarted: number;
  documentsPrinted: number;
  /** Document bytes handed to the transport. */
  documentBytes: number;
}

export type PrinterCounterName = keyof PrinterCounters;

export interface PrinterTraceEntry {
  /** ISO 8601 time. */
  at: string;
  direction: 'tx' | 'rx';
  /** Hex of status traffic; empty for document bytes, which are counted, never shown. */
  hex: string;
  note: string;
}

export interface PrinterDiagnosticsSnapshot {
  endpoint: string;
  baudRate?: number;
  counters: PrinterCounters;
  trace: PrinterTraceEntry[];
}

export function toHex(bytes: Iterable<number>): string {
  return [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

function emptyCounters(): PrinterCounters {
  return { statusRequests: 0, retries: 0, timeouts: 0, noiseBytes: 0, unexpected: 0, documentsStarted: 0, documentsPrinted: 0, documentBytes: 0 };
}

export class PrinterDiagnostics {
  readonly #clock: Clock;
  readonly #capacity: number;
  readonly #trace: PrinterTraceEntry[] = [];
  #counters = emptyCounters();

  constructor(
    readonly endpoint: string,
    options: { capacity?: number; clock?: Clock; baudRate?: number } = {},
  ) {
    this.#clock = options.clock ?? systemClock;
    this.#capacity = options.capacity ?? 256;
    if (!Number.isInteger(this.#capacity) || this.#capacity < 1) throw new RangeError('trace capacity must be a positive integer');
    this.baudRate = options.baudRate;
  }

  readonly baudRate: number | undefined;

  get counters(): Readonly<PrinterCounters> {
    return this.#counters;
  }

  count(counter: PrinterCounterName, by = 1): void {
    this.#counters[counter] += by;
  }

  /** Status traffic: requests and answers are protocol bytes, never document content. */
  recordStatus(direction: 'tx' | 'rx', bytes: Iterable<number>, note: string): void {
    this.#push(direction, toHex(bytes), note);
  }

  /** Document traffic: a count and what part of the document it was. */
  recordDocument(byteCount: number, note: string): void {
    this.#push('tx', '', `${note}: ${byteCount} byte(s)`);
  }

  note(direction: 'tx' | 'rx', note: string): void {
    this.#push(direction, '', note);
  }

  snapshot(): PrinterDiagnosticsSnapshot {
    return {
      endpoint: this.endpoint,
      ...(this.baudRate === undefined ? {} : { baudRate: this.baudRate }),
      counters: { ...this.#counters },
      trace: [...this.#trace],
    };
  }

  #push(direction: 'tx' | 'rx', hex: string, note: string): void {
    this.#trace.push({ at: new Date(this.#clock.now()).toISOString(), direction, hex, note });
    if (this.#trace.length > this.#capacity) this.#trace.shift();
  }
}

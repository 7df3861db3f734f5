/**
 * The one writer on the printer line, as an explicit state machine. Document
 * chunks and real-time status requests go out through one FIFO queue, so a
 * `DLE EOT n` is never written inside a document chunk (DEVICES.md: the
 * line carries "commands and text in one stream").
 *
 *   idle ──write──▶ writing ──written──▶ idle
 *   idle ──DLE EOT n──▶ awaitingStatus ──status byte──▶ idle
 *                          │ a byte whose fixed bits are wrong: noise, counted, keep waiting
 *                          │ no status byte in time: send the same request again, up to maxTries
 *                          └ still none ──▶ failed ──▶ quiet (bytes dropped for one timeout) ──▶ idle
 *
 * Correlation rule: the answer is one byte with no request id, so only one
 * request is ever outstanding, a retry asks the same n again (a late answer
 * to the first try is still the right answer), and after a request fails the
 * line is left quiet for one timeout before anything else is asked, so a
 * very late answer cannot be taken for the answer to the next question.
 *
 * Timeouts come from an injected clock; results are values, never thrown.
 */
import type { ByteTransport } from '../transport/byte-transport';
import { describeLine, type LineDescription } from '../transport/line-failure';
import { systemClock, type Clock, type TimerHandle } from '../../shared/time/clock';
import { assertNever } from '../../shared/assert-never';
import { STATUS_KINDS, statusRequest, type StatusKind } from './escpos-bytes';
import { STATUS_BYTE_OF, decodeStatusBytes, isStatusByte, type EscPosConditions, type StatusBytes } from './escpos-status';
import { PrinterDiagnostics, toHex } from './printer-diagnostics';

/** Why a status request or a write did not complete: a closed set. */
export type PrinterExchangeError =
  /** No byte at all came back, after every try. */
  | { kind: 'timeout'; request: StatusKind; tries: number }
  /** Bytes came back, but none was a status byte (fixed bits wrong), after every try. */
  | { kind: 'malformedReply'; request: StatusKind; tries: number; noiseBytes: number; lastByte: number }
  | { kind: 'portClosed' };

export type StatusRequestResult = { ok: true; byte: number } | { ok: false; error: PrinterExchangeError };
export type StatusQueryResult = { ok: true; bytes: StatusBytes; conditions: EscPosConditions } | { ok: false; error: PrinterExchangeError };
export type WriteResult = { ok: true } | { ok: false; error: Extract<PrinterExchangeError, { kind: 'portClosed' }> };

export type PrinterExchangeStateName = 'idle' | 'writing' | 'awaitingStatus' | 'quiet';

type Job =
  | { kind: 'write'; bytes: Buffer; note: string; resolve(result: WriteResult): void }
  | { kind: 'status'; request: StatusKind; tries: number; noiseBytes: number; lastNoise: number; resolve(result: StatusRequestResult): void };

type StatusJob = Extract<Job, { kind: 'status' }>;

type State =
  | { name: 'idle' }
  | { name: 'writing'; job: Extract<Job, { kind: 'write' }> }
  | { name: 'awaitingStatus'; job: StatusJob }
  | { name: 'quiet' };

export interface PrinterExchangeOptions {
  transport: ByteTransport;
  clock?: Clock;
  /** Per status request, from the end of our 3 bytes to the answer. 500 ms unless told ("answered at once", DEVICES.md). */
  statusTimeoutMs?: number;
  /** Tries per status request: 3 unless told. */
  maxTries?: number;
  diagnostics?: PrinterDiagnostics;
}

export class PrinterExchange {
  readonly transport: ByteTransport;
  readonly diagnostics: PrinterDiagnostics;
  readonly statusTimeoutMs: number;
  readonly maxTries: number;
  readonly #clock: Clock;
  readonly #queue: Job[] = [];
  #state: State = { name: 'idle' };
  /** Bumped on every state change; a timer or a finished write from an older state does nothing. */
  #epoch = 0;
  #timer: TimerHandle | undefined;
  #detach: (() => void)[] = [];

  constructor(options: PrinterExchangeOptions) {
    this.transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 500;
    this.maxTries = options.maxTries ?? 3;
    if (!Number.isInteger(this.maxTries) || this.maxTries < 1) throw new RangeError('maxTries must be a positive integer');
    if (!(this.statusTimeoutMs > 0)) throw new RangeError('statusTimeoutMs must be positive');
    this.diagnostics = options.diagnostics ?? new PrinterDiagnostics(this.transport.endpoint, { clock: this.#clock });
    this.#detach.push(
      this.transport.onData((chunk) => this.#onBytes(chunk)),
      this.transport.onClose(() => this.#failAll()),
    );
  }

  get state(): PrinterExchangeStateName {
    return this.#state.name;
  }

  /** Jobs waiting behind the one in flight. */
  get queued(): number {
    return this.#queue.length;
  }

  /** `DLE EOT n`; resolves with the answer byte (fixed bits checked) or an error, never rejects. */
  requestStatus(request: StatusKind): Promise<StatusRequestResult> {
    return new Promise((resolve) => this.#enqueue({ kind: 'status', request, tries: 0, noiseBytes: 0, lastNoise: 0, resolve }));
  }

  /** Asks n = 1, 2, 3 and 4 in turn; stops at the first that fails. */
  async queryStatus(): Promise<StatusQueryResult> {
    const bytes: Partial<StatusBytes> = {};
    for (const request of STATUS_KINDS) {
      const result = await this.requestStatus(request);
      if (!result.ok) return result;
      bytes[STATUS_BYTE_OF[request]] = result.byte;
    }
    const complete = bytes as StatusBytes;
    return { ok: true, bytes: complete, conditions: decodeStatusBytes(complete) };
  }

  /** Document bytes, in queue order with status requests. `note` says what part of the document, never its content. */
  write(bytes: Uint8Array, note: string): Promise<WriteResult> {
    return new Promise((resolve) => this.#enqueue({ kind: 'write', bytes: Buffer.from(bytes), note, resolve }));
  }

  /** Fails whatever is queued or in flight (e.g. before closing the port); stays usable after. */
  abortAll(): void {
    this.#failAll();
  }

  /** Stops listening; fails whatever is queued or in flight. Does not close the transport. */
  dispose(): void {
    this.#failAll();
    for (const detach of this.#detach) detach();
    this.#detach = [];
  }

  #enqueue(job: Job): void {
    if (!this.transport.isOpen) {
      job.resolve({ ok: false, error: { kind: 'portClosed' } });
      return;
    }
    this.#queue.push(job);
    if (this.#state.name === 'idle') this.#startNext();
  }

  #startNext(): void {
    const job = this.#queue.shift();
    if (!job) {
      this.#enter({ name: 'idle' });
      return;
    }
    switch (job.kind) {
      case 'write':
        return this.#startWrite(job);
      case 'status':
        return this.#sendStatusRequest(job);
      default:
        return assertNever(job, 'exchange job');
    }
  }

  #startWrite(job: Extract<Job, { kind: 'write' }>): void {
    this.#enter({ name: 'writing', job });
    const epoch = this.#epoch;
    this.diagnostics.recordDocument(job.bytes.length, job.note);
    this.transport.write(job.bytes).then(
      () => {
        if (epoch !== this.#epoch) return;
        this.diagnostics.count('documentBytes', job.bytes.length);
        this.#finish(() => job.resolve({ ok: true }));
      },
      () => {
        if (epoch !== this.#epoch) return;
        this.#finish(() => job.resolve({ ok: false, error: { kind: 'portClosed' } }));
      },
    );
  }

  #sendStatusRequest(job: StatusJob): void {
    job.tries++;
    this.diagnostics.count('statusRequests');
    if (job.tries > 1) this.diagnostics.count('retries');
    this.#enter({ name: 'awaitingStatus', job });
    const epoch = this.#epoch;
    const bytes = statusRequest(job.request);
    this.diagnostics.recordStatus('tx', bytes, `DLE EOT ${job.request}${job.tries > 1 ? ` (try ${job.tries})` : ''}`);
    this.transport.write(Buffer.from(bytes)).then(
      () => {
        // The answer may beat the write callback: then this state is already left.
        if (epoch !== this.#epoch) return;
        this.#timer = this.#clock.setTimeout(() => {
          if (epoch === this.#epoch) this.#onStatusTimeout(job);
        }, this.statusTimeoutMs);
      },
      () => {
        if (epoch !== this.#epoch) return;
        this.#finish(() => job.resolve({ ok: false, error: { kind: 'portClosed' } }));
      },
    );
  }

  #onStatusTimeout(job: StatusJob): void {
    this.diagnostics.count('timeouts');
    if (job.tries < this.maxTries) {
      this.#sendStatusRequest(job);
      return;
    }
    const error: PrinterExchangeError = job.noiseBytes > 0
      ? { kind: 'malformedReply', request: job.request, tries: job.tries, noiseBytes: job.noiseBytes, lastByte: job.lastNoise }
      : { kind: 'timeout', request: job.request, tries: job.tries };
    this.#enterQuiet();
    job.resolve({ ok: false, error });
  }

  #onBytes(chunk: Buffer): void {
    for (const byte of chunk) {
      const state = this.#state;
      switch (state.name) {
        case 'awaitingStatus':
          if (isStatusByte(byte)) {
            this.diagnostics.recordStatus('rx', [byte], `status ${state.job.request}`);
            const job = state.job;
            this.#finish(() => job.resolve({ ok: true, byte }));
          } else {
            this.diagnostics.count('noiseBytes');
            this.diagnostics.recordStatus('rx', [byte], 'not a status byte');
            state.job.noiseBytes++;
            state.job.lastNoise = byte;
          }
          break;
        case 'idle':
        case 'writing':
        case 'quiet':
          // Nothing asked for it: an answer that came too late, or noise. Dropped, counted.
          this.diagnostics.count('unexpected');
          this.diagnostics.recordStatus('rx', [byte], 'unexpected');
          break;
        default:
          assertNever(state, 'exchange state');
      }
    }
  }

  #enterQuiet(): void {
    this.#enter({ name: 'quiet' });
    const epoch = this.#epoch;
    this.#timer = this.#clock.setTimeout(() => {
      if (epoch === this.#epoch) this.#startNext();
    }, this.statusTimeoutMs);
  }

  #enter(state: State): void {
    this.#state = state;
    this.#epoch++;
    if (this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  /** Back to idle, then tell the caller, then start the next job (a caller's follow-up queues behind it). */
  #finish(report: () => void): void {
    this.#enter({ name: 'idle' });
    report();
    if (this.#state.name === 'idle') this.#startNext();
  }

  #failAll(): void {
    const state = this.#state;
    const jobs = [...(state.name === 'writing' || state.name === 'awaitingStatus' ? [state.job] : []), ...this.#queue.splice(0)];
    this.#enter({ name: 'idle' });
    for (const job of jobs) job.resolve({ ok: false, error: { kind: 'portClosed' } });
  }
}

/** One line for stderr and for `detail` in XFS results; no document content. */
export function describeExchangeError(error: PrinterExchangeError, line: LineDescription): string {
  const at = describeLine(line);
  switch (error.kind) {
    case 'timeout':
      return `no status from printer on ${at} (DLE EOT ${error.request}, ${error.tries} tries): check power, cable and port`;
    case 'malformedReply':
      return `printer on ${at} answered DLE EOT ${error.request} with ${error.noiseBytes} byte(s) that are not status bytes (last 0x${toHex([error.lastByte])}; bits 1 and 4 must be set): check the baud rate and that this is an ESC/POS printer`;
    case 'portClosed':
      return `port ${line.endpoint} is closed`;
    default:
      return assertNever(error, 'exchange error');
  }
}

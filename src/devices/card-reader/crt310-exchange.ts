/**
 * One CRT-310 command exchange at a time, as an explicit state machine
 * (DEVICES.md, CRT-310, "Exchange"):
 *
 *   idle ──send──▶ awaitingAck ──ACK──▶ awaitingResponse ──reply──▶ done
 *                    │  NAK / no answer: resend,             │  'N' CM E ──▶ failed (negativeReply)
 *                    │  up to maxTries ──▶ failed            │  damaged reply: ENQ again, up to maxTries
 *                    │                                       │  no reply ──▶ EOT, failed (timeout)
 *                    └────────────── cancel() ──▶ cancelling ──EOT──▶ failed (canceled)
 *
 * Commands wait in a FIFO queue while one is in flight; the line is half
 * duplex, so there is never more than one. Timeouts come from an injected
 * clock. Results are values, never thrown.
 *
 * Two rules DEVICES.md leaves open, decided here and in the simulator alike:
 * - a reply that arrives damaged (bad BCC, ETX out of place) is asked for
 *   again with another ENQ; the reader answers a repeated ENQ by sending the
 *   same reply again without executing the command twice;
 * - after a reply timeout the host sends EOT so that a reader that is merely
 *   slow abandons the command instead of finishing it later.
 */
import type { ByteTransport } from '../transport/byte-transport';
import { ENQ, EOT } from './crt310-bytes';
import {
  decodeNegativeReply, decodeReply, encodeCommand, replyMatches,
  type Crt310Command, type Crt310CommandKind, type Crt310Reply, type ReplyDecodeProblem,
} from './crt310-codec';
import { Crt310Parser, type Crt310Token } from './crt310-parser';
import { Crt310Diagnostics, maskedFrameHex } from './diagnostics';
import { systemClock, type Clock, type TimerHandle } from '../../shared/time/clock';
import type { ReaderErrorCode } from './crt310-bytes';
import { assertNever } from '../../shared/assert-never';

export interface ExchangeTimeouts {
  /** From the end of our frame to the reader's ACK or NAK. */
  ackMs: number;
  /** From ENQ to the reply, per command: motors take longer than a status query. */
  responseMs: Record<Crt310CommandKind, number>;
  /** From our EOT to the reader's EOT. */
  cancelMs: number;
}

export const DEFAULT_TIMEOUTS: ExchangeTimeouts = {
  ackMs: 300,
  responseMs: {
    reset: 10_000,
    status: 1_000,
    entryControl: 1_000,
    move: 6_000,
    readTracks: 3_000,
    led: 1_000,
    ledBlink: 1_000,
    setBaudRate: 1_000,
  },
  cancelMs: 500,
};

export type ExchangeTimeoutOptions = Partial<Omit<ExchangeTimeouts, 'responseMs'>> & {
  responseMs?: Partial<Record<Crt310CommandKind, number>>;
};

export function resolveTimeouts(options: ExchangeTimeoutOptions = {}): ExchangeTimeouts {
  return {
    ackMs: options.ackMs ?? DEFAULT_TIMEOUTS.ackMs,
    cancelMs: options.cancelMs ?? DEFAULT_TIMEOUTS.cancelMs,
    responseMs: { ...DEFAULT_TIMEOUTS.responseMs, ...options.responseMs },
  };
}

/** Why a command did not complete: a closed set, switched over exhaustively. */
export type ExchangeError =
  /** No ACK (after every try) or no reply. `noiseBytes`: bytes that came but made no sense (a baud mismatch looks like this). */
  | { kind: 'timeout'; phase: 'ack' | 'response'; tries: number; noiseBytes: number }
  /** The reader answered NAK to every try: it keeps receiving our frame damaged. */
  | { kind: 'nakLimit'; tries: number }
  /** Every copy of the reply arrived damaged. */
  | { kind: 'bcc'; tries: number }
  /** The reader refused: `'N' CM E`. */
  | { kind: 'negativeReply'; error: ReaderErrorCode | 'unknown'; code: number }
  /**
   * A well-framed reply whose content this driver cannot read (another reader
   * dialect): `frame` is its hex as the trace shows it, track data masked
   * (maskedFrameHex), for the technician page (issue 15, "Reader dialects").
   */
  | { kind: 'badReply'; problem: ReplyDecodeProblem; frame: string }
  | { kind: 'canceled' }
  | { kind: 'portClosed' };

export type ExchangeResult = { ok: true; reply: Crt310Reply } | { ok: false; error: ExchangeError };

export type ExchangeStateName = 'idle' | 'awaitingAck' | 'awaitingResponse' | 'cancelling';

interface Job {
  command: Crt310Command;
  frame: Buffer;
  responseMs: number;
  tries: number;
  enqTries: number;
  noiseBytes: number;
  resolve(result: ExchangeResult): void;
}

type State =
  | { name: 'idle' }
  | { name: 'awaitingAck'; job: Job }
  | { name: 'awaitingResponse'; job: Job }
  | { name: 'cancelling'; job: Job };

export interface Crt310ExchangeOptions {
  transport: ByteTransport;
  clock?: Clock;
  timeouts?: ExchangeTimeoutOptions;
  /** Tries per command frame (NAK or no ACK) and per reply (damaged): 3 unless told. */
  maxTries?: number;
  diagnostics?: Crt310Diagnostics;
}

export class Crt310Exchange {
  readonly transport: ByteTransport;
  readonly diagnostics: Crt310Diagnostics;
  readonly timeouts: ExchangeTimeouts;
  readonly maxTries: number;
  readonly #clock: Clock;
  readonly #parser = new Crt310Parser();
  readonly #queue: Job[] = [];
  #state: State = { name: 'idle' };
  /** Bumped on every state change; a timer or a finished write from an older state does nothing. */
  #epoch = 0;
  #timer: TimerHandle | undefined;
  #detach: (() => void)[] = [];

  constructor(options: Crt310ExchangeOptions) {
    this.transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.timeouts = resolveTimeouts(options.timeouts);
    this.maxTries = options.maxTries ?? 3;
    if (!Number.isInteger(this.maxTries) || this.maxTries < 1) throw new RangeError('maxTries must be a positive integer');
    this.diagnostics = options.diagnostics ?? new Crt310Diagnostics(this.transport.endpoint, { clock: this.#clock });
    this.#parser.on('data', (token: Crt310Token) => this.#onToken(token));
    this.#detach.push(
      this.transport.onData((chunk) => this.#parser.write(chunk)),
      this.transport.onClose(() => this.#failAll({ kind: 'portClosed' })),
    );
  }

  get state(): ExchangeStateName {
    return this.#state.name;
  }

  /** Commands waiting behind the one in flight. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Parser's held-back bytes (bounded by one maximal frame). */
  get parserBufferedBytes(): number {
    return this.#parser.bufferedBytes;
  }

  /** Queues a command; resolves with its reply or its error, never rejects. */
  send(command: Crt310Command, options: { responseMs?: number } = {}): Promise<ExchangeResult> {
    return new Promise((resolve) => {
      if (!this.transport.isOpen) {
        resolve({ ok: false, error: { kind: 'portClosed' } });
        return;
      }
      this.#queue.push({
        command,
        frame: encodeCommand(command),
        responseMs: options.responseMs ?? this.timeouts.responseMs[command.kind],
        tries: 0,
        enqTries: 0,
        noiseBytes: 0,
        resolve,
      });
      if (this.#state.name === 'idle') this.#startNext();
    });
  }

  /** Cancels the command in flight with EOT (DEVICES.md: "Host EOT cancels the command in progress"). */
  cancel(): void {
    const state = this.#state;
    if (state.name !== 'awaitingAck' && state.name !== 'awaitingResponse') return;
    this.#enter({ name: 'cancelling', job: state.job });
    void this.#transmit(state.job, Buffer.from([EOT]), 'EOT (cancel)', this.timeouts.cancelMs, () => {
      this.diagnostics.count('timeouts');
      this.#finish(state.job, { ok: false, error: { kind: 'canceled' } });
    });
  }

  /** Fails whatever is queued or in flight (e.g. before closing the port); stays usable after. */
  abortAll(): void {
    this.#failAll({ kind: 'portClosed' });
  }

  /** Stops listening; fails whatever is queued or in flight. Does not close the transport. */
  dispose(): void {
    this.#failAll({ kind: 'portClosed' });
    for (const detach of this.#detach) detach();
    this.#detach = [];
  }

  #startNext(): void {
    const job = this.#queue.shift();
    if (!job) {
      this.#enter({ name: 'idle' });
      return;
    }
    this.diagnostics.count('commands');
    this.#sendFrame(job);
  }

  #sendFrame(job: Job): void {
    job.tries++;
    if (job.tries > 1) this.diagnostics.count('retries');
    this.#enter({ name: 'awaitingAck', job });
    void this.#transmit(job, job.frame, `${job.command.kind}${job.tries > 1 ? ` (try ${job.tries})` : ''}`, this.timeouts.ackMs, () => {
      this.diagnostics.count('timeouts');
      if (job.tries < this.maxTries) this.#sendFrame(job);
      else this.#finish(job, { ok: false, error: { kind: 'timeout', phase: 'ack', tries: job.tries, noiseBytes: job.noiseBytes } });
    });
  }

  #sendEnq(job: Job): void {
    job.enqTries++;
    if (job.enqTries > 1) this.diagnostics.count('retries');
    this.#enter({ name: 'awaitingResponse', job });
    void this.#transmit(job, Buffer.from([ENQ]), 'ENQ', job.responseMs, () => {
      this.diagnostics.count('timeouts');
      // Tell a slow reader to drop the command rather than finish it unseen.
      void this.transport.write(Buffer.from([EOT])).catch(() => undefined);
      this.diagnostics.recordTx(Buffer.from([EOT]), 'EOT (after reply timeout)');
      this.#finish(job, { ok: false, error: { kind: 'timeout', phase: 'response', tries: job.enqTries, noiseBytes: job.noiseBytes } });
    });
  }

  /**
   * Writes, then arms the state's timer once the bytes are out (a 1200 bps
   * line takes a while to drain). A reply may beat the drain callback; the
   * epoch check keeps the timer from being armed for a state already left.
   */
  async #transmit(job: Job, bytes: Buffer, note: string, timeoutMs: number, onTimeout: () => void): Promise<void> {
    const epoch = this.#epoch;
    // Half duplex: whatever the reader was part-way through sending is stale now.
    this.#parser.resync();
    this.diagnostics.recordTx(bytes, note);
    try {
      await this.transport.write(bytes);
    } catch {
      if (epoch === this.#epoch) this.#finish(job, { ok: false, error: { kind: 'portClosed' } });
      return;
    }
    if (epoch !== this.#epoch) return;
    this.#timer = this.#clock.setTimeout(() => {
      if (epoch === this.#epoch) onTimeout();
    }, timeoutMs);
  }

  #onToken(token: Crt310Token): void {
    this.diagnostics.recordRx(token);
    const state = this.#state;
    if (token.kind === 'fault') {
      this.diagnostics.count('parserFaults');
      this.diagnostics.count('noiseBytes', token.discardedBytes);
      if (token.reason === 'badBcc') this.diagnostics.count('bccErrors');
      if (state.name !== 'idle') state.job.noiseBytes += token.discardedBytes;
    }
    switch (state.name) {
      case 'idle':
        if (token.kind !== 'fault') this.diagnostics.count('unexpected');
        return;
      case 'awaitingAck':
        return this.#whileAwaitingAck(state.job, token);
      case 'awaitingResponse':
        return this.#whileAwaitingResponse(state.job, token);
      case 'cancelling':
        if (token.kind === 'control' && token.control === 'eot') this.#finish(state.job, { ok: false, error: { kind: 'canceled' } });
        return;
      default:
        return assertNever(state, 'exchange state');
    }
  }

  #whileAwaitingAck(job: Job, token: Crt310Token): void {
    if (token.kind !== 'control') {
      if (token.kind === 'frame') this.diagnostics.count('unexpected');
      return;
    }
    switch (token.control) {
      case 'ack':
        this.#sendEnq(job);
        return;
      case 'nak':
        this.diagnostics.count('naks');
        if (job.tries < this.maxTries) this.#sendFrame(job);
        else this.#finish(job, { ok: false, error: { kind: 'nakLimit', tries: job.tries } });
        return;
      case 'eot':
      case 'enq':
        // An EOT answering an earlier cancel, or line noise: not an answer to this frame.
        this.diagnostics.count('unexpected');
        return;
      default:
        return assertNever(token.control, 'control byte');
    }
  }

  #whileAwaitingResponse(job: Job, token: Crt310Token): void {
    switch (token.kind) {
      case 'frame': {
        const body = token.frame.body;
        const negative = decodeNegativeReply(body);
        if (negative) {
          this.diagnostics.count('negativeReplies');
          this.#finish(job, { ok: false, error: { kind: 'negativeReply', error: negative.error, code: negative.code } });
          return;
        }
        if (!replyMatches(job.command, body)) {
          // A late reply to a command we gave up on: keep waiting for ours.
          this.diagnostics.count('unexpected');
          return;
        }
        const decoded = decodeReply(job.command, body);
        this.#finish(job, decoded.ok ? { ok: true, reply: decoded.reply } : { ok: false, error: { kind: 'badReply', problem: decoded.problem, frame: maskedFrameHex(token.frame.raw) } });
        return;
      }
      case 'fault':
        if (token.reason !== 'badBcc' && token.reason !== 'missingEtx') return;
        if (job.enqTries < this.maxTries) this.#sendEnq(job);
        else this.#finish(job, { ok: false, error: { kind: 'bcc', tries: job.enqTries } });
        return;
      case 'control':
        this.diagnostics.count('unexpected');
        return;
      default:
        return assertNever(token, 'token');
    }
  }

  #enter(state: State): void {
    this.#state = state;
    this.#epoch++;
    if (this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #finish(job: Job, result: ExchangeResult): void {
    this.#enter({ name: 'idle' });
    job.resolve(result);
    this.#startNext();
  }

  #failAll(error: ExchangeError): void {
    const state = this.#state;
    const jobs = [...(state.name === 'idle' ? [] : [state.job]), ...this.#queue.splice(0)];
    this.#enter({ name: 'idle' });
    for (const job of jobs) job.resolve({ ok: false, error });
  }
}


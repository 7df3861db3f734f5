/**
 * CardReaderService's hold on the line: opening the port and opening it
 * again after it went away, the status polling that finds insertion and
 * removal (the CRT-310 sends nothing unsolicited), and the device state
 * that the outcome of every exchange implies.
 */
import type { ByteTransport } from '../transport/byte-transport';
import { type CommandResult } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import type { Clock, TimerHandle } from '../../shared/time/clock';
import type { Crt310Command } from './crt310-codec';
import { Crt310Exchange, describeExchangeError, type ExchangeError, type ExchangeResult, type LineDescription } from './crt310-exchange';
import { failureOf } from './exchange-failure';
import type { CardReaderState, CardReaderStatus } from './card-reader-state';

export interface CardReaderConnectionOptions {
  transport: ByteTransport;
  exchange: Crt310Exchange;
  state: CardReaderState;
  clock: Clock;
  line: LineDescription;
  /** Status poll interval; 0 turns polling off. */
  pollIntervalMs: number;
  /** While the port is closed, polling tries to open it again at most this often. */
  reopenIntervalMs: number;
}

export class CardReaderConnection {
  readonly #transport: ByteTransport;
  readonly #exchange: Crt310Exchange;
  readonly #state: CardReaderState;
  readonly #clock: Clock;
  readonly #line: LineDescription;
  readonly #pollIntervalMs: number;
  readonly #reopenIntervalMs: number;
  #lastOpenAttemptAt = Number.NEGATIVE_INFINITY;
  #pollTimer: TimerHandle | undefined;
  #polling = false;
  #opened = false;

  constructor(options: CardReaderConnectionOptions) {
    this.#transport = options.transport;
    this.#exchange = options.exchange;
    this.#state = options.state;
    this.#clock = options.clock;
    this.#line = options.line;
    this.#pollIntervalMs = options.pollIntervalMs;
    this.#reopenIntervalMs = options.reopenIntervalMs;
    this.#transport.onClose(() => {
      if (this.#opened) this.#state.setDevice('offline', { error: 'portClosed', detail: `port ${this.#line.endpoint} closed` });
    });
  }

  /** See CardReaderService.open. */
  async open(): Promise<CommandResult<CardReaderStatus>> {
    this.#opened = true;
    this.#state.setDevice('starting');
    if (!this.#transport.isOpen) {
      const failed = await this.#openPort();
      if (failed) {
        this.#schedulePoll();
        return { completion: 'hardwareError', detail: failed };
      }
    }
    const result = await this.refreshStatus();
    this.#schedulePoll();
    return result;
  }

  /** Opens the transport; on failure marks the device `noDevice` and returns why. */
  async #openPort(): Promise<string | null> {
    this.#lastOpenAttemptAt = this.#clock.now();
    try {
      await this.#transport.open();
    } catch (error) {
      const detail = (error as Error).message;
      this.#state.setDevice('noDevice', { error: 'openFailed', detail });
      return detail;
    }
    // close() may have been called while the port was opening.
    if (!this.#opened) await this.#transport.close();
    return null;
  }

  async close(): Promise<void> {
    this.#opened = false;
    if (this.#pollTimer !== undefined) this.#clock.clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    this.#exchange.abortAll();
    await this.#transport.close();
    this.#state.setDevice('offline');
  }

  /** Asks the reader for its status now (no debounce: the answer is taken as it is). */
  async refreshStatus(): Promise<CommandResult<CardReaderStatus>> {
    const result = await this.run({ kind: 'status' });
    if (!result.ok) return failureOf(result.error, this.#line);
    if (result.reply.kind === 'status') this.#state.accept(result.reply, { quiet: false, debounced: false });
    return { completion: 'success', value: this.#state.status() };
  }

  /** Sends one command; an answer brings the device online, a failure sets the device state it implies. */
  async run(command: Crt310Command): Promise<ExchangeResult> {
    const result = await this.#exchange.send(command);
    if (result.ok) {
      if (this.#state.device !== 'online' && !this.#state.jammed) this.#state.setDevice('online');
    } else {
      this.#onExchangeError(result.error);
    }
    return result;
  }

  #onExchangeError(error: ExchangeError): void {
    // Commands failed by our own close() are not device faults.
    if (!this.#opened) return;
    const detail = describeExchangeError(error, this.#line);
    switch (error.kind) {
      case 'timeout':
      case 'portClosed':
        this.#state.setDevice('offline', { error: error.kind, detail });
        return;
      case 'nakLimit':
      case 'bcc':
      case 'badReply':
        this.#state.setDevice('hardwareError', { error: error.kind, detail });
        return;
      case 'negativeReply':
        if (error.error === 'onBackupPower') this.#state.setDevice('powerOff', { error: error.kind, detail });
        else if (error.error === 'supplyVoltage') this.#state.setDevice('hardwareError', { error: error.kind, detail });
        else if (this.#state.device !== 'online' && !this.#state.jammed) this.#state.setDevice('online');
        return;
      case 'canceled':
        return;
      default:
        return assertNever(error, 'exchange error');
    }
  }

  #schedulePoll(): void {
    if (!this.#opened || this.#pollIntervalMs <= 0 || this.#pollTimer !== undefined) return;
    this.#pollTimer = this.#clock.setTimeout(() => {
      this.#pollTimer = undefined;
      void this.#poll();
    }, this.#pollIntervalMs);
  }

  async #poll(): Promise<void> {
    if (!this.#opened || this.#polling) return;
    this.#polling = true;
    try {
      if (!this.#transport.isOpen) {
        // The port went away: try it again now and then, and take a fresh
        // status (undebounced: whatever happened while away is history).
        if (this.#clock.now() - this.#lastOpenAttemptAt >= this.#reopenIntervalMs && !(await this.#openPort()) && this.#opened) {
          await this.refreshStatus();
        }
      } else if (this.#exchange.state === 'idle' && this.#exchange.queued === 0) {
        // A command in flight or queued tells us more than a poll would; otherwise ask.
        const result = await this.run({ kind: 'status' });
        if (result.ok && result.reply.kind === 'status') this.#state.accept(result.reply, { quiet: false, debounced: true });
      }
    } finally {
      this.#polling = false;
    }
    this.#schedulePoll();
  }
}

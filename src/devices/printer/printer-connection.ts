/**
 * PrinterService's hold on the line: opening the port and opening it again
 * after it went away, the status polling, the full status (`DLE EOT 1..4`)
 * asked through the exchange, and the device state that the outcome of
 * every exchange implies.
 */
import type { ByteTransport } from '../transport/byte-transport';
import type { CommandResult } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import type { Clock, TimerHandle } from '../../shared/time/clock';
import type { EscPosConditions } from './escpos-status';
import { PrinterExchange, describeExchangeError, type LineDescription, type PrinterExchangeError } from './printer-exchange';
import type { LineFailure, PrinterState, PrinterStatus } from './printer-state';

export interface PrinterConnectionOptions {
  transport: ByteTransport;
  exchange: PrinterExchange;
  state: PrinterState;
  clock: Clock;
  line: LineDescription;
  /** Status poll interval; 0 turns polling off. */
  pollIntervalMs: number;
  /** While the port is closed, polling tries to open it again at most this often. */
  reopenIntervalMs: number;
}

export class PrinterConnection {
  readonly #transport: ByteTransport;
  readonly #exchange: PrinterExchange;
  readonly #state: PrinterState;
  readonly #clock: Clock;
  readonly #line: LineDescription;
  readonly #pollIntervalMs: number;
  readonly #reopenIntervalMs: number;

  #opened = false;
  #polling = false;
  #pollTimer: TimerHandle | undefined;
  #lastOpenAttemptAt = Number.NEGATIVE_INFINITY;

  constructor(options: PrinterConnectionOptions) {
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

  /** Between open() and close(). */
  get opened(): boolean {
    return this.#opened;
  }

  /** See PrinterService.open. */
  async open(): Promise<CommandResult<PrinterStatus>> {
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

  async close(): Promise<void> {
    this.#opened = false;
    if (this.#pollTimer !== undefined) this.#clock.clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    this.#exchange.abortAll();
    await this.#transport.close();
    this.#state.setDevice('offline');
  }

  /** See PrinterService.refreshStatus. */
  async refreshStatus(): Promise<CommandResult<PrinterStatus>> {
    const result = await this.queryStatus();
    if (!result.ok) return result.failure;
    return { completion: 'success', value: this.#state.status() };
  }

  async #openPort(): Promise<string | null> {
    this.#lastOpenAttemptAt = this.#clock.now();
    try {
      await this.#transport.open();
    } catch (error) {
      const detail = (error as Error).message;
      this.#state.setDevice('noDevice', { error: 'openFailed', detail });
      return detail;
    }
    if (!this.#opened) await this.#transport.close();
    return null;
  }

  /** All four status bytes; good conditions go to the state, a failure sets the device state it implies. */
  async queryStatus(): Promise<{ ok: true; conditions: EscPosConditions } | { ok: false; failure: LineFailure }> {
    const result = await this.#exchange.queryStatus();
    if (!result.ok) {
      this.onExchangeError(result.error);
      return { ok: false, failure: failureOf(result.error, this.#line) };
    }
    this.#state.accept(result.conditions);
    return { ok: true, conditions: result.conditions };
  }

  /** The device state an exchange error implies. */
  onExchangeError(error: PrinterExchangeError): void {
    // Requests failed by our own close() are not device faults.
    if (!this.#opened) return;
    const detail = describeExchangeError(error, this.#line);
    switch (error.kind) {
      case 'timeout':
      case 'portClosed':
        this.#state.setDevice('offline', { error: error.kind, detail });
        return;
      case 'malformedReply':
        this.#state.setDevice('hardwareError', { error: error.kind, detail });
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
        if (this.#clock.now() - this.#lastOpenAttemptAt >= this.#reopenIntervalMs && !(await this.#openPort()) && this.#opened) {
          await this.queryStatus();
        }
      } else if (!this.#state.printing && this.#exchange.state === 'idle' && this.#exchange.queued === 0) {
        // A document in progress checks status itself; otherwise ask.
        await this.queryStatus();
      }
    } finally {
      this.#polling = false;
    }
    this.#schedulePoll();
  }
}

/** An exchange error as an XFS result: a failure of the line, never a printer error code. */
export function failureOf(error: PrinterExchangeError, line: LineDescription): LineFailure {
  const detail = describeExchangeError(error, line);
  switch (error.kind) {
    case 'timeout':
      return { completion: 'timeOut', detail };
    case 'portClosed':
      return { completion: 'deviceNotReady', detail };
    case 'malformedReply':
      return { completion: 'hardwareError', detail };
    default:
      return assertNever(error, 'exchange error');
  }
}

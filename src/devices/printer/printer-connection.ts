/**
 * PrinterService's hold on the line: opening the port and opening it again
 * after it went away, and the status polling, come from the shared
 * ReopeningLink (transport/reopening-link.ts); the full status
 * (`DLE EOT 1..4`) asked through the exchange, and the device state that the
 * outcome of every ESC/POS exchange implies, are here.
 */
import { lineFailureOf, type LineDescription } from '../transport/line-failure';
import { ReopeningLink, type LinkSettings } from '../transport/reopening-link';
import type { CommandResult } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import type { EscPosConditions } from './escpos-status';
import { PrinterExchange, describeExchangeError, type PrinterExchangeError } from './printer-exchange';
import type { LineFailure, PrinterState, PrinterStatus } from './printer-state';

export interface PrinterConnectionOptions extends LinkSettings {
  exchange: PrinterExchange;
  state: PrinterState;
  line: LineDescription;
}

export class PrinterConnection {
  readonly #exchange: PrinterExchange;
  readonly #state: PrinterState;
  readonly #line: LineDescription;
  readonly #link: ReopeningLink<CommandResult<PrinterStatus>>;

  constructor(options: PrinterConnectionOptions) {
    this.#exchange = options.exchange;
    this.#state = options.state;
    this.#line = options.line;
    this.#link = new ReopeningLink({
      ...options,
      refresh: () => this.refreshStatus(),
      poll: () => this.queryStatus(),
      // A document in progress checks status itself.
      busy: () => this.#state.printing,
    });
  }

  /** Between open() and close(). */
  get opened(): boolean {
    return this.#link.opened;
  }

  /** See PrinterService.open. */
  open(): Promise<CommandResult<PrinterStatus>> {
    return this.#link.open();
  }

  close(): Promise<void> {
    return this.#link.close();
  }

  /** See PrinterService.refreshStatus. */
  async refreshStatus(): Promise<CommandResult<PrinterStatus>> {
    const result = await this.queryStatus();
    if (!result.ok) return result.failure;
    return { completion: 'success', value: this.#state.status() };
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
    if (!this.#link.opened) return;
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
}

/**
 * An exchange error as an XFS result: a failure of the line, never a printer
 * error code. Timeout and port closed as for every serial device
 * (transport/line-failure.ts); a reply that is no status byte is the printer's.
 */
export function failureOf(error: PrinterExchangeError, line: LineDescription): LineFailure {
  const detail = describeExchangeError(error, line);
  switch (error.kind) {
    case 'timeout':
    case 'portClosed':
      return lineFailureOf(error.kind, detail);
    case 'malformedReply':
      return { completion: 'hardwareError', detail };
    default:
      return assertNever(error, 'exchange error');
  }
}

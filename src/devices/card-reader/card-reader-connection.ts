/**
 * CardReaderService's hold on the line: opening the port and opening it
 * again after it went away, and the status polling that finds insertion and
 * removal (the CRT-310 sends nothing unsolicited), come from the shared
 * ReopeningLink (transport/reopening-link.ts); what a poll asks, how its
 * answer is taken (debounced), and the device state that the outcome of
 * every CRT-310 exchange implies are here.
 */
import type { LineDescription } from '../transport/line-failure';
import { ReopeningLink, type LinkSettings } from '../transport/reopening-link';
import { type CommandResult } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import type { Crt310Command } from './crt310-codec';
import { Crt310Exchange, type ExchangeError, type ExchangeResult } from './crt310-exchange';
import { describeExchangeError } from './exchange-error-text';
import { failureOf } from './exchange-failure';
import type { CardReaderState, CardReaderStatus } from './card-reader-state';

export interface CardReaderConnectionOptions extends LinkSettings {
  exchange: Crt310Exchange;
  state: CardReaderState;
  line: LineDescription;
}

export class CardReaderConnection {
  readonly #exchange: Crt310Exchange;
  readonly #state: CardReaderState;
  readonly #line: LineDescription;
  readonly #link: ReopeningLink<CommandResult<CardReaderStatus>>;

  constructor(options: CardReaderConnectionOptions) {
    this.#exchange = options.exchange;
    this.#state = options.state;
    this.#line = options.line;
    this.#link = new ReopeningLink({
      ...options,
      refresh: () => this.refreshStatus(),
      // A poll's answer is debounced: a card position counts once polls agree.
      poll: async () => {
        const result = await this.run({ kind: 'status' });
        if (result.ok && result.reply.kind === 'status') this.#state.accept(result.reply, { quiet: false, debounced: true });
      },
    });
  }

  /** See CardReaderService.open. */
  open(): Promise<CommandResult<CardReaderStatus>> {
    return this.#link.open();
  }

  close(): Promise<void> {
    return this.#link.close();
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
    if (!this.#link.opened) return;
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
}

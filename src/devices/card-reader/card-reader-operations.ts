/**
 * The XFS CardReader commands of CardReaderService on the CRT-310: read the
 * tracks, move the card (present it at the exit, keep it inside, capture it
 * into the retain bin), reset, card-entry control and the slot LED. A
 * refusal that may be about the card is told apart by looking at the card.
 */
import { type CardReaderErrorCode, type CommandResult } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import type { EntryMode, ReadMode } from './crt310-bytes';
import type { Crt310Command, TrackNumber } from './crt310-codec';
import type { ExchangeError } from './crt310-exchange';
import { describeExchangeError } from './exchange-error-text';
import type { LineDescription } from '../transport/line-failure';
import { analyseTrackBlocks, describeInvalidMedia, type CardRead } from './card-read';
import type { Crt310Diagnostics } from './diagnostics';
import { failureOf, type Failure } from './exchange-failure';
import { mediaOf, placeOf, type CardReaderEmitter, type CardReaderState, type CardReaderStatus, type MoveTarget, type ResetTarget } from './card-reader-state';
import type { CardReaderConnection } from './card-reader-connection';

export type ReadRawDataRequest = { track1?: boolean; track2?: boolean; track3?: boolean };

export interface CardReaderOperationsOptions {
  state: CardReaderState;
  connection: CardReaderConnection;
  emitter: CardReaderEmitter;
  diagnostics: Crt310Diagnostics;
  line: LineDescription;
  /** Front entry mode used when card entry is enabled. */
  entryMode: Exclude<EntryMode, 'prohibited'>;
}

export class CardReaderOperations {
  readonly #state: CardReaderState;
  readonly #connection: CardReaderConnection;
  readonly #emitter: CardReaderEmitter;
  readonly #diagnostics: Crt310Diagnostics;
  readonly #line: LineDescription;
  readonly #entryMode: Exclude<EntryMode, 'prohibited'>;

  constructor(options: CardReaderOperationsOptions) {
    this.#state = options.state;
    this.#connection = options.connection;
    this.#emitter = options.emitter;
    this.#diagnostics = options.diagnostics;
    this.#line = options.line;
    this.#entryMode = options.entryMode;
  }

  /** See CardReaderService.readRawData. */
  async readRawData(request: ReadRawDataRequest, options: { mode?: ReadMode } = {}): Promise<CommandResult<CardRead, CardReaderErrorCode>> {
    const tracks = ([1, 2, 3] as const).filter((t) => request[`track${t}`]) as TrackNumber[];
    if (tracks.length === 0) return { completion: 'invalidData', detail: 'no track asked for' };
    const mode = options.mode ?? 'ascii';
    const result = await this.#connection.run({ kind: 'readTracks', mode, tracks });
    if (!result.ok) {
      if (result.error.kind === 'negativeReply') return this.#cardProblem(result.error);
      return failureOf(result.error, this.#line);
    }
    if (result.reply.kind !== 'readTracks') return { completion: 'internalError', detail: 'reply of another command' };
    const analysis = analyseTrackBlocks(mode, result.reply.blocks);
    if (!analysis.ok) {
      this.#emitter.emit('invalidMedia', { reason: analysis.reason, tracks: analysis.tracks });
      return { completion: 'commandErrorCode', errorCode: 'invalidMedia', detail: describeInvalidMedia(analysis.reason) };
    }
    return { completion: 'success', value: analysis.card };
  }

  /** See CardReaderService.move. */
  async move(request: { to: MoveTarget }): Promise<CommandResult<CardReaderStatus, CardReaderErrorCode>> {
    const state = this.#state;
    const from = placeOf(state.position);
    if (request.to === 'retain' && state.retained >= state.retainThresholds.full) {
      return { completion: 'commandErrorCode', errorCode: 'retainBinFull', detail: `retain bin holds ${state.retained} cards (full at ${state.retainThresholds.full})` };
    }
    const abnormal = state.position === 'longCard' || state.position === 'shortCard';
    const command: Crt310Command = {
      kind: 'move',
      target: request.to === 'retain' ? 'capture' : request.to === 'transport' ? 'rearHeld' : abnormal ? 'clearAbnormalCard' : 'frontHeld',
    };
    const result = await this.#connection.run(command);
    if (!result.ok) {
      if (result.error.kind === 'negativeReply') return this.#cardProblem(result.error);
      return failureOf(result.error, this.#line);
    }
    if (result.reply.kind !== 'move') return { completion: 'internalError', detail: 'reply of another command' };
    switch (result.reply.result) {
      case 'ok':
        break;
      case 'noCard':
        await this.#quietRefresh();
        return { completion: 'commandErrorCode', errorCode: 'noMedia' };
      case 'failed':
        await this.#quietRefresh();
        state.setJammed(true);
        return { completion: 'commandErrorCode', errorCode: 'mediaJam', detail: `move to ${request.to} failed` };
      case 'wrongPosition':
        await this.#quietRefresh();
        return { completion: 'hardwareError', detail: 'card in the wrong position for this move' };
      default:
        return assertNever(result.reply.result, 'operation result');
    }
    state.setJammed(false);
    if (command.target === 'capture' || (command.target === 'clearAbnormalCard' && state.position === 'shortCard')) state.countRetained();
    await this.#quietRefresh();
    this.#emitter.emit('cardAction', { from, to: request.to });
    return { completion: 'success', value: state.status() };
  }

  /** See CardReaderService.reset. */
  async reset(request: { to: ResetTarget }): Promise<CommandResult<{ firmware: string; status: CardReaderStatus }, CardReaderErrorCode>> {
    const state = this.#state;
    const before = state.position;
    const hadCard = !['noCard', 'rearNotHeld', 'unknown'].includes(before);
    if (request.to === 'retain' && hadCard && state.retained >= state.retainThresholds.full) {
      return { completion: 'commandErrorCode', errorCode: 'retainBinFull' };
    }
    const action = request.to === 'exit' ? 'ejectToFront' : request.to === 'retain' ? 'captureToRear' : 'keepCard';
    const result = await this.#connection.run({ kind: 'reset', action });
    if (!result.ok) {
      if (result.error.kind === 'negativeReply') return this.#cardProblem(result.error);
      return failureOf(result.error, this.#line);
    }
    if (result.reply.kind !== 'reset') return { completion: 'internalError', detail: 'reply of another command' };
    this.#diagnostics.setFirmware(result.reply.firmware);
    state.setJammed(false);
    await this.#quietRefresh();
    const after = state.position;
    if (action === 'captureToRear' && hadCard && mediaOf(after) === 'notPresent') {
      state.countRetained();
      this.#emitter.emit('cardAction', { from: placeOf(before), to: 'retain' });
    } else if (action === 'ejectToFront' && hadCard && mediaOf(after) === 'entering' && mediaOf(before) !== 'entering') {
      this.#emitter.emit('cardAction', { from: placeOf(before), to: 'exit' });
    }
    return { completion: 'success', value: { firmware: result.reply.firmware, status: state.status() } };
  }

  /** See CardReaderService.acceptCard. */
  async acceptCard(enabled: boolean): Promise<CommandResult<CardReaderStatus>> {
    const front = enabled ? this.#entryMode : 'prohibited';
    const result = await this.#connection.run({ kind: 'entryControl', front, rear: 'prohibited' });
    if (!result.ok) return failureOf(result.error, this.#line);
    if (result.reply.kind !== 'entryControl' || result.reply.result !== 'ok') {
      return { completion: 'hardwareError', detail: 'reader refused the card-entry setting' };
    }
    this.#state.setEntry(front);
    return { completion: 'success', value: this.#state.status() };
  }

  /** See CardReaderService.setLed. */
  async setLed(mode: 'on' | 'off' | 'blink'): Promise<CommandResult<void>> {
    const result = await this.#connection.run(mode === 'blink' ? { kind: 'ledBlink' } : { kind: 'led', on: mode === 'on' });
    if (!result.ok) return failureOf(result.error, this.#line);
    if (result.reply.kind !== 'led' && result.reply.kind !== 'ledBlink') return { completion: 'internalError', detail: 'reply of another command' };
    return { completion: 'success', value: undefined };
  }

  /** A refusal that may be about the card: look at the card to say which. */
  async #cardProblem(error: Extract<ExchangeError, { kind: 'negativeReply' }>): Promise<Failure<CardReaderErrorCode>> {
    if (error.error !== 'cannotExecute' && error.error !== 'abnormalCard') return failureOf(error, this.#line);
    await this.#quietRefresh();
    switch (this.#state.position) {
      case 'longCard':
        return { completion: 'commandErrorCode', errorCode: 'cardTooLong' };
      case 'shortCard':
        return { completion: 'commandErrorCode', errorCode: 'cardTooShort' };
      case 'noCard':
      case 'rearNotHeld':
      case 'frontHeld':
      case 'frontNotHeld':
        return { completion: 'commandErrorCode', errorCode: 'noMedia' };
      default:
        if (error.error === 'cannotExecute') {
          this.#state.setJammed(true);
          return { completion: 'commandErrorCode', errorCode: 'mediaJam', detail: describeExchangeError(error, this.#line) };
        }
        return failureOf(error, this.#line);
    }
  }

  /** Status after our own move: taken as is, reported as statusChanged only. */
  async #quietRefresh(): Promise<void> {
    const result = await this.#connection.run({ kind: 'status' });
    if (result.ok && result.reply.kind === 'status') this.#state.accept(result.reply, { quiet: true, debounced: false });
  }
}

/**
 * The card reader as the kiosk core sees it: CEN/XFS / XFS4IoT CardReader
 * vocabulary (DEVICES.md, "Device API shape") over a CRT-310 exchange.
 * Flows know nothing of bytes; this class knows nothing of customers.
 *
 * - The CRT-310 sends nothing unsolicited, so insertion and removal are
 *   found by polling status at `pollIntervalMs`, debounced: a new card
 *   position counts once `debouncePolls` polls in a row agree.
 * - Moves the service makes itself are reported as `cardAction`, not as
 *   insertion or removal, and learnt from a status query right after.
 * - The retain bin has no sensor on this reader: the service counts the
 *   cards it captures against the configured `high` and `full` thresholds.
 * - Read results carry the card number (the flow needs it to talk to HQ)
 *   but never track data; the trace masks it (see diagnostics.ts).
 */
import type { ByteTransport } from '../transport/byte-transport';
import { type CardReaderErrorCode, type CommandResult, type DeviceState, type MediaStatus, type RetainBinState } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import type { CardPosition, EntryMode, ReadMode } from './crt310-bytes';
import type { Crt310Command, Crt310Reply, ReaderStatus, TrackNumber } from './crt310-codec';
import { Crt310Exchange, describeExchangeError, type ExchangeError, type ExchangeTimeoutOptions, type LineDescription } from './crt310-exchange';
import { analyseTrackBlocks, describeInvalidMedia, type CardRead, type InvalidMediaReason, type TrackStatuses } from './card-read';
import { Crt310Diagnostics, type DiagnosticsSnapshot } from './diagnostics';
import { systemClock, type Clock, type TimerHandle } from '../../shared/time/clock';
import { TypedEmitter, type ListenerErrorHandler } from '../../shared/events/typed-emitter';

export interface RetainBinConfig {
  /** Count at which the bin reports `high`. */
  high: number;
  /** Count at which the bin reports `full` and captures are refused. */
  full: number;
  /** Cards already in the bin (persisted by the kiosk across restarts). */
  count?: number;
}

export interface CardReaderServiceOptions {
  transport: ByteTransport;
  retainBin: RetainBinConfig;
  /** Status poll interval; 0 turns polling off. 250 ms unless told. */
  pollIntervalMs?: number;
  /** Polls in a row that must agree before a card position counts. 2 unless told. */
  debouncePolls?: number;
  /**
   * While the port is closed (USB-serial adapter pulled, or absent at
   * start), polling tries to open it again at most this often. 2000 ms
   * unless told; polling must be on.
   */
  reopenIntervalMs?: number;
  /** Reply timeout for every command, overriding the per-command defaults. */
  commandTimeoutMs?: number;
  /** Finer timeouts (ACK, per-command reply, cancel). */
  timeouts?: ExchangeTimeoutOptions;
  /** Tries per command frame and per reply. */
  maxTries?: number;
  /** Front entry mode used when card entry is enabled; magnetic-card mode unless told. */
  entryMode?: Exclude<EntryMode, 'prohibited'>;
  /** Line rate, for messages (a SerialTransport's own rate is used when present). */
  baudRate?: number;
  clock?: Clock;
  traceCapacity?: number;
  /** Told of an error thrown by an event listener; the reader carries on either way (shared/events/typed-emitter.ts). */
  onListenerError?: ListenerErrorHandler;
}

export type CardEntry = 'enabled' | 'disabled' | 'unknown';

export interface CardReaderStatus {
  device: DeviceState;
  media: MediaStatus;
  /** CRT-310 S1, for technicians; `unknown` before the first status reply. */
  position: CardPosition | 'unknown';
  cardEntry: CardEntry;
  retainBin: RetainBinState;
  retainedCount: number;
}

export interface CardReaderCapabilities {
  type: 'motor';
  readTracks: ReadonlyArray<'track1' | 'track2' | 'track3'>;
  readModes: readonly ReadMode[];
  writeTracks: readonly never[];
  moveTargets: ReadonlyArray<'exit' | 'retain' | 'transport'>;
  resetTargets: ReadonlyArray<ResetTarget>;
  retainBin: { high: number; full: number };
  cardSizeDetection: boolean;
}

export type MoveTarget = 'exit' | 'retain' | 'transport';
export type ResetTarget = 'exit' | 'retain' | 'currentPosition' | 'auto';
export type CardPlace = 'exit' | 'transport' | 'unknown';

export interface CardReaderEvents extends Record<string, unknown> {
  /** A card went into the reader (found by polling). */
  mediaInserted: { at: number };
  /** A card left the reader or the slot by the customer's hand (found by polling). */
  mediaRemoved: { at: number };
  /** The service moved a card. */
  cardAction: { from: CardPlace; to: MoveTarget };
  /** A card that is not a usable card: wrong size, or tracks that fail their checks. */
  invalidMedia: { reason: InvalidMediaReason | { kind: 'cardTooLong' } | { kind: 'cardTooShort' }; tracks?: TrackStatuses };
  statusChanged: CardReaderStatus;
  /** The device stopped working as it should; `detail` is one line, no card data. */
  fault: { error: ExchangeError['kind'] | 'jam' | 'openFailed'; detail: string };
  /** The retain bin crossed a threshold (XFS RetainBinThreshold). */
  retainBinThreshold: { state: RetainBinState; count: number };
}

export type ReadRawDataRequest = { track1?: boolean; track2?: boolean; track3?: boolean };

function mediaOf(position: CardPosition | 'unknown'): MediaStatus {
  switch (position) {
    case 'unknown':
      return 'unknown';
    case 'noCard':
    case 'rearNotHeld':
      return 'notPresent';
    case 'frontHeld':
    case 'frontNotHeld':
      return 'entering';
    case 'inside':
    case 'rearHeld':
    case 'longCard':
    case 'shortCard':
      return 'present';
    case 'icContact':
      return 'latched';
    default:
      return assertNever(position, 'card position');
  }
}

function placeOf(position: CardPosition | 'unknown'): CardPlace {
  const media = mediaOf(position);
  return media === 'entering' ? 'exit' : media === 'present' || media === 'latched' ? 'transport' : 'unknown';
}

type Failure<E extends string> = Exclude<CommandResult<never, E>, { completion: 'success' }>;

export class CardReaderService extends TypedEmitter<CardReaderEvents> {
  readonly #transport: ByteTransport;
  readonly #exchange: Crt310Exchange;
  readonly #diagnostics: Crt310Diagnostics;
  readonly #clock: Clock;
  readonly #pollIntervalMs: number;
  readonly #debouncePolls: number;
  readonly #reopenIntervalMs: number;
  #lastOpenAttemptAt = Number.NEGATIVE_INFINITY;
  readonly #entryMode: Exclude<EntryMode, 'prohibited'>;
  readonly #retainThresholds: { high: number; full: number };
  readonly #line: LineDescription;

  #device: DeviceState = 'offline';
  #position: CardPosition | 'unknown' = 'unknown';
  #entry: EntryMode | 'unknown' = 'unknown';
  #jammed = false;
  #retained: number;
  #candidate: { position: CardPosition; polls: number } | undefined;
  #pollTimer: TimerHandle | undefined;
  #polling = false;
  #opened = false;
  #lastStatus: string = '';

  constructor(options: CardReaderServiceOptions) {
    super(options.onListenerError);
    const { high, full, count = 0 } = options.retainBin;
    if (!(Number.isInteger(high) && Number.isInteger(full) && high > 0 && full >= high)) {
      throw new RangeError('retainBin needs integers 0 < high <= full');
    }
    this.#transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.#pollIntervalMs = options.pollIntervalMs ?? 250;
    this.#debouncePolls = Math.max(1, options.debouncePolls ?? 2);
    this.#reopenIntervalMs = Math.max(0, options.reopenIntervalMs ?? 2000);
    this.#entryMode = options.entryMode ?? 'magneticCard';
    this.#retainThresholds = { high, full };
    this.#retained = count;
    const baudRate = options.baudRate ?? (options.transport as { baudRate?: number }).baudRate;
    this.#line = { endpoint: options.transport.endpoint, ...(baudRate === undefined ? {} : { baudRate }) };
    this.#diagnostics = new Crt310Diagnostics(options.transport.endpoint, {
      clock: this.#clock,
      ...(options.traceCapacity === undefined ? {} : { capacity: options.traceCapacity }),
      ...(baudRate === undefined ? {} : { baudRate }),
    });
    const responseMs = options.commandTimeoutMs === undefined ? undefined : Object.fromEntries(
      (['reset', 'status', 'entryControl', 'move', 'readTracks', 'led', 'ledBlink', 'setBaudRate'] as const).map((k) => [k, options.commandTimeoutMs!]),
    );
    this.#exchange = new Crt310Exchange({
      transport: options.transport,
      clock: this.#clock,
      diagnostics: this.#diagnostics,
      timeouts: { ...options.timeouts, ...(responseMs ? { responseMs: { ...responseMs, ...options.timeouts?.responseMs } } : {}) },
      ...(options.maxTries === undefined ? {} : { maxTries: options.maxTries }),
    });
    this.#transport.onClose(() => {
      if (this.#opened) this.#setDevice('offline', { error: 'portClosed', detail: `port ${this.#line.endpoint} closed` });
    });
  }

  // ---- XFS Common ----

  /**
   * Opens the port, asks for status and starts polling. A reader that does
   * not answer still leaves the service open (device `offline`), and a port
   * that cannot be opened leaves it open too (device `noDevice`): polling
   * notices when the reader answers again and reopens a port that went away
   * (an unattended kiosk cannot wait for someone to restart it after a USB
   * adapter is reseated).
   */
  async open(): Promise<CommandResult<CardReaderStatus>> {
    this.#opened = true;
    this.#setDevice('starting');
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
      this.#setDevice('noDevice', { error: 'openFailed', detail });
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
    this.#setDevice('offline');
  }

  /** The last known status, without touching the line. */
  status(): CardReaderStatus {
    const retainBin: RetainBinState = this.#retained >= this.#retainThresholds.full ? 'full' : this.#retained >= this.#retainThresholds.high ? 'high' : 'ok';
    return {
      device: this.#device,
      media: this.#jammed ? 'jammed' : mediaOf(this.#position),
      position: this.#position,
      cardEntry: this.#entry === 'unknown' ? 'unknown' : this.#entry === 'prohibited' ? 'disabled' : 'enabled',
      retainBin,
      retainedCount: this.#retained,
    };
  }

  capabilities(): CardReaderCapabilities {
    return {
      type: 'motor',
      readTracks: ['track1', 'track2', 'track3'],
      readModes: ['ascii', 'binary'],
      writeTracks: [],
      moveTargets: ['exit', 'retain', 'transport'],
      resetTargets: ['exit', 'retain', 'currentPosition', 'auto'],
      retainBin: { ...this.#retainThresholds },
      cardSizeDetection: true,
    };
  }

  diagnostics(): DiagnosticsSnapshot {
    return this.#diagnostics.snapshot();
  }

  /** Asks the reader for its status now (no debounce: the answer is taken as it is). */
  async refreshStatus(): Promise<CommandResult<CardReaderStatus>> {
    const result = await this.#run({ kind: 'status' });
    if (!result.ok) return this.#failure(result.error);
    if (result.reply.kind === 'status') this.#accept(result.reply, { quiet: false, debounced: false });
    return { completion: 'success', value: this.status() };
  }

  // ---- XFS CardReader ----

  /**
   * ReadRawData: reads the asked tracks of the card inside. Success carries
   * the card number from track 2 (when asked), the expiry, and per-track
   * status; bad tracks give `invalidMedia` (and the event of that name).
   */
  async readRawData(request: ReadRawDataRequest, options: { mode?: ReadMode } = {}): Promise<CommandResult<CardRead, CardReaderErrorCode>> {
    const tracks = ([1, 2, 3] as const).filter((t) => request[`track${t}`]) as TrackNumber[];
    if (tracks.length === 0) return { completion: 'invalidData', detail: 'no track asked for' };
    const mode = options.mode ?? 'ascii';
    const result = await this.#run({ kind: 'readTracks', mode, tracks });
    if (!result.ok) {
      if (result.error.kind === 'negativeReply') return this.#cardProblem(result.error);
      return this.#failure(result.error);
    }
    if (result.reply.kind !== 'readTracks') return { completion: 'internalError', detail: 'reply of another command' };
    const analysis = analyseTrackBlocks(mode, result.reply.blocks);
    if (!analysis.ok) {
      this.emit('invalidMedia', { reason: analysis.reason, tracks: analysis.tracks });
      return { completion: 'commandErrorCode', errorCode: 'invalidMedia', detail: describeInvalidMedia(analysis.reason) };
    }
    return { completion: 'success', value: analysis.card };
  }

  /** Move: `exit` presents the card at the slot (held), `retain` captures it, `transport` keeps it inside. */
  async move(request: { to: MoveTarget }): Promise<CommandResult<CardReaderStatus, CardReaderErrorCode>> {
    const from = placeOf(this.#position);
    if (request.to === 'retain' && this.#retained >= this.#retainThresholds.full) {
      return { completion: 'commandErrorCode', errorCode: 'retainBinFull', detail: `retain bin holds ${this.#retained} cards (full at ${this.#retainThresholds.full})` };
    }
    const abnormal = this.#position === 'longCard' || this.#position === 'shortCard';
    const command: Crt310Command = {
      kind: 'move',
      target: request.to === 'retain' ? 'capture' : request.to === 'transport' ? 'rearHeld' : abnormal ? 'clearAbnormalCard' : 'frontHeld',
    };
    const result = await this.#run(command);
    if (!result.ok) {
      if (result.error.kind === 'negativeReply') return this.#cardProblem(result.error);
      return this.#failure(result.error);
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
        this.#setJammed(true);
        return { completion: 'commandErrorCode', errorCode: 'mediaJam', detail: `move to ${request.to} failed` };
      case 'wrongPosition':
        await this.#quietRefresh();
        return { completion: 'hardwareError', detail: 'card in the wrong position for this move' };
      default:
        return assertNever(result.reply.result, 'operation result');
    }
    this.#setJammed(false);
    if (command.target === 'capture' || (command.target === 'clearAbnormalCard' && this.#position === 'shortCard')) this.#countRetained();
    await this.#quietRefresh();
    this.emit('cardAction', { from, to: request.to });
    return { completion: 'success', value: this.status() };
  }

  /** Reset: `exit` ejects a card inside, `retain` captures it, otherwise it stays. Records the firmware version. */
  async reset(request: { to: ResetTarget } = { to: 'currentPosition' }): Promise<CommandResult<{ firmware: string; status: CardReaderStatus }, CardReaderErrorCode>> {
    const before = this.#position;
    const hadCard = !['noCard', 'rearNotHeld', 'unknown'].includes(before);
    if (request.to === 'retain' && hadCard && this.#retained >= this.#retainThresholds.full) {
      return { completion: 'commandErrorCode', errorCode: 'retainBinFull' };
    }
    const action = request.to === 'exit' ? 'ejectToFront' : request.to === 'retain' ? 'captureToRear' : 'keepCard';
    const result = await this.#run({ kind: 'reset', action });
    if (!result.ok) {
      if (result.error.kind === 'negativeReply') return this.#cardProblem(result.error);
      return this.#failure(result.error);
    }
    if (result.reply.kind !== 'reset') return { completion: 'internalError', detail: 'reply of another command' };
    this.#diagnostics.setFirmware(result.reply.firmware);
    this.#setJammed(false);
    await this.#quietRefresh();
    const after = this.#position;
    if (action === 'captureToRear' && hadCard && mediaOf(after) === 'notPresent') {
      this.#countRetained();
      this.emit('cardAction', { from: placeOf(before), to: 'retain' });
    } else if (action === 'ejectToFront' && hadCard && mediaOf(after) === 'entering' && mediaOf(before) !== 'entering') {
      this.emit('cardAction', { from: placeOf(before), to: 'exit' });
    }
    return { completion: 'success', value: { firmware: result.reply.firmware, status: this.status() } };
  }

  /** Card-entry control: open the slot for a card (in the configured mode) or close it. Rear entry stays prohibited. */
  async acceptCard(enabled: boolean): Promise<CommandResult<CardReaderStatus>> {
    const front = enabled ? this.#entryMode : 'prohibited';
    const result = await this.#run({ kind: 'entryControl', front, rear: 'prohibited' });
    if (!result.ok) return this.#failure(result.error);
    if (result.reply.kind !== 'entryControl' || result.reply.result !== 'ok') {
      return { completion: 'hardwareError', detail: 'reader refused the card-entry setting' };
    }
    this.#entry = front;
    this.#emitStatusIfChanged();
    return { completion: 'success', value: this.status() };
  }

  /**
   * The slot's guidance LED (CRT-310 commands `F` on/off and `I` blink,
   * DEVICES.md); the technicians' LED self-test (issue 8).
   */
  async setLed(mode: 'on' | 'off' | 'blink'): Promise<CommandResult<void>> {
    const result = await this.#run(mode === 'blink' ? { kind: 'ledBlink' } : { kind: 'led', on: mode === 'on' });
    if (!result.ok) return this.#failure(result.error);
    if (result.reply.kind !== 'led' && result.reply.kind !== 'ledBlink') return { completion: 'internalError', detail: 'reply of another command' };
    return { completion: 'success', value: undefined };
  }

  /** The technician emptied the retain bin. */
  resetRetainBinCount(count = 0): CardReaderStatus {
    this.#retained = count;
    this.#emitStatusIfChanged();
    return this.status();
  }

  // ---- internals ----

  async #run(command: Crt310Command) {
    const result = await this.#exchange.send(command);
    if (result.ok) {
      if (this.#device !== 'online' && !this.#jammed) this.#setDevice('online');
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
        this.#setDevice('offline', { error: error.kind, detail });
        return;
      case 'nakLimit':
      case 'bcc':
      case 'badReply':
        this.#setDevice('hardwareError', { error: error.kind, detail });
        return;
      case 'negativeReply':
        if (error.error === 'onBackupPower') this.#setDevice('powerOff', { error: error.kind, detail });
        else if (error.error === 'supplyVoltage') this.#setDevice('hardwareError', { error: error.kind, detail });
        else if (this.#device !== 'online' && !this.#jammed) this.#setDevice('online');
        return;
      case 'canceled':
        return;
      default:
        return assertNever(error, 'exchange error');
    }
  }

  #failure<E extends string>(error: ExchangeError): Failure<E> {
    const detail = describeExchangeError(error, this.#line);
    switch (error.kind) {
      case 'timeout':
        return { completion: 'timeOut', detail };
      case 'portClosed':
        return { completion: 'deviceNotReady', detail };
      case 'canceled':
        return { completion: 'canceled', detail };
      case 'nakLimit':
      case 'bcc':
      case 'badReply':
        return { completion: 'hardwareError', detail };
      case 'negativeReply':
        switch (error.error) {
          case 'undefinedCommand':
            return { completion: 'unsupportedCommand', detail };
          case 'badParameter':
            return { completion: 'invalidData', detail };
          case 'onBackupPower':
            return { completion: 'deviceNotReady', detail };
          case 'cannotExecute':
          case 'dataError':
          case 'supplyVoltage':
          case 'abnormalCard':
          case 'unknown':
            return { completion: 'hardwareError', detail };
          default:
            return assertNever(error.error, 'reader error code');
        }
      default:
        return assertNever(error, 'exchange error');
    }
  }

  /** A refusal that may be about the card: look at the card to say which. */
  async #cardProblem(error: Extract<ExchangeError, { kind: 'negativeReply' }>): Promise<Failure<CardReaderErrorCode>> {
    if (error.error !== 'cannotExecute' && error.error !== 'abnormalCard') return this.#failure(error);
    await this.#quietRefresh();
    switch (this.#position) {
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
          this.#setJammed(true);
          return { completion: 'commandErrorCode', errorCode: 'mediaJam', detail: describeExchangeError(error, this.#line) };
        }
        return this.#failure(error);
    }
  }

  /** Status after our own move: taken as is, reported as statusChanged only. */
  async #quietRefresh(): Promise<void> {
    const result = await this.#run({ kind: 'status' });
    if (result.ok && result.reply.kind === 'status') this.#accept(result.reply, { quiet: true, debounced: false });
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
        const result = await this.#run({ kind: 'status' });
        if (result.ok && result.reply.kind === 'status') this.#accept(result.reply, { quiet: false, debounced: true });
      }
    } finally {
      this.#polling = false;
    }
    this.#schedulePoll();
  }

  #accept(reply: ReaderStatus & { kind: 'status' }, how: { quiet: boolean; debounced: boolean }): void {
    this.#entry = reply.entry;
    const position = reply.position;
    if (position === this.#position) {
      this.#candidate = undefined;
      this.#emitStatusIfChanged();
      return;
    }
    if (how.debounced) {
      const polls = this.#candidate?.position === position ? this.#candidate.polls + 1 : 1;
      if (polls < this.#debouncePolls) {
        this.#candidate = { position, polls };
        this.#emitStatusIfChanged();
        return;
      }
    }
    this.#candidate = undefined;
    const before = this.#position;
    this.#position = position;
    if (!how.quiet && before !== 'unknown') this.#announce(before, position);
    if (mediaOf(position) === 'notPresent') this.#setJammed(false);
    this.#emitStatusIfChanged();
  }

  /** Insertion and removal by a person, as XFS events. */
  #announce(before: CardPosition, after: CardPosition): void {
    const at = this.#clock.now();
    if (after === 'longCard' || after === 'shortCard') {
      this.emit('invalidMedia', { reason: { kind: after === 'longCard' ? 'cardTooLong' : 'cardTooShort' } });
      return;
    }
    const was = mediaOf(before);
    const now = mediaOf(after);
    if (was !== 'present' && was !== 'latched' && (now === 'present' || now === 'latched')) this.emit('mediaInserted', { at });
    else if (was !== 'notPresent' && now === 'notPresent') this.emit('mediaRemoved', { at });
  }

  #countRetained(): void {
    const before = this.status().retainBin;
    this.#retained++;
    const after = this.status().retainBin;
    if (after !== before) this.emit('retainBinThreshold', { state: after, count: this.#retained });
  }

  #setJammed(jammed: boolean): void {
    if (this.#jammed === jammed) return;
    this.#jammed = jammed;
    if (jammed) this.#setDevice('hardwareError', { error: 'jam', detail: 'card jammed in the reader' });
    else if (this.#device === 'hardwareError') this.#setDevice('online');
    this.#emitStatusIfChanged();
  }

  #setDevice(device: DeviceState, fault?: CardReaderEvents['fault']): void {
    const was = this.#device;
    this.#device = device;
    if (fault && was !== device) this.emit('fault', fault);
    this.#emitStatusIfChanged();
  }

  #emitStatusIfChanged(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.#lastStatus) return;
    this.#lastStatus = key;
    this.emit('statusChanged', status);
  }
}

export type { CardRead, TrackStatuses, InvalidMediaReason } from './card-read';
export type { Crt310Reply };

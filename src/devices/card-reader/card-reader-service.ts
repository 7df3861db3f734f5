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
 *
 * The parts: card-reader-state.ts (status, capabilities, retain-bin count,
 * events), card-reader-connection.ts (open, reopen, polling, device state
 * from the line), card-reader-operations.ts (read, move, reset, card entry,
 * LED); this class puts them together.
 */
import type { ByteTransport } from '../transport/byte-transport';
import { type CardReaderErrorCode, type CommandResult } from '../../shared/xfs/vocabulary';
import type { EntryMode, ReadMode } from './crt310-bytes';
import type { Crt310Reply } from './crt310-codec';
import { Crt310Exchange, type ExchangeTimeoutOptions } from './crt310-exchange';
import type { LineDescription } from '../transport/line-failure';
import type { CardRead } from './card-read';
import { Crt310Diagnostics, type DiagnosticsSnapshot } from './diagnostics';
import { systemClock, type Clock } from '../../shared/time/clock';
import { TypedEmitter, type ListenerErrorHandler } from '../../shared/events/typed-emitter';
import { CardReaderState, type CardReaderCapabilities, type CardReaderEvents, type CardReaderStatus, type MoveTarget, type ResetTarget, type RetainBinConfig } from './card-reader-state';
import { CardReaderConnection } from './card-reader-connection';
import { CardReaderOperations, type ReadRawDataRequest } from './card-reader-operations';

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

export class CardReaderService extends TypedEmitter<CardReaderEvents> {
  readonly #diagnostics: Crt310Diagnostics;
  readonly #state: CardReaderState;
  readonly #connection: CardReaderConnection;
  readonly #operations: CardReaderOperations;

  constructor(options: CardReaderServiceOptions) {
    super(options.onListenerError);
    const clock = options.clock ?? systemClock;
    this.#state = new CardReaderState({
      emitter: this,
      clock,
      retainBin: options.retainBin,
      debouncePolls: Math.max(1, options.debouncePolls ?? 2),
    });
    const baudRate = options.baudRate ?? (options.transport as { baudRate?: number }).baudRate;
    const line: LineDescription = { endpoint: options.transport.endpoint, ...(baudRate === undefined ? {} : { baudRate }) };
    this.#diagnostics = new Crt310Diagnostics(options.transport.endpoint, {
      clock,
      ...(options.traceCapacity === undefined ? {} : { capacity: options.traceCapacity }),
      ...(baudRate === undefined ? {} : { baudRate }),
    });
    const responseMs = options.commandTimeoutMs === undefined ? undefined : Object.fromEntries(
      (['reset', 'status', 'entryControl', 'move', 'readTracks', 'led', 'ledBlink', 'setBaudRate'] as const).map((k) => [k, options.commandTimeoutMs!]),
    );
    const exchange = new Crt310Exchange({
      transport: options.transport,
      clock,
      diagnostics: this.#diagnostics,
      timeouts: { ...options.timeouts, ...(responseMs ? { responseMs: { ...responseMs, ...options.timeouts?.responseMs } } : {}) },
      ...(options.maxTries === undefined ? {} : { maxTries: options.maxTries }),
    });
    this.#connection = new CardReaderConnection({
      transport: options.transport,
      exchange,
      state: this.#state,
      clock,
      line,
      pollIntervalMs: options.pollIntervalMs ?? 250,
      reopenIntervalMs: Math.max(0, options.reopenIntervalMs ?? 2000),
    });
    this.#operations = new CardReaderOperations({
      state: this.#state,
      connection: this.#connection,
      emitter: this,
      diagnostics: this.#diagnostics,
      line,
      entryMode: options.entryMode ?? 'magneticCard',
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
  open(): Promise<CommandResult<CardReaderStatus>> {
    return this.#connection.open();
  }

  close(): Promise<void> {
    return this.#connection.close();
  }

  /** The last known status, without touching the line. */
  status(): CardReaderStatus {
    return this.#state.status();
  }

  capabilities(): CardReaderCapabilities {
    return this.#state.capabilities();
  }

  diagnostics(): DiagnosticsSnapshot {
    return this.#diagnostics.snapshot();
  }

  /** Asks the reader for its status now (no debounce: the answer is taken as it is). */
  refreshStatus(): Promise<CommandResult<CardReaderStatus>> {
    return this.#connection.refreshStatus();
  }

  // ---- XFS CardReader ----

  /**
   * ReadRawData: reads the asked tracks of the card inside. Success carries
   * the card number from track 2 (when asked), the expiry, and per-track
   * status; bad tracks give `invalidMedia` (and the event of that name).
   */
  readRawData(request: ReadRawDataRequest, options: { mode?: ReadMode } = {}): Promise<CommandResult<CardRead, CardReaderErrorCode>> {
    return this.#operations.readRawData(request, options);
  }

  /** Move: `exit` presents the card at the slot (held), `retain` captures it, `transport` keeps it inside. */
  move(request: { to: MoveTarget }): Promise<CommandResult<CardReaderStatus, CardReaderErrorCode>> {
    return this.#operations.move(request);
  }

  /** Reset: `exit` ejects a card inside, `retain` captures it, otherwise it stays. Records the firmware version. */
  reset(request: { to: ResetTarget } = { to: 'currentPosition' }): Promise<CommandResult<{ firmware: string; status: CardReaderStatus }, CardReaderErrorCode>> {
    return this.#operations.reset(request);
  }

  /** Card-entry control: open the slot for a card (in the configured mode) or close it. Rear entry stays prohibited. */
  acceptCard(enabled: boolean): Promise<CommandResult<CardReaderStatus>> {
    return this.#operations.acceptCard(enabled);
  }

  /**
   * The slot's guidance LED (CRT-310 commands `F` on/off and `I` blink,
   * DEVICES.md); the technicians' LED self-test (issue 8).
   */
  setLed(mode: 'on' | 'off' | 'blink'): Promise<CommandResult<void>> {
    return this.#operations.setLed(mode);
  }

  /** The technician emptied the retain bin. */
  resetRetainBinCount(count = 0): CardReaderStatus {
    this.#state.setRetainedCount(count);
    return this.status();
  }
}

export type {
  CardEntry, CardPlace, CardReaderCapabilities, CardReaderEvents, CardReaderStatus, MoveTarget, ResetTarget, RetainBinConfig,
} from './card-reader-state';
export type { ReadRawDataRequest } from './card-reader-operations';
export type { CardRead, TrackStatuses, InvalidMediaReason } from './card-read';
export type { Crt310Reply };

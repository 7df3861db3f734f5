/**
 * The receipt / document printer as the kiosk core sees it: CEN/XFS /
 * XFS4IoT Printer vocabulary (DEVICES.md, "Device API shape") over ESC/POS
 * (DEVICES.md, "Receipt / document printer"). Flows know nothing of bytes;
 * this class knows nothing of customers.
 *
 * - Status is the four real-time answers to `DLE EOT 1..4`, polled every
 *   `pollIntervalMs` and asked afresh before every document.
 * - `print` refuses (a value, never a throw) before sending a single byte
 *   when the paper is out, the cover is open, the printer is offline or in
 *   error. Once bytes are out it sends the document line by line, asks
 *   `DLE EOT 1` between lines, stops at the first sign of trouble, and asks
 *   the full status after the cut; a bad status then is a fault and the
 *   result says the document was started (`started: true`), so the kiosk
 *   records it as not delivered.
 * - Nothing here logs, traces or reports a document's text: only byte and
 *   line counts (a document holds a customer's name).
 *
 * The parts: printer-state.ts (status, events, print results, device state
 * and refusals from the status bytes), printer-connection.ts (open, reopen,
 * polling, status queries, device state from the line), document-printing.ts
 * (print, line by line); this class puts them together.
 */
import type { ByteTransport } from '../transport/byte-transport';
import type { CommandResult } from '../../shared/xfs/vocabulary';
import { systemClock, type Clock } from '../../shared/time/clock';
import { TypedEmitter, type ListenerErrorHandler } from '../../shared/events/typed-emitter';
import { feedLines, type CutKind } from './escpos-bytes';
export { PRINTER_BAUD_RATES } from './escpos-bytes';
import type { EncoderOptions } from './escpos-encoder';
import { PrinterDiagnostics, type PrinterDiagnosticsSnapshot } from './printer-diagnostics';
import type { PrinterDocument } from './printer-document';
import { PrinterExchange } from './printer-exchange';
import type { LineDescription } from '../transport/line-failure';
import { PrinterState, type PrinterEvents, type PrinterStatus, type PrintResult } from './printer-state';
import { PrinterConnection } from './printer-connection';
import { DocumentPrinting } from './document-printing';

export interface PrinterServiceOptions {
  transport: ByteTransport;
  clock?: Clock;
  /** Status poll interval; 0 turns polling off. 1000 ms unless told. */
  pollIntervalMs?: number;
  /** While the port is closed, polling tries to open it again at most this often. 2000 ms unless told. */
  reopenIntervalMs?: number;
  /** Per `DLE EOT` request. 500 ms unless told. */
  statusTimeoutMs?: number;
  /** Tries per status request. 3 unless told. */
  maxTries?: number;
  /** `full` unless told. */
  cut?: CutKind;
  /** Lines fed before the cut; see `EncoderOptions.feedBeforeCut`. */
  feedBeforeCut?: number;
  /** Line rate, for messages (a SerialTransport's own rate is used when present). */
  baudRate?: number;
  traceCapacity?: number;
  /** Told of an error thrown by an event listener; the printer carries on either way. */
  onListenerError?: ListenerErrorHandler;
}

export interface PrinterCapabilities {
  type: 'receipt';
  /** Kanji in Shift_JIS kanji mode, JIS X 0208. */
  characterSets: readonly ['ascii', 'jisx0208'];
  cut: CutKind;
  styles: readonly ['title', 'normal', 'small'];
  /** What `DLE EOT` reports. */
  sensors: readonly ['offline', 'coverOpen', 'paperNearEnd', 'paperEnd', 'autoCutterError', 'unrecoverableError', 'autoRecoverableError'];
}

export class PrinterService extends TypedEmitter<PrinterEvents> {
  readonly #diagnostics: PrinterDiagnostics;
  readonly #encoder: EncoderOptions;
  readonly #state: PrinterState;
  readonly #connection: PrinterConnection;
  readonly #printing: DocumentPrinting;

  constructor(options: PrinterServiceOptions) {
    super(options.onListenerError);
    const clock = options.clock ?? systemClock;
    // Checked here so that print() can never throw on its options.
    if (options.feedBeforeCut !== undefined) feedLines(options.feedBeforeCut);
    if (options.cut !== undefined && options.cut !== 'full' && options.cut !== 'partial') throw new RangeError('cut must be full or partial');
    this.#encoder = {
      ...(options.cut === undefined ? {} : { cut: options.cut }),
      ...(options.feedBeforeCut === undefined ? {} : { feedBeforeCut: options.feedBeforeCut }),
    };
    this.#state = new PrinterState({ emitter: this });
    const baudRate = options.baudRate ?? (options.transport as { baudRate?: number }).baudRate;
    const line: LineDescription = { endpoint: options.transport.endpoint, ...(baudRate === undefined ? {} : { baudRate }) };
    this.#diagnostics = new PrinterDiagnostics(options.transport.endpoint, {
      clock,
      ...(options.traceCapacity === undefined ? {} : { capacity: options.traceCapacity }),
      ...(baudRate === undefined ? {} : { baudRate }),
    });
    const exchange = new PrinterExchange({
      transport: options.transport,
      clock,
      diagnostics: this.#diagnostics,
      ...(options.statusTimeoutMs === undefined ? {} : { statusTimeoutMs: options.statusTimeoutMs }),
      ...(options.maxTries === undefined ? {} : { maxTries: options.maxTries }),
    });
    this.#connection = new PrinterConnection({
      transport: options.transport,
      exchange,
      state: this.#state,
      clock,
      line,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      reopenIntervalMs: Math.max(0, options.reopenIntervalMs ?? 2000),
    });
    this.#printing = new DocumentPrinting({
      connection: this.#connection,
      exchange,
      state: this.#state,
      emitter: this,
      diagnostics: this.#diagnostics,
      line,
      encoder: this.#encoder,
    });
  }

  // ---- XFS Common ----

  /**
   * Opens the port, asks for status and starts polling. A printer that does
   * not answer leaves the service open (`offline`), a port that cannot be
   * opened too (`noDevice`): polling notices when it comes back.
   */
  open(): Promise<CommandResult<PrinterStatus>> {
    return this.#connection.open();
  }

  close(): Promise<void> {
    return this.#connection.close();
  }

  /** The last known status, without touching the line. */
  status(): PrinterStatus {
    return this.#state.status();
  }

  capabilities(): PrinterCapabilities {
    return {
      type: 'receipt',
      characterSets: ['ascii', 'jisx0208'],
      cut: this.#encoder.cut ?? 'full',
      styles: ['title', 'normal', 'small'],
      sensors: ['offline', 'coverOpen', 'paperNearEnd', 'paperEnd', 'autoCutterError', 'unrecoverableError', 'autoRecoverableError'],
    };
  }

  diagnostics(): PrinterDiagnosticsSnapshot {
    return this.#diagnostics.snapshot();
  }

  /** Asks the printer for all four status bytes now. */
  refreshStatus(): Promise<CommandResult<PrinterStatus>> {
    return this.#connection.refreshStatus();
  }

  // ---- XFS Printer ----

  /**
   * Prints a document: fresh status first (refused with nothing sent when
   * the printer cannot print), then the document line by line with the
   * offline bit checked between lines, then the cut and a full status.
   * Documents given while one prints wait their turn.
   */
  print(document: PrinterDocument): Promise<PrintResult> {
    return this.#printing.print(document);
  }
}

export { deviceStateOf, refusalOf } from './printer-state';
export type { CoverState, PrinterEvents, PrinterFaultKind, PrinterStatus, PrintFailure, PrintReport, PrintResult } from './printer-state';

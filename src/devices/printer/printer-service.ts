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
 */
import type { ByteTransport } from '../transport/byte-transport';
import type { CommandResult, DeviceState, PaperState, PrinterErrorCode } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import { systemClock, type Clock, type TimerHandle } from '../../shared/time/clock';
import { TypedEmitter, type ListenerErrorHandler } from '../../shared/events/typed-emitter';
import { feedLines, type CutKind } from './escpos-bytes';
export { PRINTER_BAUD_RATES } from './escpos-bytes';
import { encodeDocument, type EncoderOptions } from './escpos-encoder';
import { cannotPrint, decodeStatusByte, describeConditions, hasError, paperLevelOf, type EscPosConditions, type PaperLevel } from './escpos-status';
import { PrinterDiagnostics, type PrinterDiagnosticsSnapshot } from './printer-diagnostics';
import { documentProblem, type PrinterDocument } from './printer-document';
import { PrinterExchange, describeExchangeError, type LineDescription, type PrinterExchangeError } from './printer-exchange';

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

export type CoverState = 'unknown' | 'closed' | 'open';

export interface PrinterStatus {
  device: DeviceState;
  paper: PaperState;
  cover: CoverState;
  /** A document is being sent. */
  printing: boolean;
  /** The ESC/POS conditions of the last good status query, for technicians; null before the first. */
  conditions: EscPosConditions | null;
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

export interface PrintReport {
  /** Bytes sent, prologue to cut. */
  bytes: number;
  lines: number;
  /** Characters printed as 〓 because the printer's character set lacks them. */
  substituted: number;
  /** Paper after printing (`low` is a warning, the document is whole). */
  paper: PaperLevel;
}

export type PrinterFaultKind = PrinterExchangeError['kind'] | 'openFailed' | 'notReady' | 'printInterrupted';

export interface PrinterEvents {
  statusChanged: PrinterStatus;
  /** The paper supply crossed a threshold (XFS4IoT Printer.PaperThresholdEvent). */
  paperThreshold: { paper: PaperLevel };
  /** The device stopped working as it should; `detail` is one line, no document content. */
  fault: { error: PrinterFaultKind; detail: string };
}

type Failure = Exclude<CommandResult<never, PrinterErrorCode>, { completion: 'success' }>;
/** A failure of the line itself (no answer, no port): never a printer error code. */
type LineFailure = Exclude<CommandResult<never>, { completion: 'success' }>;

/**
 * A print that did not complete. `started: false`: refused before a byte was
 * sent, nothing is on paper. `started: true`: bytes went out, so part of the
 * document (or all of it, uncut) may be on paper; treat it as not delivered.
 */
export type PrintFailure = Failure & { started: boolean };
export type PrintResult = { completion: 'success'; value: PrintReport } | PrintFailure;

/** Device state from the status bytes: errors first, then anything that stops printing. */
export function deviceStateOf(c: EscPosConditions): DeviceState {
  if (hasError(c)) return 'hardwareError';
  if (cannotPrint(c)) return 'offline';
  return 'online';
}

/** Why these conditions stop a print, as an XFS result; null when the printer can print. */
export function refusalOf(c: EscPosConditions): Failure | null {
  const detail = describeConditions(c);
  if (paperLevelOf(c) === 'out') return { completion: 'commandErrorCode', errorCode: 'paperOut', detail };
  if (c.coverOpen) return { completion: 'commandErrorCode', errorCode: 'coverOpen', detail };
  if (hasError(c)) return { completion: 'hardwareError', detail };
  if (cannotPrint(c)) return { completion: 'deviceNotReady', detail };
  return null;
}

export class PrinterService extends TypedEmitter<PrinterEvents> {
  readonly #transport: ByteTransport;
  readonly #exchange: PrinterExchange;
  readonly #diagnostics: PrinterDiagnostics;
  readonly #clock: Clock;
  readonly #pollIntervalMs: number;
  readonly #reopenIntervalMs: number;
  readonly #encoder: EncoderOptions;
  readonly #line: LineDescription;

  #device: DeviceState = 'offline';
  #conditions: EscPosConditions | null = null;
  #paper: PaperState = 'unknown';
  #printing = false;
  /** Prints run one after another: each waits for the one before. */
  #printChain: Promise<unknown> = Promise.resolve();
  #opened = false;
  #polling = false;
  #pollTimer: TimerHandle | undefined;
  #lastOpenAttemptAt = Number.NEGATIVE_INFINITY;
  #lastStatus = '';

  constructor(options: PrinterServiceOptions) {
    super(options.onListenerError);
    this.#transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#reopenIntervalMs = Math.max(0, options.reopenIntervalMs ?? 2000);
    // Checked here so that print() can never throw on its options.
    if (options.feedBeforeCut !== undefined) feedLines(options.feedBeforeCut);
    if (options.cut !== undefined && options.cut !== 'full' && options.cut !== 'partial') throw new RangeError('cut must be full or partial');
    this.#encoder = {
      ...(options.cut === undefined ? {} : { cut: options.cut }),
      ...(options.feedBeforeCut === undefined ? {} : { feedBeforeCut: options.feedBeforeCut }),
    };
    const baudRate = options.baudRate ?? (options.transport as { baudRate?: number }).baudRate;
    this.#line = { endpoint: options.transport.endpoint, ...(baudRate === undefined ? {} : { baudRate }) };
    this.#diagnostics = new PrinterDiagnostics(options.transport.endpoint, {
      clock: this.#clock,
      ...(options.traceCapacity === undefined ? {} : { capacity: options.traceCapacity }),
      ...(baudRate === undefined ? {} : { baudRate }),
    });
    this.#exchange = new PrinterExchange({
      transport: options.transport,
      clock: this.#clock,
      diagnostics: this.#diagnostics,
      ...(options.statusTimeoutMs === undefined ? {} : { statusTimeoutMs: options.statusTimeoutMs }),
      ...(options.maxTries === undefined ? {} : { maxTries: options.maxTries }),
    });
    this.#transport.onClose(() => {
      if (this.#opened) this.#setDevice('offline', { error: 'portClosed', detail: `port ${this.#line.endpoint} closed` });
    });
  }

  // ---- XFS Common ----

  /**
   * Opens the port, asks for status and starts polling. A printer that does
   * not answer leaves the service open (`offline`), a port that cannot be
   * opened too (`noDevice`): polling notices when it comes back.
   */
  async open(): Promise<CommandResult<PrinterStatus>> {
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

  async close(): Promise<void> {
    this.#opened = false;
    if (this.#pollTimer !== undefined) this.#clock.clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    this.#exchange.abortAll();
    await this.#transport.close();
    this.#setDevice('offline');
  }

  /** The last known status, without touching the line. */
  status(): PrinterStatus {
    return {
      device: this.#device,
      paper: this.#paper,
      cover: this.#conditions === null ? 'unknown' : this.#conditions.coverOpen ? 'open' : 'closed',
      printing: this.#printing,
      conditions: this.#conditions === null ? null : { ...this.#conditions },
    };
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
  async refreshStatus(): Promise<CommandResult<PrinterStatus>> {
    const result = await this.#queryStatus();
    if (!result.ok) return result.failure;
    return { completion: 'success', value: this.status() };
  }

  // ---- XFS Printer ----

  /**
   * Prints a document: fresh status first (refused with nothing sent when
   * the printer cannot print), then the document line by line with the
   * offline bit checked between lines, then the cut and a full status.
   * Documents given while one prints wait their turn.
   */
  print(document: PrinterDocument): Promise<PrintResult> {
    const run = this.#printChain.then(() => this.#print(document));
    this.#printChain = run.catch(() => undefined);
    return run;
  }

  async #print(document: PrinterDocument): Promise<PrintResult> {
    const problem = documentProblem(document);
    if (problem) return { completion: 'invalidData', detail: problem, started: false };
    if (!this.#opened) return { completion: 'deviceNotReady', detail: 'printer service is not open', started: false };
    const encoded = encodeDocument(document, this.#encoder);

    const before = await this.#queryStatus();
    if (!before.ok) return { ...before.failure, started: false };
    const refusal = refusalOf(before.conditions);
    if (refusal) return { ...refusal, started: false };

    this.#printing = true;
    this.#emitStatusIfChanged();
    this.#diagnostics.count('documentsStarted');
    try {
      const sent = await this.#send(encoded.prologue, 'document prologue');
      if (sent) return sent;
      for (const [index, chunk] of encoded.lines.entries()) {
        if (index > 0) {
          const stopped = await this.#checkBetweenLines(index, encoded.lines.length);
          if (stopped) return stopped;
        }
        const failed = await this.#send(chunk, `document line ${index + 1} of ${encoded.lines.length}`);
        if (failed) return failed;
      }
      if (encoded.epilogue.length > 0) {
        const failed = await this.#send(encoded.epilogue, document.cut ? 'feed and cut' : 'style reset');
        if (failed) return failed;
      }
      const after = await this.#queryStatus();
      if (!after.ok) return this.#interrupted(after.failure, 'after the last line');
      const trouble = refusalOf(after.conditions);
      if (trouble) return this.#interrupted(trouble, 'after the last line');
      this.#diagnostics.count('documentsPrinted');
      return {
        completion: 'success',
        value: { bytes: encoded.byteLength, lines: encoded.lines.length, substituted: encoded.substituted, paper: paperLevelOf(after.conditions) },
      };
    } finally {
      this.#printing = false;
      this.#emitStatusIfChanged();
    }
  }

  /** Offline bit between lines (one byte each way); the full status only when it is set, to say why. */
  async #checkBetweenLines(index: number, total: number): Promise<PrintFailure | null> {
    const where = `after line ${index} of ${total}`;
    const quick = await this.#exchange.requestStatus(1);
    if (!quick.ok) {
      this.#onExchangeError(quick.error);
      return this.#interrupted(this.#failure(quick.error), where);
    }
    if (decodeStatusByte(1, quick.byte).offline !== true) return null;
    const full = await this.#queryStatus();
    if (!full.ok) return this.#interrupted(full.failure, where);
    return this.#interrupted(refusalOf(full.conditions) ?? { completion: 'deviceNotReady', detail: 'offline' }, where);
  }

  async #send(bytes: Buffer, note: string): Promise<PrintFailure | null> {
    const written = await this.#exchange.write(bytes, note);
    if (written.ok) return null;
    this.#onExchangeError(written.error);
    return this.#interrupted(this.#failure(written.error), `while sending ${note}`);
  }

  #interrupted(failure: Failure, where: string): PrintFailure {
    const detail = `printing stopped ${where}: ${failure.detail ?? failure.completion}`;
    if (this.#opened) this.emit('fault', { error: 'printInterrupted', detail });
    return { ...failure, detail, started: true };
  }

  // ---- internals ----

  async #openPort(): Promise<string | null> {
    this.#lastOpenAttemptAt = this.#clock.now();
    try {
      await this.#transport.open();
    } catch (error) {
      const detail = (error as Error).message;
      this.#setDevice('noDevice', { error: 'openFailed', detail });
      return detail;
    }
    if (!this.#opened) await this.#transport.close();
    return null;
  }

  async #queryStatus(): Promise<{ ok: true; conditions: EscPosConditions } | { ok: false; failure: LineFailure }> {
    const result = await this.#exchange.queryStatus();
    if (!result.ok) {
      this.#onExchangeError(result.error);
      return { ok: false, failure: this.#failure(result.error) };
    }
    this.#accept(result.conditions);
    return { ok: true, conditions: result.conditions };
  }

  #accept(conditions: EscPosConditions): void {
    this.#conditions = conditions;
    const paper = paperLevelOf(conditions);
    const previous = this.#paper;
    this.#paper = paper;
    const device = deviceStateOf(conditions);
    const fault = device === 'online' ? undefined : { error: 'notReady' as const, detail: describeConditions(conditions) };
    this.#setDevice(device, fault);
    // A threshold crossed; the first status counts only when it is not the normal `full`.
    if (previous !== paper && !(previous === 'unknown' && paper === 'full')) this.emit('paperThreshold', { paper });
    this.#emitStatusIfChanged();
  }

  #onExchangeError(error: PrinterExchangeError): void {
    // Requests failed by our own close() are not device faults.
    if (!this.#opened) return;
    const detail = describeExchangeError(error, this.#line);
    switch (error.kind) {
      case 'timeout':
      case 'portClosed':
        this.#setDevice('offline', { error: error.kind, detail });
        return;
      case 'malformedReply':
        this.#setDevice('hardwareError', { error: error.kind, detail });
        return;
      default:
        return assertNever(error, 'exchange error');
    }
  }

  #failure(error: PrinterExchangeError): LineFailure {
    const detail = describeExchangeError(error, this.#line);
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
          await this.#queryStatus();
        }
      } else if (!this.#printing && this.#exchange.state === 'idle' && this.#exchange.queued === 0) {
        // A document in progress checks status itself; otherwise ask.
        await this.#queryStatus();
      }
    } finally {
      this.#polling = false;
    }
    this.#schedulePoll();
  }

  #setDevice(device: DeviceState, fault?: PrinterEvents['fault']): void {
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

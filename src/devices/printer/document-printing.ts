/**
 * PrinterService's print: documents one after another, each refused (a
 * value, never a throw) before a byte is sent when the printer cannot
 * print, then sent line by line with `DLE EOT 1` asked between lines,
 * stopped at the first sign of trouble, cut, and followed by a full status.
 * Trouble once bytes are out is a `printInterrupted` fault and a result with
 * `started: true`. Only byte and line counts leave here, never the text.
 */
import { decodeStatusByte, paperLevelOf } from './escpos-status';
import { encodeDocument, type EncoderOptions } from './escpos-encoder';
import type { PrinterDiagnostics } from './printer-diagnostics';
import { documentProblem, type PrinterDocument } from './printer-document';
import type { PrinterExchange } from './printer-exchange';
import type { LineDescription } from '../transport/line-failure';
import { failureOf, type PrinterConnection } from './printer-connection';
import { refusalOf, type Failure, type PrintFailure, type PrintResult, type PrinterEmitter, type PrinterState } from './printer-state';

export interface DocumentPrintingOptions {
  connection: PrinterConnection;
  exchange: PrinterExchange;
  state: PrinterState;
  emitter: PrinterEmitter;
  diagnostics: PrinterDiagnostics;
  line: LineDescription;
  encoder: EncoderOptions;
}

export class DocumentPrinting {
  readonly #connection: PrinterConnection;
  readonly #exchange: PrinterExchange;
  readonly #state: PrinterState;
  readonly #emitter: PrinterEmitter;
  readonly #diagnostics: PrinterDiagnostics;
  readonly #line: LineDescription;
  readonly #encoder: EncoderOptions;

  /** Prints run one after another: each waits for the one before. */
  #printChain: Promise<unknown> = Promise.resolve();

  constructor(options: DocumentPrintingOptions) {
    this.#connection = options.connection;
    this.#exchange = options.exchange;
    this.#state = options.state;
    this.#emitter = options.emitter;
    this.#diagnostics = options.diagnostics;
    this.#line = options.line;
    this.#encoder = options.encoder;
  }

  /** See PrinterService.print. */
  print(document: PrinterDocument): Promise<PrintResult> {
    const run = this.#printChain.then(() => this.#print(document));
    this.#printChain = run.catch(() => undefined);
    return run;
  }

  async #print(document: PrinterDocument): Promise<PrintResult> {
    const problem = documentProblem(document);
    if (problem) return { completion: 'invalidData', detail: problem, started: false };
    if (!this.#connection.opened) return { completion: 'deviceNotReady', detail: 'printer service is not open', started: false };
    const encoded = encodeDocument(document, this.#encoder);

    const before = await this.#connection.queryStatus();
    if (!before.ok) return { ...before.failure, started: false };
    const refusal = refusalOf(before.conditions);
    if (refusal) return { ...refusal, started: false };

    this.#state.setPrinting(true);
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
      const after = await this.#connection.queryStatus();
      if (!after.ok) return this.#interrupted(after.failure, 'after the last line');
      const trouble = refusalOf(after.conditions);
      if (trouble) return this.#interrupted(trouble, 'after the last line');
      this.#diagnostics.count('documentsPrinted');
      return {
        completion: 'success',
        value: { bytes: encoded.byteLength, lines: encoded.lines.length, substituted: encoded.substituted, paper: paperLevelOf(after.conditions) },
      };
    } finally {
      this.#state.setPrinting(false);
    }
  }

  /** Offline bit between lines (one byte each way); the full status only when it is set, to say why. */
  async #checkBetweenLines(index: number, total: number): Promise<PrintFailure | null> {
    const where = `after line ${index} of ${total}`;
    const quick = await this.#exchange.requestStatus(1);
    if (!quick.ok) {
      this.#connection.onExchangeError(quick.error);
      return this.#interrupted(failureOf(quick.error, this.#line), where);
    }
    if (decodeStatusByte(1, quick.byte).offline !== true) return null;
    const full = await this.#connection.queryStatus();
    if (!full.ok) return this.#interrupted(full.failure, where);
    return this.#interrupted(refusalOf(full.conditions) ?? { completion: 'deviceNotReady', detail: 'offline' }, where);
  }

  async #send(bytes: Buffer, note: string): Promise<PrintFailure | null> {
    const written = await this.#exchange.write(bytes, note);
    if (written.ok) return null;
    this.#connection.onExchangeError(written.error);
    return this.#interrupted(failureOf(written.error, this.#line), `while sending ${note}`);
  }

  #interrupted(failure: Failure, where: string): PrintFailure {
    const detail = `printing stopped ${where}: ${failure.detail ?? failure.completion}`;
    if (this.#connection.opened) this.#emitter.emit('fault', { error: 'printInterrupted', detail });
    return { ...failure, detail, started: true };
  }
}

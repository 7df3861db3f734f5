/**
 * An ESC/POS receipt printer at the far end of any ByteTransport: an
 * in-memory link, or the device end of a socat pty pair. It decodes what it
 * is sent (commands, single-byte text, Shift_JIS or JIS kanji in kanji mode)
 * into printed lines, answers `DLE EOT n` with the status byte of its state
 * (DEVICES.md, "Real-time status"), and keeps what it printed as text, so a
 * test or the dev host's simulator panel can read the slip back.
 *
 * Its control API is what tests and the panel use: paper near end or out
 * (now, or after so many more lines), cover open, offline, an error, a
 * silent line, slow or malformed status answers, noise towards the host.
 *
 * Like a real printer it prints nothing while it cannot (paper out, cover
 * open, offline, error): what arrives meanwhile is discarded and counted
 * (a real one would hold it in its buffer; docs/printer.md, "Limits").
 * Garbage never stops it: it is counted by kind and skipped.
 *
 * The parts: printer-mechanism.ts (paper supply, cover, offline, error, the
 * status conditions), printed-paper.ts (styles, lines, pages and documents
 * on the paper), escpos-responder.ts (the printer's side of the line, its
 * faults and counts), escpos-stream-decoder.ts (the byte stream read as
 * tokens); this class puts them together behind the control API.
 */
import type { ByteTransport } from '../../transport/byte-transport';
import { systemClock, type Clock } from '../../../shared/time/clock';
import { TypedEmitter } from '../../../shared/events/typed-emitter';
import type { KanjiCodeSystemName } from '../escpos-bytes';
import type { EscPosConditions } from '../escpos-status';
import { EscPosStreamDecoder } from './escpos-stream-decoder';
import { PrinterMechanism, type PaperSupply, type SimulatedPrinterError } from './printer-mechanism';
import { PrintedPaper, type PrintedDocument } from './printed-paper';
import { EscPosResponder, type GarbageCounts } from './escpos-responder';

export type { PaperSupply, SimulatedPrinterError } from './printer-mechanism';
export type { PrintedDocument, PrintedLine } from './printed-paper';
export { MALFORMED_STATUS_BYTE, type GarbageCounts } from './escpos-responder';

export interface PrinterSimulatorOptions {
  transport: ByteTransport;
  clock?: Clock;
  /**
   * Kanji mode right after `ESC @`: on unless told, as many Japanese models
   * power up, so a driver that does not send `FS .` first misprints ASCII.
   */
  kanjiModeAtInitialise?: boolean;
  /**
   * Kanji code system right after `ESC @` (a memory switch on real models):
   * JIS unless told, so a driver that does not send `FS C 1` misprints kanji.
   */
  kanjiCodeSystemAtInitialise?: KanjiCodeSystemName;
}

export interface PrinterSimulatorSnapshot {
  paper: PaperSupply;
  coverOpen: boolean;
  /** Set offline by the control API (the other offline causes have their own flags). */
  offline: boolean;
  error: SimulatedPrinterError | null;
  silent: boolean;
  /** Paper, cover, online and no error: what arrives is printed. */
  canPrint: boolean;
  kanjiMode: boolean;
  kanjiCodeSystem: KanjiCodeSystemName;
  bytesReceived: number;
  statusRequests: number;
  /** Garbage bytes by kind; `garbageBytes` their sum. */
  garbage: GarbageCounts;
  garbageBytes: number;
  /** Characters, feeds and cuts that arrived while the printer could not print. */
  discarded: number;
  linesPrinted: number;
  documentsCut: number;
  /** Lines left before the paper runs out, when scripted. */
  paperLinesLeft: number | null;
}

export interface PrinterSimulatorEvents {
  /** A document was cut off the roll. */
  printed: PrintedDocument;
  changed: PrinterSimulatorSnapshot;
}

export class PrinterSimulator extends TypedEmitter<PrinterSimulatorEvents> {
  readonly #mechanism: PrinterMechanism;
  readonly #paper: PrintedPaper;
  readonly #responder: EscPosResponder;

  constructor(options: PrinterSimulatorOptions) {
    super();
    this.#mechanism = new PrinterMechanism();
    this.#paper = new PrintedPaper({
      mechanism: this.#mechanism,
      onPrinted: (document) => this.emit('printed', document),
      onChanged: () => this.#changed(),
    });
    this.#responder = new EscPosResponder({
      transport: options.transport,
      clock: options.clock ?? systemClock,
      decoder: new EscPosStreamDecoder({
        ...(options.kanjiModeAtInitialise === undefined ? {} : { kanjiModeAtInitialise: options.kanjiModeAtInitialise }),
        ...(options.kanjiCodeSystemAtInitialise === undefined ? {} : { kanjiCodeSystemAtInitialise: options.kanjiCodeSystemAtInitialise }),
      }),
      mechanism: this.#mechanism,
      paper: this.#paper,
      onChanged: () => this.#changed(),
    });
  }

  /** Opens the transport if needed and starts listening. */
  start(): Promise<void> {
    return this.#responder.start();
  }

  stop(options: { closeTransport?: boolean } = {}): Promise<void> {
    return this.#responder.stop(options);
  }

  // ---- control API: the printer ----

  /** Paper full, near its end, or out. Loading paper (`full`) also cancels `runOutOfPaperAfter`. */
  setPaper(paper: PaperSupply): void {
    this.#mechanism.setPaper(paper);
    this.#changed();
  }

  /** The roll ends after this many more printed lines (feeds count; the paper is near its end meanwhile). */
  runOutOfPaperAfter(lines: number): void {
    this.#mechanism.runOutOfPaperAfter(lines);
    this.#changed();
  }

  setCoverOpen(open: boolean): void {
    this.#mechanism.setCoverOpen(open);
    this.#changed();
  }

  /** Offline for no sensor reason (a menu, a pause button): DLE EOT 1 says offline, DLE EOT 2 gives no cause. */
  setOffline(offline: boolean): void {
    this.#mechanism.setOffline(offline);
    this.#changed();
  }

  setError(error: SimulatedPrinterError | null): void {
    this.#mechanism.setError(error);
    this.#changed();
  }

  // ---- control API: the line ----

  /** Ignore everything (cable pulled, printer hung) until told otherwise. */
  setSilent(silent: boolean): void {
    this.#responder.setSilent(silent);
    this.#changed();
  }

  /** Answer status requests this late. */
  setStatusDelay(ms: number): void {
    this.#responder.setStatusDelay(ms);
  }

  /** Answer the next `count` status requests with a byte that is not a status byte. */
  malformNextStatusReplies(count: number): void {
    this.#responder.malformNextStatusReplies(count);
  }

  /** Send bytes the host did not ask for (noise, a confused printer). */
  sendNoise(bytes: Uint8Array): void {
    this.#responder.sendNoise(bytes);
  }

  // ---- what was printed ----

  /** Every document cut off the roll, oldest first, then the one on the roll now (uncut) if it has any line. */
  printed(): PrintedDocument[] {
    return this.#paper.printed();
  }

  /** Forget what was printed (the panel's "clear"). */
  clearPrinted(): void {
    this.#paper.clear();
    this.#changed();
  }

  conditions(): EscPosConditions {
    return this.#mechanism.conditions();
  }

  snapshot(): PrinterSimulatorSnapshot {
    const mechanism = this.#mechanism;
    const responder = this.#responder;
    const garbage = responder.garbage();
    return {
      paper: mechanism.paper,
      coverOpen: mechanism.coverOpen,
      offline: mechanism.offline,
      error: mechanism.error,
      silent: responder.silent,
      canPrint: mechanism.canPrint(),
      kanjiMode: responder.kanjiMode,
      kanjiCodeSystem: responder.kanjiCodeSystem,
      bytesReceived: responder.bytesReceived,
      statusRequests: responder.statusRequests,
      garbage,
      garbageBytes: Object.values(garbage).reduce((a, b) => a + b, 0),
      discarded: this.#paper.discarded,
      linesPrinted: this.#paper.linesPrinted,
      documentsCut: this.#paper.documentsCut,
      paperLinesLeft: mechanism.paperLinesLeft,
    };
  }

  #changed(): void {
    this.emit('changed', this.snapshot());
  }
}

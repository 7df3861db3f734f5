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
 */
import type { ByteTransport } from '../../transport/byte-transport';
import { systemClock, type Clock, type TimerHandle } from '../../../shared/time/clock';
import { TypedEmitter } from '../../../shared/events/typed-emitter';
import { assertNever } from '../../../shared/assert-never';
import type { AlignmentName, KanjiCodeSystemName, StatusKind } from '../escpos-bytes';
import { encodeStatusByte, type EscPosConditions } from '../escpos-status';
import { EscPosStreamDecoder, type EscPosToken, type GarbageReason } from './escpos-stream-decoder';

export type PaperSupply = 'full' | 'nearEnd' | 'out';
export type SimulatedPrinterError = 'autoCutter' | 'unrecoverable' | 'autoRecoverable';

export interface PrintedLine {
  text: string;
  align: AlignmentName;
  bold: boolean;
  width: number;
  height: number;
  font: 'A' | 'B';
}

export interface PrintedDocument {
  /** The printed lines joined by '\n', trailing blank lines (the feed before the cut) left out. */
  text: string;
  /** The paper was cut after it; false for a document still printing or stopped part way. */
  cut: boolean;
  lines: PrintedLine[];
}

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

export type GarbageCounts = Record<GarbageReason, number>;

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

/** A byte whose fixed bits are wrong (bit 1 and bit 4 clear): what `malformNextStatusReplies` sends. */
export const MALFORMED_STATUS_BYTE = 0x00;

interface Style {
  align: AlignmentName;
  bold: boolean;
  width: number;
  height: number;
  font: 'A' | 'B';
}

const INITIAL_STYLE: Style = { align: 'left', bold: false, width: 1, height: 1, font: 'A' };

function noGarbage(): GarbageCounts {
  return { controlByte: 0, unknownCommand: 0, badParameter: 0, unprintable: 0, badKanji: 0, truncated: 0 };
}

export class PrinterSimulator extends TypedEmitter<PrinterSimulatorEvents> {
  readonly #transport: ByteTransport;
  readonly #clock: Clock;
  readonly #decoder: EscPosStreamDecoder;
  #detach: (() => void)[] = [];

  // Mechanism
  #paper: PaperSupply = 'full';
  #paperLinesLeft: number | null = null;
  #coverOpen = false;
  #offline = false;
  #error: SimulatedPrinterError | null = null;

  // What is on the paper
  #style: Style = { ...INITIAL_STYLE };
  #line: { text: string; style: Style } | null = null;
  #page: PrintedLine[] = [];
  readonly #documents: PrintedDocument[] = [];

  // Line and faults
  #silent = false;
  #statusDelayMs = 0;
  #malformBudget = 0;
  readonly #timers = new Set<TimerHandle>();

  // Counters
  #bytesReceived = 0;
  #statusRequests = 0;
  #garbage = noGarbage();
  #discarded = 0;
  #linesPrinted = 0;
  #documentsCut = 0;

  constructor(options: PrinterSimulatorOptions) {
    super();
    this.#transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.#decoder = new EscPosStreamDecoder({
      ...(options.kanjiModeAtInitialise === undefined ? {} : { kanjiModeAtInitialise: options.kanjiModeAtInitialise }),
      ...(options.kanjiCodeSystemAtInitialise === undefined ? {} : { kanjiCodeSystemAtInitialise: options.kanjiCodeSystemAtInitialise }),
    });
  }

  /** Opens the transport if needed and starts listening. */
  async start(): Promise<void> {
    if (!this.#transport.isOpen) await this.#transport.open();
    this.#detach.push(this.#transport.onData((chunk) => this.#onBytes(chunk)));
  }

  async stop(options: { closeTransport?: boolean } = {}): Promise<void> {
    for (const timer of this.#timers) this.#clock.clearTimeout(timer);
    this.#timers.clear();
    for (const detach of this.#detach) detach();
    this.#detach = [];
    if (options.closeTransport ?? true) await this.#transport.close();
  }

  // ---- control API: the printer ----

  /** Paper full, near its end, or out. Loading paper (`full`) also cancels `runOutOfPaperAfter`. */
  setPaper(paper: PaperSupply): void {
    this.#paper = paper;
    if (paper === 'full') this.#paperLinesLeft = null;
    this.#changed();
  }

  /** The roll ends after this many more printed lines (feeds count; the paper is near its end meanwhile). */
  runOutOfPaperAfter(lines: number): void {
    if (!(Number.isInteger(lines) && lines >= 0)) throw new RangeError('lines must be a whole number');
    this.#paperLinesLeft = lines;
    if (this.#paper === 'full') this.#paper = 'nearEnd';
    if (lines === 0) this.#paper = 'out';
    this.#changed();
  }

  setCoverOpen(open: boolean): void {
    this.#coverOpen = open;
    this.#changed();
  }

  /** Offline for no sensor reason (a menu, a pause button): DLE EOT 1 says offline, DLE EOT 2 gives no cause. */
  setOffline(offline: boolean): void {
    this.#offline = offline;
    this.#changed();
  }

  setError(error: SimulatedPrinterError | null): void {
    this.#error = error;
    this.#changed();
  }

  // ---- control API: the line ----

  /** Ignore everything (cable pulled, printer hung) until told otherwise. */
  setSilent(silent: boolean): void {
    this.#silent = silent;
    this.#changed();
  }

  /** Answer status requests this late. */
  setStatusDelay(ms: number): void {
    this.#statusDelayMs = Math.max(0, ms);
  }

  /** Answer the next `count` status requests with a byte that is not a status byte. */
  malformNextStatusReplies(count: number): void {
    this.#malformBudget = Math.max(0, count);
  }

  /** Send bytes the host did not ask for (noise, a confused printer). */
  sendNoise(bytes: Uint8Array): void {
    this.#write(Buffer.from(bytes));
  }

  // ---- what was printed ----

  /** Every document cut off the roll, oldest first, then the one on the roll now (uncut) if it has any line. */
  printed(): PrintedDocument[] {
    const current = this.#currentPage();
    return current ? [...this.#documents, current] : [...this.#documents];
  }

  /** Forget what was printed (the panel's "clear"). */
  clearPrinted(): void {
    this.#documents.length = 0;
    this.#page = [];
    this.#line = null;
    this.#changed();
  }

  conditions(): EscPosConditions {
    const out = this.#paper === 'out';
    return {
      offline: !this.#canPrint(),
      coverOpen: this.#coverOpen,
      feedButton: false,
      stoppedByPaperEnd: out,
      error: this.#error !== null,
      autoCutterError: this.#error === 'autoCutter',
      unrecoverableError: this.#error === 'unrecoverable',
      autoRecoverableError: this.#error === 'autoRecoverable',
      paperNearEnd: this.#paper !== 'full',
      paperEnd: out,
    };
  }

  snapshot(): PrinterSimulatorSnapshot {
    const garbage = { ...this.#garbage };
    return {
      paper: this.#paper,
      coverOpen: this.#coverOpen,
      offline: this.#offline,
      error: this.#error,
      silent: this.#silent,
      canPrint: this.#canPrint(),
      kanjiMode: this.#decoder.kanjiMode,
      kanjiCodeSystem: this.#decoder.kanjiCodeSystem,
      bytesReceived: this.#bytesReceived,
      statusRequests: this.#statusRequests,
      garbage,
      garbageBytes: Object.values(garbage).reduce((a, b) => a + b, 0),
      discarded: this.#discarded,
      linesPrinted: this.#linesPrinted,
      documentsCut: this.#documentsCut,
      paperLinesLeft: this.#paperLinesLeft,
    };
  }

  // ---- the line ----

  #onBytes(chunk: Buffer): void {
    if (this.#silent) return;
    this.#bytesReceived += chunk.length;
    this.#decoder.push(chunk, (token) => this.#onToken(token));
  }

  #onToken(token: EscPosToken): void {
    switch (token.kind) {
      case 'statusRequest':
        return this.#answerStatus(token.request);
      case 'initialise':
        // A new job: whatever is on the roll uncut stays there as its own document.
        this.#closePage(false);
        this.#style = { ...INITIAL_STYLE };
        return;
      case 'emphasis':
        this.#style.bold = token.on;
        return;
      case 'align':
        this.#style.align = token.align;
        return;
      case 'size':
        this.#style.width = token.width;
        this.#style.height = token.height;
        return;
      case 'font':
        this.#style.font = token.font;
        return;
      case 'codePage':
      case 'kanjiCodeSystem':
      case 'kanjiMode':
        // The decoder keeps these: they change how text bytes read.
        return;
      case 'text':
        if (!this.#canPrint()) {
          this.#discarded += [...token.text].length;
          return;
        }
        this.#appendText(token.text);
        return;
      case 'lineFeed':
        return this.#feed(1);
      case 'feed':
        // "Prints the data in the buffer and feeds n lines": the first feed ends the buffered line.
        if (token.lines === 0 && this.#line) return this.#feed(1);
        return this.#feed(token.lines);
      case 'cut':
        if (!this.#canPrint()) {
          this.#discarded++;
          return;
        }
        if (this.#line) this.#feed(1);
        this.#closePage(true);
        return;
      case 'garbage':
        this.#garbage[token.reason] += token.bytes;
        // A printer prints some glyph for a byte it cannot map; the simulator shows U+FFFD there.
        if ((token.reason === 'unprintable' || token.reason === 'badKanji') && this.#canPrint()) this.#appendText('\uFFFD'.repeat(token.bytes));
        this.#changed();
        return;
      default:
        return assertNever(token, 'ESC/POS token');
    }
  }

  #answerStatus(request: StatusKind): void {
    this.#statusRequests++;
    let byte = encodeStatusByte(request, this.conditions());
    if (this.#malformBudget > 0) {
      this.#malformBudget--;
      byte = MALFORMED_STATUS_BYTE;
    }
    if (this.#statusDelayMs === 0) {
      this.#write(Buffer.from([byte]));
      return;
    }
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#silent) this.#write(Buffer.from([byte]));
    }, this.#statusDelayMs);
    this.#timers.add(timer);
  }

  #write(bytes: Buffer): void {
    if (!this.#transport.isOpen) return;
    this.#transport.write(bytes).catch(() => {
      // The host went away; a printer does not care.
    });
  }

  // ---- the paper ----

  #canPrint(): boolean {
    return this.#paper !== 'out' && !this.#coverOpen && !this.#offline && this.#error === null;
  }

  #appendText(text: string): void {
    // Alignment and size are those in force when the line's first character arrives (ESC a acts at a line's start).
    if (!this.#line) this.#line = { text: '', style: { ...this.#style } };
    this.#line.text += text;
  }

  /** Prints the buffered line (or a blank one) and feeds, `lines` times, as long as there is paper. */
  #feed(lines: number): void {
    for (let i = 0; i < lines; i++) {
      if (!this.#canPrint()) {
        this.#discarded++;
        continue;
      }
      const line = this.#line ?? { text: '', style: { ...this.#style } };
      this.#page.push({ text: line.text, ...line.style });
      this.#line = null;
      this.#linesPrinted++;
      if (this.#paperLinesLeft !== null) {
        this.#paperLinesLeft--;
        if (this.#paperLinesLeft <= 0) {
          this.#paperLinesLeft = null;
          this.#paper = 'out';
        }
      }
    }
    this.#changed();
  }

  #currentPage(): PrintedDocument | null {
    const lines = [...this.#page];
    if (this.#line) lines.push({ text: this.#line.text, ...this.#line.style });
    return lines.length === 0 ? null : documentOf(lines, false);
  }

  #closePage(cut: boolean): void {
    const page = this.#currentPage();
    this.#page = [];
    this.#line = null;
    if (!page) return;
    const document = documentOf(page.lines, cut);
    this.#documents.push(document);
    if (cut) {
      this.#documentsCut++;
      this.emit('printed', document);
    }
    this.#changed();
  }

  #changed(): void {
    this.emit('changed', this.snapshot());
  }
}

function documentOf(lines: PrintedLine[], cut: boolean): PrintedDocument {
  const kept = [...lines];
  while (kept.length > 0 && kept[kept.length - 1]!.text === '') kept.pop();
  return { text: kept.map((line) => line.text).join('\n'), cut, lines: kept };
}

/**
 * What the simulated printer puts on paper: the style in force, the line
 * being built, the lines on the roll since the last cut, and the documents
 * cut off it (or left uncut when a new job began). It carries out the
 * printing tokens of the decoded stream; like a real printer it prints
 * nothing while the mechanism cannot print, and counts what it discarded.
 */
import type { AlignmentName } from '../escpos-bytes';
import { assertNever } from '../../../shared/assert-never';
import type { EscPosToken } from './escpos-stream-decoder';
import type { PrinterMechanism } from './printer-mechanism';

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

/** Every token but the status request, which is the line's business. */
export type PrintToken = Exclude<EscPosToken, { kind: 'statusRequest' }>;

export interface PrintedPaperOptions {
  mechanism: PrinterMechanism;
  /** A document was cut off the roll. */
  onPrinted: (document: PrintedDocument) => void;
  /** Something a snapshot shows changed. */
  onChanged: () => void;
}

interface Style {
  align: AlignmentName;
  bold: boolean;
  width: number;
  height: number;
  font: 'A' | 'B';
}

const INITIAL_STYLE: Style = { align: 'left', bold: false, width: 1, height: 1, font: 'A' };

export class PrintedPaper {
  readonly #mechanism: PrinterMechanism;
  readonly #onPrinted: PrintedPaperOptions['onPrinted'];
  readonly #onChanged: () => void;

  #style: Style = { ...INITIAL_STYLE };
  #line: { text: string; style: Style } | null = null;
  #page: PrintedLine[] = [];
  readonly #documents: PrintedDocument[] = [];

  #discarded = 0;
  #linesPrinted = 0;
  #documentsCut = 0;

  constructor(options: PrintedPaperOptions) {
    this.#mechanism = options.mechanism;
    this.#onPrinted = options.onPrinted;
    this.#onChanged = options.onChanged;
  }

  get discarded(): number {
    return this.#discarded;
  }

  get linesPrinted(): number {
    return this.#linesPrinted;
  }

  get documentsCut(): number {
    return this.#documentsCut;
  }

  /** See PrinterSimulator.printed. */
  printed(): PrintedDocument[] {
    const current = this.#currentPage();
    return current ? [...this.#documents, current] : [...this.#documents];
  }

  /** See PrinterSimulator.clearPrinted. */
  clear(): void {
    this.#documents.length = 0;
    this.#page = [];
    this.#line = null;
  }

  take(token: PrintToken): void {
    switch (token.kind) {
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
        if (!this.#mechanism.canPrint()) {
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
        if (!this.#mechanism.canPrint()) {
          this.#discarded++;
          return;
        }
        if (this.#line) this.#feed(1);
        this.#closePage(true);
        return;
      case 'garbage':
        // A printer prints some glyph for a byte it cannot map; the simulator shows U+FFFD there.
        if ((token.reason === 'unprintable' || token.reason === 'badKanji') && this.#mechanism.canPrint()) this.#appendText('\uFFFD'.repeat(token.bytes));
        return;
      default:
        return assertNever(token, 'ESC/POS token');
    }
  }

  #appendText(text: string): void {
    // Alignment and size are those in force when the line's first character arrives (ESC a acts at a line's start).
    if (!this.#line) this.#line = { text: '', style: { ...this.#style } };
    this.#line.text += text;
  }

  /** Prints the buffered line (or a blank one) and feeds, `lines` times, as long as there is paper. */
  #feed(lines: number): void {
    for (let i = 0; i < lines; i++) {
      if (!this.#mechanism.canPrint()) {
        this.#discarded++;
        continue;
      }
      const line = this.#line ?? { text: '', style: { ...this.#style } };
      this.#page.push({ text: line.text, ...line.style });
      this.#line = null;
      this.#linesPrinted++;
      this.#mechanism.lineFed();
    }
    this.#onChanged();
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
      this.#onPrinted(document);
    }
    this.#onChanged();
  }
}

function documentOf(lines: PrintedLine[], cut: boolean): PrintedDocument {
  const kept = [...lines];
  while (kept.length > 0 && kept[kept.length - 1]!.text === '') kept.pop();
  return { text: kept.map((line) => line.text).join('\n'), cut, lines: kept };
}

/**
 * A `PrinterDocument` as ESC/POS bytes (DEVICES.md, "Receipt / document
 * printer: ESC/POS"):
 *
 *   ESC @            initialise
 *   ESC t 0          single-byte code page PC437 (ASCII in 0x20..0x7E)
 *   FS C 1           kanji code system Shift_JIS
 *   FS .             kanji mode off: many Japanese models power up with kanji
 *                    mode on, so the state is set, not assumed
 *   per line:        ESC a / ESC E / GS ! / ESC M where the style changes,
 *                    then the text: ASCII runs as bytes, other runs as
 *                    FS & <Shift_JIS codes> FS ., then LF
 *   ESC d n, GS V m  feed the last line past the cutter, cut
 *
 * The encoder returns the bytes split into a prologue, one chunk per line
 * and an epilogue, so the service can send a document line by line and ask
 * for status between lines: a real-time status request is never written in
 * the middle of a command or a kanji code. No document holds `DLE EOT`
 * (10 04): text bytes are 0x20..0x7E and Shift_JIS codes 0x40 and up, and
 * the only parameter that can be 0x10 (the feed before the cut) is followed
 * by GS, so a printer cannot mistake document bytes for a status request.
 */
import {
  CODE_PAGE_PC437, INITIALISE, KANJI_MODE_OFF, KANJI_MODE_ON, LF,
  align, characterFont, characterSize, cut, emphasis, feedLines, selectCodePage, selectKanjiCodeSystem,
  type AlignmentName, type CutKind,
} from './escpos-bytes';
import type { LineStyle, PrinterDocument } from './printer-document';
import { encodeText } from './shift-jis';

export interface EncoderOptions {
  /** `full` unless told (DEVICES.md: `GS V 0` full, `GS V 1` partial). */
  cut?: CutKind;
  /**
   * Lines fed after the last line before the cut, so it clears the cutter
   * (the head sits a few lines above the blade on most models). 4 unless told.
   */
  feedBeforeCut?: number;
}

export interface EncodedDocument {
  /** Initialise, code page, kanji code system, kanji mode off. */
  prologue: Buffer;
  /** One chunk per document line: style changes, text, LF. */
  lines: Buffer[];
  /** Feed and cut; empty when the document is not cut. */
  epilogue: Buffer;
  /** Characters printed as 〓 because the printer's character set lacks them. */
  substituted: number;
  /** Every byte, prologue to epilogue. */
  byteLength: number;
}

interface TextStyle {
  align: AlignmentName;
  bold: boolean;
  width: number;
  height: number;
  font: 'A' | 'B';
}

/** What `ESC @` leaves: left, not bold, 1x1, font A. */
const AFTER_INITIALISE: TextStyle = { align: 'left', bold: false, width: 1, height: 1, font: 'A' };

/** A title is bold at double width and height; small text is font B (docs/printer.md, "Styles"). */
export function styleOf(style: LineStyle, alignment: AlignmentName): TextStyle {
  switch (style) {
    case 'title':
      return { align: alignment, bold: true, width: 2, height: 2, font: 'A' };
    case 'normal':
      return { align: alignment, bold: false, width: 1, height: 1, font: 'A' };
    case 'small':
      return { align: alignment, bold: false, width: 1, height: 1, font: 'B' };
  }
}

function styleChanges(from: TextStyle, to: TextStyle): number[] {
  const bytes: number[] = [];
  if (from.align !== to.align) bytes.push(...align(to.align));
  if (from.bold !== to.bold) bytes.push(...emphasis(to.bold));
  if (from.width !== to.width || from.height !== to.height) bytes.push(...characterSize(to.width, to.height));
  if (from.font !== to.font) bytes.push(...characterFont(to.font));
  return bytes;
}

/** One line's text: ASCII as is, everything else framed by kanji mode on and off. */
export function encodeLineText(text: string): { bytes: number[]; substituted: number } {
  const { runs, substituted } = encodeText(text);
  const bytes: number[] = [];
  for (const run of runs) {
    if (run.mode === 'kanji') bytes.push(...KANJI_MODE_ON, ...run.bytes, ...KANJI_MODE_OFF);
    else bytes.push(...run.bytes);
  }
  return { bytes, substituted };
}

/** The document must have passed `documentProblem`. */
export function encodeDocument(document: PrinterDocument, options: EncoderOptions = {}): EncodedDocument {
  const prologue = Buffer.from([...INITIALISE, ...selectCodePage(CODE_PAGE_PC437), ...selectKanjiCodeSystem('shiftJis'), ...KANJI_MODE_OFF]);
  let current = AFTER_INITIALISE;
  let substituted = 0;
  const lines = document.lines.map((line) => {
    const wanted = styleOf(line.style ?? 'normal', line.align ?? 'left');
    const text = encodeLineText(line.text);
    substituted += text.substituted;
    const chunk = Buffer.from([...styleChanges(current, wanted), ...text.bytes, LF]);
    current = wanted;
    return chunk;
  });
  const reset = styleChanges(current, AFTER_INITIALISE);
  const epilogue = document.cut
    ? Buffer.from([...reset, ...feedLines(options.feedBeforeCut ?? 4), ...cut(options.cut ?? 'full')])
    : Buffer.from(reset);
  const byteLength = prologue.length + lines.reduce((sum, chunk) => sum + chunk.length, 0) + epilogue.length;
  return { prologue, lines, epilogue, substituted, byteLength };
}

/** The whole document as one buffer (for tests and for links where chunking does not matter). */
export function documentBytes(encoded: EncodedDocument): Buffer {
  return Buffer.concat([encoded.prologue, ...encoded.lines, encoded.epilogue]);
}

/**
 * A document as the kiosk hands it to the printer: plain structured lines,
 * no bytes. The kiosk renders what HQ says must be printed (HQ owns the legal
 * text) into this shape; the driver owns ESC/POS (ARCHITECTURE.md,
 * "Parts": "the printer is a device like the reader").
 *
 * A document can hold a customer's name: nothing in the driver logs, traces
 * or reports its text, only byte and line counts.
 */

export type LineStyle = 'title' | 'normal' | 'small';
export type LineAlign = 'left' | 'center';

export interface DocumentLine {
  text: string;
  /** `normal` unless told. */
  style?: LineStyle;
  /** `left` unless told. */
  align?: LineAlign;
}

export interface PrinterDocument {
  lines: DocumentLine[];
  /** Cut the paper after the last line (the kiosk always does; a test page may not). */
  cut: boolean;
}

/** Bounds that keep one document a slip, not a roll: a contract-change document is a few dozen lines. */
export const MAX_DOCUMENT_LINES = 500;
export const MAX_LINE_LENGTH = 1000;

const STYLES: ReadonlySet<string> = new Set<LineStyle>(['title', 'normal', 'small']);
const ALIGNS: ReadonlySet<string> = new Set<LineAlign>(['left', 'center']);

/**
 * Why a document cannot be printed as given, or null. Says where, never
 * what: the text may be personal data.
 */
export function documentProblem(document: PrinterDocument): string | null {
  if (!document || !Array.isArray(document.lines)) return 'a document needs a list of lines';
  if (typeof document.cut !== 'boolean') return 'cut must be true or false';
  if (document.lines.length === 0) return 'a document needs at least one line';
  if (document.lines.length > MAX_DOCUMENT_LINES) return `a document has at most ${MAX_DOCUMENT_LINES} lines (this one has ${document.lines.length})`;
  for (const [index, line] of document.lines.entries()) {
    const at = `line ${index + 1}`;
    if (!line || typeof line.text !== 'string') return `${at} has no text`;
    if (line.text.length > MAX_LINE_LENGTH) return `${at} is longer than ${MAX_LINE_LENGTH} characters`;
    if (/[\r\n\u2028\u2029]/.test(line.text)) return `${at} contains a line break; give each printed line as its own line`;
    if (line.style !== undefined && !STYLES.has(line.style)) return `${at} has an unknown style`;
    if (line.align !== undefined && !ALIGNS.has(line.align)) return `${at} has an unknown alignment`;
  }
  return null;
}

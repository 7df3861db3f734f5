/**
 * Japanese text as a Japanese ESC/POS printer takes it (DEVICES.md, "Receipt
 * / document printer"): ASCII as single bytes outside kanji mode, everything
 * else as two-byte Shift_JIS codes to be sent inside kanji mode (`FS &` ..
 * `FS .`, with `FS C 1` selecting Shift_JIS). The character tables are
 * `encoding-japanese`'s; what this file owns is which codes a printer can
 * print and how a run of text splits into the two modes.
 *
 * - The printer's kanji font is JIS X 0208 (rows 1-8 symbols and kana, rows
 *   16-84 kanji). `encoding-japanese` maps to Windows' CP932, which adds NEC
 *   and IBM extensions (row 13 circled numbers, rows 89-92 and 115-119); a
 *   printer without those glyphs prints something else, so they count as
 *   unprintable here.
 * - An unprintable character becomes the geta mark 〓 (0x81AC), the JIS
 *   convention for "a character that could not be set", and is counted so
 *   the caller can tell.
 * - Half-width katakana are written as their full-width forms (the single-
 *   byte katakana page would need `ESC t 1`, and kanji mode prints them
 *   anyway); the yen sign U+00A5 as the full-width ￥ (outside kanji mode
 *   0x5C prints as a backslash or a yen sign depending on the printer's
 *   international character set).
 * - Control characters never reach the printer as single bytes: inside a
 *   line they would be commands. A tab is a space; any other is unprintable.
 */
import Encoding from 'encoding-japanese';

export type TextRun =
  /** Printable ASCII 0x20..0x7E, sent outside kanji mode. */
  | { mode: 'singleByte'; bytes: number[] }
  /** Two-byte Shift_JIS codes, sent inside kanji mode. */
  | { mode: 'kanji'; bytes: number[] };

export interface EncodedText {
  runs: TextRun[];
  /** Characters replaced by 〓 because the printer's character set lacks them. */
  substituted: number;
}

/** 〓 GETA MARK in Shift_JIS. */
export const GETA_MARK = [0x81, 0xac] as const;

export function isShiftJisLead(byte: number): boolean {
  return (byte >= 0x81 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xfc);
}

export function isShiftJisTrail(byte: number): boolean {
  return byte >= 0x40 && byte <= 0xfc && byte !== 0x7f;
}

/** The JIS X 0208 row (1-94) of a two-byte Shift_JIS code. */
export function jisRow(lead: number, trail: number): number {
  return (lead <= 0x9f ? lead - 0x81 : lead - 0xc1) * 2 + (trail >= 0x9f ? 2 : 1);
}

/** Rows JIS X 0208 assigns: 1-8 (symbols, alphanumerics, kana, Greek, Cyrillic, box drawing) and 16-84 (kanji). */
export function isJisX0208(lead: number, trail: number): boolean {
  if (!isShiftJisLead(lead) || !isShiftJisTrail(trail) || lead > 0xef) return false;
  const row = jisRow(lead, trail);
  return (row >= 1 && row <= 8) || (row >= 16 && row <= 84);
}

/** The two-byte Shift_JIS code of one character, or undefined when the printer cannot print it. */
function kanjiCode(character: string): [number, number] | undefined {
  // Without a fallback option the library writes '?' (one byte) for a character it cannot map:
  // `character` is never ASCII here, so anything but two bytes means "cannot".
  const codes = Encoding.convert(Encoding.stringToCode(character), { to: 'SJIS', from: 'UNICODE', type: 'array' });
  if (codes.length !== 2) return undefined;
  const [lead, trail] = codes as [number, number];
  return isJisX0208(lead, trail) ? [lead, trail] : undefined;
}

/**
 * `kanjiCode` of each character, in one call to the library (a call costs
 * far more than a character). Shift_JIS writes each character as one byte
 * or as a lead byte and a trail byte, so the output is walked in step with
 * the input; if it ever falls out of step, each character is asked alone.
 */
function kanjiCodes(characters: readonly string[]): ([number, number] | undefined)[] {
  if (characters.length === 0) return [];
  const bytes = Encoding.convert(Encoding.stringToCode(characters.join('')), { to: 'SJIS', from: 'UNICODE', type: 'array' });
  const codes: ([number, number] | undefined)[] = [];
  let j = 0;
  for (let i = 0; i < characters.length && j < bytes.length; i++) {
    const lead = bytes[j]!;
    if (isShiftJisLead(lead) && j + 1 < bytes.length) {
      const trail = bytes[j + 1]!;
      codes.push(isJisX0208(lead, trail) ? [lead, trail] : undefined);
      j += 2;
    } else {
      codes.push(undefined);
      j += 1;
    }
  }
  return codes.length === characters.length && j === bytes.length ? codes : characters.map(kanjiCode);
}

/** What the printer is given instead of `text`'s own characters, before encoding (see the file comment). */
export function normaliseForPrinter(text: string): string {
  return Encoding.toZenkanaCase(text).replace(/\u00a5/g, '\uffe5').replace(/\t/g, ' ');
}

export function encodeText(text: string): EncodedText {
  const runs: TextRun[] = [];
  let substituted = 0;
  const append = (mode: TextRun['mode'], bytes: readonly number[]) => {
    const last = runs[runs.length - 1];
    if (last && last.mode === mode) last.bytes.push(...bytes);
    else runs.push({ mode, bytes: [...bytes] });
  };
  const characters = [...normaliseForPrinter(text)];
  const isAscii = (character: string) => {
    const code = character.codePointAt(0)!;
    return code >= 0x20 && code <= 0x7e;
  };
  const codes = kanjiCodes(characters.filter((character) => !isAscii(character)));
  let next = 0;
  for (const character of characters) {
    if (isAscii(character)) {
      append('singleByte', [character.codePointAt(0)!]);
      continue;
    }
    const kanji = codes[next++];
    if (kanji) append('kanji', kanji);
    else {
      substituted++;
      append('kanji', GETA_MARK);
    }
  }
  return { runs, substituted };
}

/** One two-byte Shift_JIS code back to its character; undefined when it names none. */
export function decodeShiftJisPair(lead: number, trail: number): string | undefined {
  if (!isShiftJisLead(lead) || !isShiftJisTrail(trail)) return undefined;
  const text = Encoding.convert([lead, trail], { to: 'UNICODE', from: 'SJIS', type: 'string' });
  // encoding-japanese answers '?' for a code it has no character for; a real '?' is one byte, never two.
  return text.length === 0 || text === '?' ? undefined : text;
}

/** One JIS code pair (each byte 0x21..0x7E, as `FS C 0` selects) back to its character. */
export function decodeJisPair(first: number, second: number): string | undefined {
  if (first < 0x21 || first > 0x7e || second < 0x21 || second > 0x7e) return undefined;
  // JIS to Shift_JIS, the usual arithmetic: two JIS rows share one Shift_JIS lead byte.
  const lead = ((first + 1) >> 1) + (first <= 0x5e ? 0x70 : 0xb0);
  const trail = first % 2 === 1 ? second + (second >= 0x60 ? 0x20 : 0x1f) : second + 0x7e;
  return decodeShiftJisPair(lead, trail);
}

/** A single Shift_JIS byte in 0xA1..0xDF: a half-width katakana. */
export function decodeHalfWidthKatakana(byte: number): string | undefined {
  if (byte < 0xa1 || byte > 0xdf) return undefined;
  return String.fromCharCode(0xff61 + (byte - 0xa1));
}

/**
 * The ESC/POS bytes of a document, byte for byte (DEVICES.md, "Receipt /
 * document printer: ESC/POS"). Shift_JIS codes are written out from the JIS
 * table, not computed with the library under test.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { documentBytes, encodeDocument, encodeLineText } from '../../../src/devices/printer/escpos-encoder';
import { statusRequest } from '../../../src/devices/printer/escpos-bytes';
import { documentProblem, type PrinterDocument } from '../../../src/devices/printer/printer-document';
import { contractChangeDocument } from './support';

const hex = (bytes: Iterable<number>) => Buffer.from([...bytes]).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
const KANJI_ON = '1C 26';
const KANJI_OFF = '1C 2E';

describe('ESC/POS document encoding', () => {
  it('starts every document with ESC @, code page 0, FS C 1 (Shift_JIS) and kanji mode off', () => {
    const encoded = encodeDocument({ lines: [{ text: 'A' }], cut: false });
    expect(hex(encoded.prologue)).toBe('1B 40 1B 74 00 1C 43 01 1C 2E');
  });

  it('sends ASCII as single bytes outside kanji mode, ending the line with LF', () => {
    expect(hex(encodeDocument({ lines: [{ text: 'ABC 123' }], cut: false }).lines[0]!)).toBe('41 42 43 20 31 32 33 0A');
  });

  it('frames Japanese text with FS & .. FS . and writes it in Shift_JIS', () => {
    // 極 8BC9, 度 9378, 額 8A7A (JIS X 0208 rows 22, 37, 19)
    expect(hex(encodeLineText('極度額').bytes)).toBe(`${KANJI_ON} 8B C9 93 78 8A 7A ${KANJI_OFF}`);
  });

  it('switches kanji mode on and off around each Japanese run in a mixed line', () => {
    // 万 969C, 円 897E
    expect(hex(encodeLineText('Limit 50万円 (JPY)').bytes))
      .toBe(`4C 69 6D 69 74 20 35 30 ${KANJI_ON} 96 9C 89 7E ${KANJI_OFF} 20 28 4A 50 59 29`);
  });

  it('sets a title bold, double width and height, centred, and puts the next line back to normal', () => {
    const encoded = encodeDocument({ lines: [{ text: 'T', style: 'title', align: 'center' }, { text: 'n' }], cut: false });
    expect(hex(encoded.lines[0]!)).toBe('1B 61 01 1B 45 01 1D 21 11 54 0A');
    expect(hex(encoded.lines[1]!)).toBe('1B 61 00 1B 45 00 1D 21 00 6E 0A');
  });

  it('writes small text in font B and sends no style command when the style does not change', () => {
    const encoded = encodeDocument({ lines: [{ text: 'a', style: 'small' }, { text: 'b', style: 'small' }], cut: false });
    expect(hex(encoded.lines[0]!)).toBe('1B 4D 01 61 0A');
    expect(hex(encoded.lines[1]!)).toBe('62 0A');
    expect(hex(encoded.epilogue)).toBe('1B 4D 00');
  });

  it('feeds past the cutter and cuts with GS V 0, or GS V 1 when a partial cut is asked for', () => {
    expect(hex(encodeDocument({ lines: [{ text: 'a' }], cut: true }).epilogue)).toBe('1B 64 04 1D 56 00');
    expect(hex(encodeDocument({ lines: [{ text: 'a' }], cut: true }, { cut: 'partial', feedBeforeCut: 2 }).epilogue)).toBe('1B 64 02 1D 56 01');
    expect(hex(encodeDocument({ lines: [{ text: 'a' }], cut: false }).epilogue)).toBe('');
  });

  it('counts every byte it returns', () => {
    const encoded = encodeDocument(contractChangeDocument());
    expect(encoded.byteLength).toBe(documentBytes(encoded).length);
    expect(encoded.lines).toHaveLength(contractChangeDocument().lines.length);
  });

  it('never writes DLE EOT inside a document, whatever the text', () => {
    // Code points from ASCII (control characters included), the kanji block and anywhere at all (lone surrogates too).
    const codePoint = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x3000, max: 0x9fff }), fc.integer({ min: 0, max: 0x10ffff }));
    const text = fc.array(codePoint, { maxLength: 40 }).map((points) => String.fromCodePoint(...points));
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), (texts) => {
      const document: PrinterDocument = { lines: texts.map((text) => ({ text: text.replace(/[\r\n\u2028\u2029]/g, '') })), cut: true };
      const bytes = documentBytes(encodeDocument(document));
      for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0x10 && bytes[i + 1] === 0x04) return false;
      return true;
    }));
  });
});

describe('characters a Japanese printer cannot print', () => {
  it('prints a character outside Shift_JIS as the geta mark 〓 (81AC) and counts it', () => {
    const text = encodeLineText('吉𠮷');
    expect(hex(text.bytes)).toBe(`${KANJI_ON} 8B 67 81 AC ${KANJI_OFF}`);
    expect(text.substituted).toBe(1);
  });

  it('treats CP932 extensions (NEC row 13, IBM kanji) as unprintable: the font is JIS X 0208', () => {
    expect(encodeLineText('①').substituted).toBe(1);
    expect(encodeLineText('髙').substituted).toBe(1);
    expect(encodeLineText('高').substituted).toBe(0);
  });

  it('writes half-width katakana and the yen sign in their full-width forms', () => {
    // ガ 834B, ￥ 818F
    expect(hex(encodeLineText('ｶﾞ').bytes)).toBe(`${KANJI_ON} 83 4B ${KANJI_OFF}`);
    expect(hex(encodeLineText('¥').bytes)).toBe(`${KANJI_ON} 81 8F ${KANJI_OFF}`);
  });

  it('never sends a control character inside text: ESC in a line becomes 〓, a tab a space', () => {
    const text = encodeLineText('a\u001b@b\tc');
    expect(hex(text.bytes)).toBe(`61 ${KANJI_ON} 81 AC ${KANJI_OFF} 40 62 20 63`);
    expect(text.substituted).toBe(1);
  });
});

describe('document rules', () => {
  it('refuses a document it cannot print as lines, saying where but not what', () => {
    expect(documentProblem({ lines: [], cut: true })).toBe('a document needs at least one line');
    expect(documentProblem({ lines: [{ text: 'ok' }, { text: '佐藤\n花子' }], cut: true })).toBe('line 2 contains a line break; give each printed line as its own line');
    expect(documentProblem({ lines: [{ text: 'x', style: 'huge' as never }], cut: true })).toBe('line 1 has an unknown style');
    expect(documentProblem(contractChangeDocument())).toBeNull();
  });
});

describe('real-time status requests', () => {
  it('asks DLE EOT n for n = 1 to 4', () => {
    expect([1, 2, 3, 4].map((n) => hex(statusRequest(n as 1 | 2 | 3 | 4)))).toEqual(['10 04 01', '10 04 02', '10 04 03', '10 04 04']);
  });
});

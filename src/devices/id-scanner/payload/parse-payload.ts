import { toHalfWidth } from '../../../shared/domain/half-width';
import { detectMrzFormat } from '../mrz/mrz-layout';
import { parseMrz } from '../mrz/mrz-parser';
import { looksLikeOcrRecord, parseOcrRecord } from '../ocr-record/ocr-record-parser';
import type { PayloadParse } from './parse-result';

/** Longest payload we parse: a TD1 is 92 bytes, a JPID record a few hundred. */
export const MAX_PAYLOAD_CHARS = 4096;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface ParseOptions {
  /** Today's date in Asia/Tokyo as `YYYY-MM-DD`: MRZ century inference depends on it. */
  todayIso: string;
}

/**
 * One scanner payload (the bytes between STX and ETX, or a reassembled HID
 * payload) to a parse result. Lines may end in CR (what readers send), LF or
 * CRLF. Never throws: bad input is a value.
 */
export function parsePayload(payload: string | Uint8Array, options: ParseOptions): PayloadParse {
  let text: string;
  if (typeof payload === 'string') text = payload;
  else {
    try {
      text = utf8.decode(payload);
    } catch {
      return { outcome: 'unreadable', reason: 'the payload is not UTF-8 text', findings: [] };
    }
  }
  if (text.length > MAX_PAYLOAD_CHARS) {
    return { outcome: 'unreadable', reason: `the payload is longer than ${MAX_PAYLOAD_CHARS} characters`, findings: [] };
  }
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length === 0) return { outcome: 'unreadable', reason: 'the payload is empty', findings: [] };
  if (looksLikeOcrRecord(lines[0]!)) return parseOcrRecord(lines);

  // An MRZ holds only A-Z, 0-9 and `<`; OCR engines sometimes hand over full-width forms.
  const mrzLines = lines.map((line) => toHalfWidth(line).replace(/\s+/g, ''));
  const format = detectMrzFormat(mrzLines);
  if (!format) {
    return {
      outcome: 'unreadable',
      reason: `not an MRZ (${mrzLines.length} lines of ${mrzLines.map((l) => l.length).join('/')} characters) and not a JPID record`,
      findings: [],
    };
  }
  return parseMrz(format, mrzLines, options.todayIso);
}

/**
 * Magnetic stripe tracks per ISO/IEC 7811-2 (character encoding) and
 * ISO/IEC 7813 (track 1 and 2 layouts); see DEVICES.md, "Magnetic stripe".
 *
 * A track's characters are handled here as their codes on the stripe: the
 * data bits (6 for track 1, 4 for tracks 2 and 3) with the odd-parity bit
 * above them. Text is the ASCII form, sentinels included: track 2
 * `;4000000001=30121010000000000?`.
 *
 * Nothing in this file logs or returns track data in an error: problems are
 * closed codes (PCI DSS 3.2, sensitive authentication data).
 */

/** ISO/IEC 7811 tracks 1 to 3 (DEVICES.md, magnetic stripe). */
export type TrackNumber = 1 | 2 | 3;

export interface TrackFormat {
  track: TrackNumber;
  /** Data bits per character, parity excluded. */
  dataBits: number;
  /** ASCII of code 0. */
  asciiOffset: number;
  startSentinel: string;
  endSentinel: string;
  fieldSeparator: string;
  /** Most characters on the track, sentinels and LRC included. */
  maxCharacters: number;
}

/** ISO/IEC 7811-2 and 7813: track 1 IATA 6-bit alphanumeric, tracks 2 (ABA) and 3 4-bit numeric. */
export const TRACK_FORMATS: Record<TrackNumber, TrackFormat> = {
  1: { track: 1, dataBits: 6, asciiOffset: 0x20, startSentinel: '%', endSentinel: '?', fieldSeparator: '^', maxCharacters: 79 },
  2: { track: 2, dataBits: 4, asciiOffset: 0x30, startSentinel: ';', endSentinel: '?', fieldSeparator: '=', maxCharacters: 40 },
  3: { track: 3, dataBits: 4, asciiOffset: 0x30, startSentinel: ';', endSentinel: '?', fieldSeparator: '=', maxCharacters: 107 },
};

/** Why a track is not a good read. Same meanings as the CRT-310 track error codes, plus our own checks. */
export type TrackProblem =
  | 'blank'
  | 'unreadable'
  | 'noStartSentinel'
  | 'noEndSentinel'
  | 'parity'
  | 'lrc'
  | 'tooLong'
  | 'badCharacter'
  /** Sentinels, parity and LRC are fine, but the ISO/IEC 7813 field layout is not. */
  | 'badFormat';

export type TrackCheck = { ok: true; text: string } | { ok: false; problem: TrackProblem };

function oddParityBit(value: number, dataBits: number): number {
  let ones = 0;
  for (let i = 0; i < dataBits; i++) ones += (value >> i) & 1;
  return ones % 2 === 0 ? 1 << dataBits : 0;
}

/** Adds the odd-parity bit above the data bits. */
export function withParity(dataValue: number, track: TrackNumber): number {
  const { dataBits } = TRACK_FORMATS[track];
  return dataValue | oddParityBit(dataValue, dataBits);
}

function hasOddParity(code: number, dataBits: number): boolean {
  let ones = 0;
  for (let i = 0; i <= dataBits; i++) ones += (code >> i) & 1;
  return ones % 2 === 1;
}

/** The code (data bits only) of an ASCII character, or undefined when the track's character set lacks it. */
export function characterValue(track: TrackNumber, character: string): number | undefined {
  const { dataBits, asciiOffset } = TRACK_FORMATS[track];
  const value = character.charCodeAt(0) - asciiOffset;
  return character.length === 1 && value >= 0 && value < 1 << dataBits ? value : undefined;
}

/**
 * LRC data bits: XOR of the data bits of every character from start sentinel
 * to end sentinel inclusive (DEVICES.md, "LRC"; `;0?` gives 4).
 */
export function lrcOf(track: TrackNumber, text: string): number {
  let lrc = 0;
  for (const character of text) {
    const value = characterValue(track, character);
    if (value === undefined) throw new RangeError(`character not in the track ${track} set`);
    lrc ^= value;
  }
  return lrc;
}

/**
 * Checks the ASCII form as a reader delivers it: sentinels in place, only
 * characters of the track's set, length within the track's limit.
 */
export function checkTrackText(track: TrackNumber, text: string): TrackCheck {
  const format = TRACK_FORMATS[track];
  if (text.length === 0) return { ok: false, problem: 'blank' };
  if (!text.startsWith(format.startSentinel)) return { ok: false, problem: 'noStartSentinel' };
  const end = text.indexOf(format.endSentinel, 1);
  if (end !== text.length - 1) return { ok: false, problem: 'noEndSentinel' };
  // +1 for the LRC character that follows the end sentinel on the stripe.
  if (text.length + 1 > format.maxCharacters) return { ok: false, problem: 'tooLong' };
  for (const character of text) {
    if (characterValue(track, character) === undefined) return { ok: false, problem: 'badCharacter' };
  }
  return { ok: true, text };
}

/** Faults the simulator can write onto a stripe (binary mode shows them raw). */
export type StripeFault = 'noStartSentinel' | 'noEndSentinel' | 'parity' | 'lrc';

/**
 * The stripe's character codes for a track's text: leading zeros, the
 * characters with parity, the LRC with its own odd parity (DEVICES.md, "LRC"),
 * and optionally one deliberate fault.
 */
export function encodeTrackCharacters(track: TrackNumber, text: string, fault?: StripeFault): number[] {
  const checked = checkTrackText(track, text);
  if (!checked.ok) throw new RangeError(`track ${track} text is not encodable: ${checked.problem}`);
  const values = Array.from(text, (c) => characterValue(track, c)!);
  let lrc = lrcOf(track, text);
  if (fault === 'noStartSentinel') values[0] = characterValue(track, '0')!;
  if (fault === 'noEndSentinel') values[values.length - 1] = characterValue(track, '0')!;
  if (fault === 'lrc') lrc ^= 1;
  const codes = values.map((v) => withParity(v, track));
  if (fault === 'parity' && codes.length > 2) codes[1]! ^= 1 << TRACK_FORMATS[track].dataBits;
  return [0, 0, ...codes, withParity(lrc, track), 0];
}

/**
 * Decodes stripe character codes (binary mode): skips leading zeros, then
 * checks start sentinel, parity (VRC) of each character, end sentinel, and the
 * LRC character and its parity. Anything after the LRC is ignored, as the
 * clocking zeros that trail a real track.
 */
export function decodeTrackCharacters(track: TrackNumber, codes: ArrayLike<number>): TrackCheck {
  const format = TRACK_FORMATS[track];
  const mask = (1 << (format.dataBits + 1)) - 1;
  const dataMask = (1 << format.dataBits) - 1;
  let i = 0;
  while (i < codes.length && (codes[i]! & mask) === 0) i++;
  if (i === codes.length) return { ok: false, problem: 'blank' };
  const start = i;
  const startValue = characterValue(track, format.startSentinel)!;
  const endValue = characterValue(track, format.endSentinel)!;
  let text = '';
  let lrc = 0;
  for (; i < codes.length; i++) {
    const code = codes[i]! & mask;
    // A character with no one-bits is the trailing clocking zeros: the data ended without an end sentinel.
    if (code === 0) break;
    if (!hasOddParity(code, format.dataBits)) return { ok: false, problem: 'parity' };
    const value = code & dataMask;
    if (i === start && value !== startValue) return { ok: false, problem: 'noStartSentinel' };
    text += String.fromCharCode(value + format.asciiOffset);
    lrc ^= value;
    if (i - start + 2 > format.maxCharacters) return { ok: false, problem: 'tooLong' };
    if (value === endValue && i > start) break;
  }
  if (i >= codes.length || (codes[i]! & mask) === 0) return { ok: false, problem: 'noEndSentinel' };
  const lrcCode = codes[i + 1];
  if (lrcCode === undefined) return { ok: false, problem: 'lrc' };
  const lrcMasked = lrcCode & mask;
  if (!hasOddParity(lrcMasked, format.dataBits) || (lrcMasked & dataMask) !== lrc) return { ok: false, problem: 'lrc' };
  return { ok: true, text };
}

/** Year and month as on the stripe (YYMM); the century is the reader's business. */
export interface StripeExpiry {
  /** Two-digit year, 0..99. */
  yy: number;
  month: number;
}

export interface Track2Fields {
  pan: string;
  expiry: StripeExpiry;
  serviceCode: string;
}

export interface Track1Fields extends Track2Fields {
  formatCode: 'B';
}

function parseExpiry(yymm: string): StripeExpiry | undefined {
  const yy = Number(yymm.slice(0, 2));
  const month = Number(yymm.slice(2, 4));
  return month >= 1 && month <= 12 ? { yy, month } : undefined;
}

/** ISO/IEC 7813 track 2: `; PAN(≤19) = YYMM SVC(3) discretionary ?`. */
export function parseTrack2(text: string): { ok: true; fields: Track2Fields } | { ok: false; problem: TrackProblem } {
  const checked = checkTrackText(2, text);
  if (!checked.ok) return checked;
  const match = /^;(\d{1,19})=(\d{4})(\d{3})\d*\?$/.exec(text);
  const expiry = match ? parseExpiry(match[2]!) : undefined;
  if (!match || !expiry) return { ok: false, problem: 'badFormat' };
  return { ok: true, fields: { pan: match[1]!, expiry, serviceCode: match[3]! } };
}

/**
 * ISO/IEC 7813 track 1, format code B: `%B PAN ^ NAME ^ YYMM SVC discretionary ?`.
 * The name is checked for shape but not returned: nothing above the driver needs it.
 */
export function parseTrack1(text: string): { ok: true; fields: Track1Fields } | { ok: false; problem: TrackProblem } {
  const checked = checkTrackText(1, text);
  if (!checked.ok) return checked;
  const match = /^%B(\d{1,19})\^[^^?]{2,26}\^(\d{4})(\d{3})[^^?]*\?$/.exec(text);
  const expiry = match ? parseExpiry(match[2]!) : undefined;
  if (!match || !expiry) return { ok: false, problem: 'badFormat' };
  return { ok: true, fields: { formatCode: 'B', pan: match[1]!, expiry, serviceCode: match[3]! } };
}

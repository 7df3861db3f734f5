/**
 * The ESC/POS bytes this driver sends, named once (DEVICES.md, "Receipt /
 * document printer: ESC/POS"). Every command the encoder, the status
 * exchange and the simulator use is built or recognised from here, so the
 * byte values live in one place and read like the command reference.
 */

/** Serial rates an ESC/POS printer's interface offers (DEVICES.md, "Line": "serial 8N1 (9600 to 115200)"). */
export const PRINTER_BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;

export const LF = 0x0a;
export const CR = 0x0d;
export const DLE = 0x10;
export const EOT = 0x04;
export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;

/** `ESC @`: initialise (DEVICES.md: "Initialise `ESC @` (1B 40)"). */
export const INITIALISE = [ESC, 0x40] as const;

/** `FS &` kanji mode on, `FS .` kanji mode off (DEVICES.md: "Japanese models print kanji in kanji mode"). */
export const KANJI_MODE_ON = [FS, 0x26] as const;
export const KANJI_MODE_OFF = [FS, 0x2e] as const;

/** `FS C n`: the kanji code system; n = 1 is Shift_JIS (DEVICES.md), n = 0 JIS. */
export const KanjiCodeSystem = { jis: 0, shiftJis: 1 } as const;
export type KanjiCodeSystemName = keyof typeof KanjiCodeSystem;

export function selectKanjiCodeSystem(system: KanjiCodeSystemName): number[] {
  return [FS, 0x43, KanjiCodeSystem[system]];
}

/** `ESC t n`: the single-byte code page for text outside kanji mode; page 0 is PC437, whose 0x20..0x7E are ASCII. */
export const CODE_PAGE_PC437 = 0;
export function selectCodePage(page: number): number[] {
  return [ESC, 0x74, page];
}

/** `ESC E n`: emphasis (bold) on for n = 1, off for n = 0 (DEVICES.md, "Styles"). */
export function emphasis(on: boolean): number[] {
  return [ESC, 0x45, on ? 1 : 0];
}

/** `ESC a n`: 0 left, 1 centre, 2 right (DEVICES.md, "Styles"). */
export const Alignment = { left: 0, center: 1, right: 2 } as const;
export type AlignmentName = keyof typeof Alignment;
export function align(alignment: AlignmentName): number[] {
  return [ESC, 0x61, Alignment[alignment]];
}

/**
 * `GS ! n`: character size; the high nibble is the width multiplier - 1,
 * the low nibble the height multiplier - 1 (DEVICES.md, "Styles"; it applies
 * to kanji as well as to single-byte characters).
 */
export function characterSize(width: number, height: number): number[] {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && width <= 8 && height >= 1 && height <= 8)) {
    throw new RangeError('character size multipliers are whole numbers from 1 to 8');
  }
  return [GS, 0x21, ((width - 1) << 4) | (height - 1)];
}

/**
 * `ESC M n`: character font, 0 = font A, 1 = font B (the smaller one).
 * Not in DEVICES.md's list but part of the same ESC/POS command set; on
 * Japanese models it selects the single-byte font only, so kanji keep their
 * size (docs/printer.md, "Styles").
 */
export function characterFont(font: 'A' | 'B'): number[] {
  return [ESC, 0x4d, font === 'A' ? 0 : 1];
}

/** `ESC d n`: print what is buffered and feed n lines (DEVICES.md, "feed `ESC d n`"). */
export function feedLines(lines: number): number[] {
  if (!(Number.isInteger(lines) && lines >= 0 && lines <= 255)) throw new RangeError('feed lines must be 0..255');
  return [ESC, 0x64, lines];
}

/**
 * `GS V m`: cut, m = 0 full, 1 partial; `GS V 65 n` / `GS V 66 n` feed by
 * n motion units past the cutting position, then cut full / partial
 * (DEVICES.md, "cut `GS V m`").
 */
export type CutKind = 'full' | 'partial';
export const CUT_FULL = 0;
export const CUT_PARTIAL = 1;
export const CUT_FEED_FULL = 65;
export const CUT_FEED_PARTIAL = 66;
export function cut(kind: CutKind): number[] {
  return [GS, 0x56, kind === 'full' ? CUT_FULL : CUT_PARTIAL];
}

/**
 * `DLE EOT n` (10 04 n): real-time status, answered at once with one byte
 * (DEVICES.md): n = 1 printer, 2 offline cause, 3 error cause, 4 roll paper
 * sensor.
 */
export const STATUS_KINDS = [1, 2, 3, 4] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];
export function statusRequest(kind: StatusKind): number[] {
  return [DLE, EOT, kind];
}

/**
 * The printer's side of the byte stream: ESC/POS commands, text and kanji
 * back into tokens (DEVICES.md, "Receipt / document printer: ESC/POS").
 * The simulator uses it to act on what the driver sends; tests use it to read
 * encoder output as a printer would.
 *
 * It knows the commands the driver uses (and `DLE EOT n` anywhere between
 * commands) and the text grammar of kanji mode: with `FS C 1` two-byte
 * Shift_JIS codes, with `FS C 0` two-byte JIS codes, single bytes otherwise.
 * Anything else is garbage, counted and skipped, never thrown:
 *   - a control byte that starts no known command: one byte;
 *   - ESC, GS or FS followed by an unknown byte: those two bytes;
 *   - a known command with a parameter out of range: the whole command;
 *   - a byte that is no character in the current mode, or a kanji lead byte
 *     without a valid second byte: one byte (`unprintable` / `badKanji`;
 *     a printer would print some glyph there, the simulator prints U+FFFD).
 * At most 3 bytes are held back waiting for the rest of a command.
 */
import {
  CR, DLE, EOT, ESC, FS, GS, LF, CUT_FEED_FULL, CUT_FEED_PARTIAL, CUT_FULL, CUT_PARTIAL,
  type AlignmentName, type CutKind, type KanjiCodeSystemName, type StatusKind,
} from '../escpos-bytes';
import { decodeHalfWidthKatakana, decodeJisPair, decodeShiftJisPair, isShiftJisLead } from '../shift-jis';

export type GarbageReason = 'controlByte' | 'unknownCommand' | 'badParameter' | 'unprintable' | 'badKanji' | 'truncated';

export type EscPosToken =
  | { kind: 'initialise' }
  | { kind: 'codePage'; page: number }
  | { kind: 'kanjiCodeSystem'; system: KanjiCodeSystemName }
  | { kind: 'kanjiMode'; on: boolean }
  | { kind: 'emphasis'; on: boolean }
  | { kind: 'align'; align: AlignmentName }
  | { kind: 'size'; width: number; height: number }
  | { kind: 'font'; font: 'A' | 'B' }
  | { kind: 'lineFeed' }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; cut: CutKind }
  | { kind: 'statusRequest'; request: StatusKind }
  | { kind: 'text'; text: string }
  | { kind: 'garbage'; reason: GarbageReason; bytes: number };

export interface DecoderSettings {
  /** Kanji mode right after `ESC @`. */
  kanjiModeAtInitialise: boolean;
  /** Kanji code system right after `ESC @`. */
  kanjiCodeSystemAtInitialise: KanjiCodeSystemName;
}

const CODE_PAGE_KATAKANA = 1;

/** A step's outcome: tokens and bytes consumed, or wait for more bytes. */
type Step = { consumed: number; token?: EscPosToken } | 'needMore';

export class EscPosStreamDecoder {
  readonly #settings: DecoderSettings;
  #pending: Buffer = Buffer.alloc(0);
  #kanjiMode: boolean;
  #codeSystem: KanjiCodeSystemName;
  #codePage = 0;

  constructor(settings: Partial<DecoderSettings> = {}) {
    this.#settings = {
      kanjiModeAtInitialise: settings.kanjiModeAtInitialise ?? true,
      kanjiCodeSystemAtInitialise: settings.kanjiCodeSystemAtInitialise ?? 'jis',
    };
    this.#kanjiMode = this.#settings.kanjiModeAtInitialise;
    this.#codeSystem = this.#settings.kanjiCodeSystemAtInitialise;
  }

  get kanjiMode(): boolean {
    return this.#kanjiMode;
  }

  get kanjiCodeSystem(): KanjiCodeSystemName {
    return this.#codeSystem;
  }

  get codePage(): number {
    return this.#codePage;
  }

  /** Bytes held back for the rest of a command or kanji code (at most 3). */
  get bufferedBytes(): number {
    return this.#pending.length;
  }

  push(chunk: Uint8Array, emit: (token: EscPosToken) => void): void {
    const data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let text = '';
    const flushText = () => {
      if (text.length > 0) emit({ kind: 'text', text });
      text = '';
    };
    let i = 0;
    while (i < data.length) {
      const step = this.#step(data, i);
      if (step === 'needMore') break;
      i += step.consumed;
      const token = step.token;
      if (!token) continue;
      if (token.kind === 'text') {
        text += token.text;
        continue;
      }
      flushText();
      this.#apply(token);
      emit(token);
    }
    flushText();
    this.#pending = i < data.length ? Buffer.from(data.subarray(i)) : Buffer.alloc(0);
  }

  /** The stream ended (or the link was reset): a held-back partial command is garbage. */
  flush(emit: (token: EscPosToken) => void): void {
    if (this.#pending.length > 0) emit({ kind: 'garbage', reason: 'truncated', bytes: this.#pending.length });
    this.#pending = Buffer.alloc(0);
  }

  #apply(token: EscPosToken): void {
    switch (token.kind) {
      case 'initialise':
        this.#kanjiMode = this.#settings.kanjiModeAtInitialise;
        this.#codeSystem = this.#settings.kanjiCodeSystemAtInitialise;
        this.#codePage = 0;
        return;
      case 'kanjiMode':
        this.#kanjiMode = token.on;
        return;
      case 'kanjiCodeSystem':
        this.#codeSystem = token.system;
        return;
      case 'codePage':
        this.#codePage = token.page;
        return;
      default:
        return;
    }
  }

  #step(data: Buffer, i: number): Step {
    const byte = data[i]!;
    const available = data.length - i;
    const at = (offset: number) => data[i + offset]!;
    switch (byte) {
      case DLE: {
        if (available < 2) return 'needMore';
        // DLE EOT n: the real-time status request; other DLE commands are not this printer's business.
        if (at(1) !== EOT) return { consumed: 1, token: garbage('unknownCommand', 1) };
        if (available < 3) return 'needMore';
        const n = at(2);
        return n >= 1 && n <= 4 ? { consumed: 3, token: { kind: 'statusRequest', request: n as StatusKind } } : { consumed: 3, token: garbage('badParameter', 3) };
      }
      case ESC:
        return this.#escape(data, i);
      case GS:
        return this.#groupSeparator(data, i);
      case FS:
        return this.#fileSeparator(data, i);
      case LF:
        return { consumed: 1, token: { kind: 'lineFeed' } };
      case CR:
        // Ignored on a serial printer with automatic line feed off (ESC/POS default).
        return { consumed: 1 };
      default:
        if (byte < 0x20 || byte === 0x7f) return { consumed: 1, token: garbage('controlByte', 1) };
        return this.#character(data, i);
    }
  }

  #escape(data: Buffer, i: number): Step {
    const available = data.length - i;
    if (available < 2) return 'needMore';
    const command = data[i + 1]!;
    if (command === 0x40) return { consumed: 2, token: { kind: 'initialise' } };
    if (![0x74, 0x45, 0x61, 0x64, 0x4d].includes(command)) return { consumed: 2, token: garbage('unknownCommand', 2) };
    if (available < 3) return 'needMore';
    const n = data[i + 2]!;
    switch (command) {
      case 0x74: // ESC t n
        return { consumed: 3, token: { kind: 'codePage', page: n } };
      case 0x45: // ESC E n: only the lowest bit counts
        return { consumed: 3, token: { kind: 'emphasis', on: (n & 1) === 1 } };
      case 0x61: { // ESC a n: 0/48 left, 1/49 centre, 2/50 right
        const alignment = (['left', 'center', 'right'] as const)[n >= 48 ? n - 48 : n];
        return alignment ? { consumed: 3, token: { kind: 'align', align: alignment } } : { consumed: 3, token: garbage('badParameter', 3) };
      }
      case 0x64: // ESC d n
        return { consumed: 3, token: { kind: 'feed', lines: n } };
      case 0x4d: { // ESC M n: 0/48 font A, 1/49 font B
        const font = (['A', 'B'] as const)[n >= 48 ? n - 48 : n];
        return font ? { consumed: 3, token: { kind: 'font', font } } : { consumed: 3, token: garbage('badParameter', 3) };
      }
      default:
        return { consumed: 2, token: garbage('unknownCommand', 2) };
    }
  }

  #groupSeparator(data: Buffer, i: number): Step {
    const available = data.length - i;
    if (available < 2) return 'needMore';
    const command = data[i + 1]!;
    if (command !== 0x21 && command !== 0x56) return { consumed: 2, token: garbage('unknownCommand', 2) };
    if (available < 3) return 'needMore';
    const n = data[i + 2]!;
    if (command === 0x21) {
      // GS ! n: width multiplier - 1 in the high nibble, height - 1 in the low; 1..8 each.
      const width = (n >> 4) + 1;
      const height = (n & 0x0f) + 1;
      return width <= 8 && height <= 8 ? { consumed: 3, token: { kind: 'size', width, height } } : { consumed: 3, token: garbage('badParameter', 3) };
    }
    // GS V m, or GS V m n for the feed-then-cut forms.
    if (n === CUT_FULL || n === 48) return { consumed: 3, token: { kind: 'cut', cut: 'full' } };
    if (n === CUT_PARTIAL || n === 49) return { consumed: 3, token: { kind: 'cut', cut: 'partial' } };
    if (n === CUT_FEED_FULL || n === CUT_FEED_PARTIAL) {
      if (available < 4) return 'needMore';
      return { consumed: 4, token: { kind: 'cut', cut: n === CUT_FEED_FULL ? 'full' : 'partial' } };
    }
    return { consumed: 3, token: garbage('badParameter', 3) };
  }

  #fileSeparator(data: Buffer, i: number): Step {
    const available = data.length - i;
    if (available < 2) return 'needMore';
    const command = data[i + 1]!;
    if (command === 0x26) return { consumed: 2, token: { kind: 'kanjiMode', on: true } };
    if (command === 0x2e) return { consumed: 2, token: { kind: 'kanjiMode', on: false } };
    if (command !== 0x43) return { consumed: 2, token: garbage('unknownCommand', 2) };
    if (available < 3) return 'needMore';
    const n = data[i + 2]!;
    if (n === 0 || n === 48) return { consumed: 3, token: { kind: 'kanjiCodeSystem', system: 'jis' } };
    if (n === 1 || n === 49) return { consumed: 3, token: { kind: 'kanjiCodeSystem', system: 'shiftJis' } };
    return { consumed: 3, token: garbage('badParameter', 3) };
  }

  /** A printable byte (0x20 and up, not DEL): one character, or the first of a kanji code. */
  #character(data: Buffer, i: number): Step {
    const byte = data[i]!;
    const available = data.length - i;
    if (this.#kanjiMode && this.#codeSystem === 'shiftJis' && isShiftJisLead(byte)) {
      if (available < 2) return 'needMore';
      const character = decodeShiftJisPair(byte, data[i + 1]!);
      return character === undefined ? { consumed: 1, token: garbage('badKanji', 1) } : { consumed: 2, token: { kind: 'text', text: character } };
    }
    if (this.#kanjiMode && this.#codeSystem === 'jis' && byte >= 0x21 && byte <= 0x7e) {
      if (available < 2) return 'needMore';
      const character = decodeJisPair(byte, data[i + 1]!);
      return character === undefined ? { consumed: 1, token: garbage('badKanji', 1) } : { consumed: 2, token: { kind: 'text', text: character } };
    }
    if (byte <= 0x7e) return { consumed: 1, token: { kind: 'text', text: String.fromCharCode(byte) } };
    // Single-byte katakana: Shift_JIS in kanji mode, or the katakana code page outside it.
    const katakanaPage = this.#kanjiMode ? this.#codeSystem === 'shiftJis' : this.#codePage === CODE_PAGE_KATAKANA;
    const kana = katakanaPage ? decodeHalfWidthKatakana(byte) : undefined;
    return kana === undefined ? { consumed: 1, token: garbage('unprintable', 1) } : { consumed: 1, token: { kind: 'text', text: kana } };
  }
}

function garbage(reason: GarbageReason, bytes: number): EscPosToken {
  return { kind: 'garbage', reason, bytes };
}

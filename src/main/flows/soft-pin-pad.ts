/**
 * A soft PIN pad in main, modelled on XFS PinPad (ARCHITECTURE.md, "Flows"):
 * keys arrive one by one from the on-screen keypad (or, later, an encrypting
 * PIN pad), the digits are held here in a Buffer, the renderer learns only
 * how many were typed, and the buffer is wiped once the PIN has been
 * encrypted for HQ or abandoned. The digits never become a JS string,
 * which could not be wiped (PCI PIN Security Requirement 2: clear PINs exist
 * only as long as needed).
 */
import { timingSafeEqual } from 'node:crypto';
import { PIN_LENGTH } from '../../shared/hq-api/pin-block';
import type { PinKey } from '../../shared/bridge';

export type PinPadEvent = 'digit' | 'full' | 'erased' | 'cleared' | 'enter' | 'incomplete' | 'ignored';

/** Full-width digits (U+FF10..FF19) fold to ASCII: a keyboard in Japanese input mode sends them (DOMAIN.md). */
function digitByte(key: string): number | null {
  const code = key.charCodeAt(0);
  if (key.length !== 1) return null;
  if (code >= 0x30 && code <= 0x39) return code;
  if (code >= 0xff10 && code <= 0xff19) return code - 0xff10 + 0x30;
  return null;
}

export class SoftPinPad {
  readonly #digits = Buffer.alloc(PIN_LENGTH);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  get complete(): boolean {
    return this.#count === PIN_LENGTH;
  }

  press(key: PinKey): PinPadEvent {
    if (key === 'backspace') {
      if (this.#count === 0) return 'ignored';
      this.#digits[--this.#count] = 0;
      return 'erased';
    }
    if (key === 'clear') {
      this.wipe();
      return 'cleared';
    }
    if (key === 'enter') return this.complete ? 'enter' : 'incomplete';
    const byte = digitByte(key);
    if (byte === null) return 'ignored';
    if (this.complete) return 'full';
    this.#digits[this.#count++] = byte;
    return 'digit';
  }

  /**
   * Lends a copy of the digits to `use` (which may wipe it, as the PIN-block
   * encryptor does) and wipes the copy and this pad once `use` has settled,
   * whatever it does. The pad is emptied at once, so a second key press
   * cannot reach the digits being encrypted.
   */
  async consume<T>(use: (digits: Buffer) => T | Promise<T>): Promise<T> {
    if (!this.complete) throw new Error('PIN pad: the PIN is not complete');
    const copy = Buffer.from(this.#digits);
    this.wipe();
    try {
      return await use(copy);
    } finally {
      copy.fill(0);
    }
  }

  /** Constant-time comparison of two complete entries (new PIN and its confirmation). */
  sameAs(other: SoftPinPad): boolean {
    return this.complete && other.complete && timingSafeEqual(this.#digits, other.#digits);
  }

  wipe(): void {
    this.#digits.fill(0);
    this.#count = 0;
  }
}

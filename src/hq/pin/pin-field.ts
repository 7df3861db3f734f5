/**
 * ISO 9564-1 format 4 plain-text PIN field, 16 bytes:
 * nibble 0 = control `4`, nibble 1 = PIN length (4..12), nibbles 2..15 = PIN
 * digits then fill `A`, bytes 8..15 random. Shared by HQ's decryptor; the
 * kiosk's encryptor builds the same layout (src/main/hq-client/pin-block.ts).
 */
import { PIN_FIELD_BYTES, PIN_LENGTH } from '../../shared/hq-api/pin-block';

/** The PIN digits as ASCII bytes, or null when the field is not a well-formed 4-digit format 4 field. Caller wipes the result. */
export function readPinField(field: Buffer): Buffer | null {
  if (field.length !== PIN_FIELD_BYTES) return null;
  const nibble = (i: number) => (i % 2 === 0 ? field[i >> 1]! >> 4 : field[i >> 1]! & 0x0f);
  if (nibble(0) !== 4) return null;
  const length = nibble(1);
  if (length !== PIN_LENGTH) return null;
  const digits = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    const d = nibble(2 + i);
    if (d > 9) {
      digits.fill(0);
      return null;
    }
    digits[i] = 0x30 + d;
  }
  for (let i = 2 + length; i < 16; i++) {
    if (nibble(i) !== 0x0a) {
      digits.fill(0);
      return null;
    }
  }
  return digits;
}

/**
 * The kiosk's side of the PIN transport (src/shared/hq-api/pin-block.ts).
 * Takes the PIN digits in a Buffer the caller owns and wipes it, together
 * with every intermediate secret, before returning (ARCHITECTURE.md,
 * "Flows": main holds the digits, encrypts the PIN for HQ and wipes its
 * buffer). The PIN never becomes a JS string here: strings cannot be wiped.
 */
import { createCipheriv, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import {
  PIN_BLOCK_HKDF_INFO,
  PIN_BLOCK_VERSION,
  PIN_FIELD_BYTES,
  PIN_LENGTH,
  pinBlockAdditionalData,
  type PinBlock,
  type PinBlockPurpose,
} from '../../shared/hq-api/pin-block';

export interface HqPinKey {
  publicKey: KeyObject;
  keyId: string;
}

export type PinEncryptionProblem = 'notFourDigits';

/**
 * Encrypts `pinDigits` (ASCII `0`-`9` or digit values 0-9) for HQ, bound to
 * kiosk, session and purpose. `pinDigits` is zero-filled whatever happens.
 */
export function encryptPinBlock(
  pinDigits: Uint8Array,
  binding: { kioskId: string; sessionId: string; purpose: PinBlockPurpose },
  hqKey: HqPinKey,
  now: Date = new Date(),
): { ok: true; block: PinBlock } | { ok: false; problem: PinEncryptionProblem } {
  const field = Buffer.alloc(PIN_FIELD_BYTES);
  let shared: Buffer | undefined;
  let key: Buffer | undefined;
  try {
    if (pinDigits.length !== PIN_LENGTH) return { ok: false, problem: 'notFourDigits' };
    // ISO 9564-1 format 4 plain-text PIN field: C=4, N=length, PIN digits, fill A, then 8 random bytes.
    const nibbles: number[] = [4, PIN_LENGTH];
    for (const byte of pinDigits) {
      const digit = byte >= 0x30 ? byte - 0x30 : byte;
      if (digit < 0 || digit > 9) return { ok: false, problem: 'notFourDigits' };
      nibbles.push(digit);
    }
    while (nibbles.length < 16) nibbles.push(0x0a);
    for (let i = 0; i < 8; i++) field[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
    randomBytes(8).copy(field, 8);
    nibbles.fill(0);

    const ephemeral = generateKeyPairSync('x25519');
    const ephemeralRaw = rawX25519(ephemeral.publicKey);
    shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: hqKey.publicKey });
    key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralRaw, rawX25519(hqKey.publicKey)]), PIN_BLOCK_HKDF_INFO, 32));
    const nonce = randomBytes(16).toString('base64url');
    const iv = randomBytes(12);
    const createdAt = now.getTime();
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(pinBlockAdditionalData({ ...binding, keyId: hqKey.keyId, nonce, createdAt }), 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(field), cipher.final()]);
    return {
      ok: true,
      block: {
        version: PIN_BLOCK_VERSION,
        keyId: hqKey.keyId,
        ephemeralPublicKey: ephemeralRaw.toString('base64url'),
        nonce,
        createdAt,
        iv: iv.toString('base64url'),
        ciphertext: ciphertext.toString('base64url'),
        tag: cipher.getAuthTag().toString('base64url'),
      },
    };
  } finally {
    pinDigits.fill(0);
    field.fill(0);
    shared?.fill(0);
    key?.fill(0);
  }
}

function rawX25519(publicKey: KeyObject): Buffer {
  return Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
}

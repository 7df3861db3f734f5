/**
 * PIN storage, in one of two stored forms (docs/hq.md, "PIN hashing" and
 * "PIN verification at fleet scale"):
 *
 * - `scrypt$1$...` (the default): scrypt (RFC 7914, src/hq/keys/scrypt-hash.ts)
 *   over HMAC-SHA256(pepper key, PIN), with a random salt per PIN; old costs
 *   still verify (re-hashed at the next PIN set). A 4-digit PIN has 10,000
 *   values, so no affordable hash cost stops an offline search by someone
 *   who holds both the database and the pepper; the pepper protects the
 *   PINs in a stolen database and scrypt is the second line, its cost
 *   bounded by the authentication rate HQ must sustain. N = 2^14, r = 8,
 *   p = 1 is the OWASP Password Storage Cheat Sheet's scrypt floor.
 * - `pvv$1$<key id>$<salt>$<mac>` (issue 19, design B, when HQ holds PIN
 *   verification keys): HMAC-SHA256(PVV key, label ‖ salt ‖ HMAC(pepper
 *   key, PIN)), the keyed PIN verification value of bank practice (ISO
 *   9564-1 §6), with the key apart from the database and the pepper
 *   (pin-verification-keys.ts). A search needs the database, the pepper
 *   and the PVV key; verification costs microseconds instead of a
 *   scrypt, so authentication no longer starves HQ's CPU at fleet load.
 *
 * Both forms verify whatever HQ is configured for (while it holds the
 * keys); `pinHashNeedsRestore` says whether card authentication should
 * re-store a value in the form HQ stores now, at the card's next correct PIN.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { scryptHash, scryptVerify, type ScryptCost } from '../keys/scrypt-hash';
import { pinHashGate } from './pin-hash-gate';
import type { PinVerificationKeys } from './pin-verification-keys';

export type { ScryptCost } from '../keys/scrypt-hash';

export const PIN_SCRYPT_COST: ScryptCost = { log2N: 14, r: 8, p: 1 };
/** Every PIN scrypt passes the process's admission gate (pin-hash-gate.ts): it may wait, or throw PinHashBusyError. */
const gated = (work: () => Promise<Buffer>) => pinHashGate.run(work);

/** What storing and checking a PIN needs: the pepper's PIN key and, for the keyed form, the PVV keys. */
export interface PinKeys {
  pinPepperKey: Buffer;
  /** Set: new PINs are stored as `pvv$1$...` under its current key. Null: as scrypt. */
  pinVerification: PinVerificationKeys | null;
}

const PVV_LABEL = Buffer.from('pin-verification-value/v1');
const PVV_SALT_BYTES = 16;
const STORED_PVV = /^pvv\$1\$([0-9a-f]{8})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

function peppered(pinDigits: Buffer, pinPepperKey: Buffer): Buffer {
  return createHmac('sha256', pinPepperKey).update(pinDigits).digest();
}

function pvvMac(keys: PinVerificationKeys, keyId: string, salt: Buffer, input: Buffer): Buffer | null {
  return keys.mac(keyId, Buffer.concat([PVV_LABEL, salt, input]));
}

export async function hashPin(pinDigits: Buffer, keys: PinKeys, cost: ScryptCost = PIN_SCRYPT_COST): Promise<string> {
  const input = peppered(pinDigits, keys.pinPepperKey);
  try {
    if (keys.pinVerification) {
      const salt = randomBytes(PVV_SALT_BYTES);
      const keyId = keys.pinVerification.currentKeyId;
      const mac = pvvMac(keys.pinVerification, keyId, salt, input)!;
      return ['pvv', '1', keyId, salt.toString('base64url'), mac.toString('base64url')].join('$');
    }
    return await scryptHash(input, cost, gated);
  } finally {
    input.fill(0);
  }
}

/**
 * Thrown when a stored PVV names a key this HQ does not hold (started
 * without its key file, or the key was dropped too early): HQ cannot tell
 * a right PIN from a wrong one, so the attempt must not count as wrong
 * (that would lock every card of a misconfigured HQ).
 */
export class PinKeyUnavailableError extends Error {
  constructor(readonly keyId: string) {
    super(`a stored PIN verification value names key ${keyId}, which this HQ does not hold (HQ_PVV_KEYS_FILE / --pvv-keys; docs/hq.md, "PIN verification at fleet scale")`);
  }
}

/**
 * Constant-time comparison; a malformed stored value verifies nothing. A
 * PVV under a key HQ does not hold throws PinKeyUnavailableError.
 */
export async function verifyPin(pinDigits: Buffer, stored: string, keys: PinKeys): Promise<boolean> {
  const input = peppered(pinDigits, keys.pinPepperKey);
  try {
    const pvv = STORED_PVV.exec(stored);
    if (pvv) {
      const keyId = pvv[1]!;
      const actual = keys.pinVerification ? pvvMac(keys.pinVerification, keyId, Buffer.from(pvv[2]!, 'base64url'), input) : null;
      if (!actual) throw new PinKeyUnavailableError(keyId);
      const expected = Buffer.from(pvv[3]!, 'base64url');
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    }
    return await scryptVerify(input, stored, gated);
  } finally {
    input.fill(0);
  }
}

/**
 * Whether card authentication should re-store `stored` after a correct PIN:
 * only when HQ holds PVV keys and the value is scrypt or under an older
 * key (the move to design B, or a key rotation, completes card by card).
 * Without PVV keys a scrypt value at an older cost waits for the next PIN
 * set, as it always did (a re-hash at login would cost a second scrypt).
 */
export function pinHashNeedsRestore(stored: string, keys: PinKeys): boolean {
  return keys.pinVerification !== null && STORED_PVV.exec(stored)?.[1] !== keys.pinVerification.currentKeyId;
}

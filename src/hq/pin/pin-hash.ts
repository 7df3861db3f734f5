/**
 * PIN storage: scrypt (RFC 7914, src/hq/keys/scrypt-hash.ts) over
 * HMAC-SHA256(pepper key, PIN), with a random salt per PIN; old costs still
 * verify (re-hashed at the next PIN set).
 *
 * Why this cost (docs/hq.md, "PIN hashing"): a 4-digit PIN has 10,000
 * values, so no affordable hash cost stops an offline search by someone who
 * holds both the database and the pepper; the pepper is what protects the
 * PINs in a stolen database. scrypt is the second line, for the case where
 * the pepper leaks too, and its cost is bounded by the authentication rate
 * HQ must sustain. N = 2^14, r = 8, p = 1 (16 MiB, a few tens of ms per
 * hash on one core) is the OWASP Password Storage Cheat Sheet's scrypt
 * floor (N=2^17 is its recommendation for passwords, which have far more
 * entropy than PINs and are checked far less often than card logins).
 */
import { createHmac } from 'node:crypto';
import { scryptHash, scryptVerify, type ScryptCost } from '../keys/scrypt-hash';
import { pinHashGate } from './pin-hash-gate';

export type { ScryptCost } from '../keys/scrypt-hash';

export const PIN_SCRYPT_COST: ScryptCost = { log2N: 14, r: 8, p: 1 };
/** Every PIN hash passes the process's admission gate (pin-hash-gate.ts): it may wait, or throw PinHashBusyError. */
const gated = (work: () => Promise<Buffer>) => pinHashGate.run(work);

function peppered(pinDigits: Buffer, pinPepperKey: Buffer): Buffer {
  return createHmac('sha256', pinPepperKey).update(pinDigits).digest();
}

export async function hashPin(pinDigits: Buffer, pinPepperKey: Buffer, cost: ScryptCost = PIN_SCRYPT_COST): Promise<string> {
  const input = peppered(pinDigits, pinPepperKey);
  try {
    return await scryptHash(input, cost, gated);
  } finally {
    input.fill(0);
  }
}

/** Constant-time comparison; a malformed stored hash verifies nothing. */
export async function verifyPin(pinDigits: Buffer, stored: string, pinPepperKey: Buffer): Promise<boolean> {
  const input = peppered(pinDigits, pinPepperKey);
  try {
    return await scryptVerify(input, stored, gated);
  } finally {
    input.fill(0);
  }
}

/**
 * PIN storage: scrypt (RFC 7914) over HMAC-SHA256(pepper key, PIN), with a
 * random 16-byte salt per PIN. Stored as
 * `scrypt$1$<log2 N>$<r>$<p>$<salt b64url>$<hash b64url>` so the cost can be
 * raised later and old hashes still verify (re-hashed at the next PIN set).
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
import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { pinHashGate } from './pin-hash-gate';

export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

export const PIN_SCRYPT_COST: ScryptCost = { log2N: 14, r: 8, p: 1 };
const HASH_BYTES = 32;
const SALT_BYTES = 16;

/** Every hash passes the process's admission gate (pin-hash-gate.ts): it may wait, or throw PinHashBusyError. */
function scryptAsync(password: Buffer, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** cost.log2N, r: cost.r, p: cost.p, maxmem: 256 * 2 ** cost.log2N * cost.r + 1024 * 1024 };
  return pinHashGate.run(() => new Promise((resolve, reject) => {
    scrypt(password, salt, HASH_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  }));
}

function peppered(pinDigits: Buffer, pinPepperKey: Buffer): Buffer {
  return createHmac('sha256', pinPepperKey).update(pinDigits).digest();
}

export async function hashPin(pinDigits: Buffer, pinPepperKey: Buffer, cost: ScryptCost = PIN_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const input = peppered(pinDigits, pinPepperKey);
  try {
    const hash = await scryptAsync(input, salt, cost);
    return ['scrypt', '1', cost.log2N, cost.r, cost.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
  } finally {
    input.fill(0);
  }
}

const STORED = /^scrypt\$1\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{40,64})$/;

/** Constant-time comparison; a malformed stored hash verifies nothing. */
export async function verifyPin(pinDigits: Buffer, stored: string, pinPepperKey: Buffer): Promise<boolean> {
  const match = STORED.exec(stored);
  if (!match) return false;
  const cost = { log2N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (cost.log2N < 10 || cost.log2N > 20 || cost.r < 1 || cost.p < 1) return false;
  const expected = Buffer.from(match[5]!, 'base64url');
  const input = peppered(pinDigits, pinPepperKey);
  try {
    const actual = await scryptAsync(input, Buffer.from(match[4]!, 'base64url'), cost);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  } finally {
    input.fill(0);
  }
}

/**
 * scrypt (RFC 7914) hashes in one stored form, for PINs (src/hq/pin/pin-hash.ts,
 * peppered first) and console operators' passwords
 * (src/hq/operators/password-hash.ts): a random 16-byte salt per hash, stored as
 * `scrypt$1$<log2 N>$<r>$<p>$<salt b64url>$<hash b64url>` so the cost can be
 * raised later and old hashes still verify.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

const HASH_BYTES = 32;
const SALT_BYTES = 16;

/**
 * How a caller admits a hash to the thread pool: PIN hashes pass HQ's
 * admission gate (src/hq/pin/pin-hash-gate.ts, issue 19); the default runs it now.
 */
export type ScryptAdmission = (work: () => Promise<Buffer>) => Promise<Buffer>;
const admitNow: ScryptAdmission = (work) => work();

function scryptAsync(password: Buffer, salt: Buffer, cost: ScryptCost, admit: ScryptAdmission): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** cost.log2N, r: cost.r, p: cost.p, maxmem: 256 * 2 ** cost.log2N * cost.r + 1024 * 1024 };
  return admit(() => new Promise((resolve, reject) => {
    scrypt(password, salt, HASH_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  }));
}

export async function scryptHash(input: Buffer, cost: ScryptCost, admit: ScryptAdmission = admitNow): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(input, salt, cost, admit);
  return ['scrypt', '1', cost.log2N, cost.r, cost.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

const STORED = /^scrypt\$1\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{40,64})$/;

/** Constant-time comparison; a malformed stored hash, or one with a cost outside 2^10..2^20, verifies nothing. */
export async function scryptVerify(input: Buffer, stored: string, admit: ScryptAdmission = admitNow): Promise<boolean> {
  const match = STORED.exec(stored);
  if (!match) return false;
  const cost = { log2N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (cost.log2N < 10 || cost.log2N > 20 || cost.r < 1 || cost.p < 1) return false;
  const expected = Buffer.from(match[5]!, 'base64url');
  const actual = await scryptAsync(input, Buffer.from(match[4]!, 'base64url'), cost, admit);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPin, PinKeyUnavailableError, pinHashNeedsRestore, verifyPin } from '../../../src/hq/pin/pin-hash';
import { loadPinVerificationKeys, PinVerificationKeys, pvvKeyId, rotatePinVerificationKeys } from '../../../src/hq/pin/pin-verification-keys';

const cheap = { log2N: 10, r: 8, p: 1 };
const scryptOnly = { pinPepperKey: Buffer.alloc(32, 7), pinVerification: null };
const keyA = 'a'.repeat(64);
const keyB = 'b'.repeat(64);
const pvvKeys = (text: string) => ({ pinPepperKey: Buffer.alloc(32, 7), pinVerification: PinVerificationKeys.fromText(text, 'test') });

describe('PIN hash (scrypt over a peppered HMAC)', () => {
  it('verifies the right PIN only', async () => {
    const stored = await hashPin(Buffer.from('5820'), scryptOnly, cheap);
    expect(stored).toMatch(/^scrypt\$1\$10\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPin(Buffer.from('5820'), stored, scryptOnly)).toBe(true);
    expect(await verifyPin(Buffer.from('7392'), stored, scryptOnly)).toBe(false);
  });

  it('salts each hash and needs the pepper', async () => {
    const a = await hashPin(Buffer.from('5820'), scryptOnly, cheap);
    const b = await hashPin(Buffer.from('5820'), scryptOnly, cheap);
    expect(a).not.toBe(b);
    expect(await verifyPin(Buffer.from('5820'), a, { ...scryptOnly, pinPepperKey: Buffer.alloc(32, 8) })).toBe(false);
  });

  it('treats a malformed or absurd stored hash as no match', async () => {
    expect(await verifyPin(Buffer.from('5820'), 'plain:5820', scryptOnly)).toBe(false);
    expect(await verifyPin(Buffer.from('5820'), 'scrypt$1$30$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', scryptOnly)).toBe(false);
  });
});

describe('keyed PIN verification value (design B, docs/hq.md)', () => {
  it('stores under the current key, salted, and verifies the right PIN only', async () => {
    const keys = pvvKeys(`${keyA}\n${keyB}`);
    const a = await hashPin(Buffer.from('5820'), keys);
    const b = await hashPin(Buffer.from('5820'), keys);
    expect(a).toMatch(new RegExp(`^pvv\\$1\\$${pvvKeyId(Buffer.from(keyA, 'hex'))}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(a).not.toBe(b);
    expect(await verifyPin(Buffer.from('5820'), a, keys)).toBe(true);
    expect(await verifyPin(Buffer.from('5821'), a, keys)).toBe(false);
    expect(pinHashNeedsRestore(a, keys)).toBe(false);
  });

  it('needs the pepper and the PVV key: either one wrong verifies nothing', async () => {
    const keys = pvvKeys(keyA);
    const stored = await hashPin(Buffer.from('5820'), keys);
    expect(await verifyPin(Buffer.from('5820'), stored, { ...keys, pinPepperKey: Buffer.alloc(32, 8) })).toBe(false);
    // Without its key HQ cannot tell right from wrong: it says so rather than answer "wrong" (which would count).
    await expect(verifyPin(Buffer.from('5820'), stored, pvvKeys(keyB))).rejects.toBeInstanceOf(PinKeyUnavailableError);
    await expect(verifyPin(Buffer.from('5820'), stored, scryptOnly)).rejects.toThrow(/which this HQ does not hold/);
  });

  it('refuses a tampered value (another key id, a changed mac)', async () => {
    const keys = pvvKeys(`${keyA}\n${keyB}`);
    const stored = await hashPin(Buffer.from('5820'), keys);
    const otherId = stored.replace(pvvKeyId(Buffer.from(keyA, 'hex')), pvvKeyId(Buffer.from(keyB, 'hex')));
    expect(await verifyPin(Buffer.from('5820'), otherId, keys)).toBe(false);
    const unknownId = stored.replace(pvvKeyId(Buffer.from(keyA, 'hex')), '00000000');
    await expect(verifyPin(Buffer.from('5820'), unknownId, keys)).rejects.toBeInstanceOf(PinKeyUnavailableError);
    const lastChar = stored.at(-1) === 'A' ? 'B' : 'A';
    expect(await verifyPin(Buffer.from('5820'), stored.slice(0, -1) + lastChar, keys)).toBe(false);
  });

  it('keeps verifying values under an older key and scrypt values, and marks them for re-storing', async () => {
    const old = pvvKeys(keyB);
    const underOld = await hashPin(Buffer.from('5820'), old);
    const scrypt = await hashPin(Buffer.from('5820'), scryptOnly, cheap);
    const rotated = pvvKeys(`${keyA}\n${keyB}`);
    expect(await verifyPin(Buffer.from('5820'), underOld, rotated)).toBe(true);
    expect(pinHashNeedsRestore(underOld, rotated)).toBe(true);
    expect(await verifyPin(Buffer.from('5820'), scrypt, rotated)).toBe(true);
    expect(pinHashNeedsRestore(scrypt, rotated)).toBe(true);
    // Without PVV keys nothing is re-stored at login (a scrypt at an older cost waits for the next PIN set).
    expect(pinHashNeedsRestore(scrypt, scryptOnly)).toBe(false);
    expect(pinHashNeedsRestore(underOld, scryptOnly)).toBe(false);
  });

  it('reads keys from the environment or a file, names bad ones without their value, and refuses a file beside the pepper', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvv-'));
    expect(loadPinVerificationKeys({ env: {} })).toBeNull();
    expect(loadPinVerificationKeys({ env: { HQ_PVV_KEYS_HEX: `${keyA},${keyB}` } })?.keyIds).toHaveLength(2);
    expect(() => loadPinVerificationKeys({ env: { HQ_PVV_KEYS_HEX: 'c'.repeat(63) } })).toThrow(/HQ_PVV_KEYS_HEX: key 1 must be 64/);
    expect(() => loadPinVerificationKeys({ env: { HQ_PVV_KEYS_HEX: `${keyA},${keyA}` } })).toThrow(/same key twice/);
    expect(() => loadPinVerificationKeys({ env: { HQ_PVV_KEYS_FILE: join(dir, 'absent') } })).toThrow(/does not exist.*keys pvv-rotate/);
    const secrets = join(dir, 'secrets');
    mkdirSync(secrets);
    writeFileSync(join(secrets, 'pvv.keys'), `${keyA}\n`);
    expect(() => loadPinVerificationKeys({ file: join(secrets, 'pvv.keys'), env: {}, secretsDir: secrets })).toThrow(/beside the pepper/);
    try {
      loadPinVerificationKeys({ env: { HQ_PVV_KEYS_HEX: `${'d'.repeat(60)}zzzz` } });
    } catch (error) {
      expect((error as Error).message).not.toContain('dddd');
    }
  });

  it('rotates: a new key goes first, the old ones stay', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pvv-')), 'pvv.keys');
    const first = rotatePinVerificationKeys(file);
    expect(first.keyIds).toEqual([first.keyId]);
    const second = rotatePinVerificationKeys(file);
    expect(second.keyIds).toEqual([second.keyId, first.keyId]);
    expect(readFileSync(file, 'utf8')).toMatch(/^# PIN verification keys/);
    expect(loadPinVerificationKeys({ file, env: {} })?.currentKeyId).toBe(second.keyId);
  });
});

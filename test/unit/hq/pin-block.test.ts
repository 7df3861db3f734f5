import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateHqKeys } from '../../../src/hq/keys/hq-keys';
import { decryptPinBlock } from '../../../src/hq/pin/pin-block-decryptor';
import { readPinField } from '../../../src/hq/pin/pin-field';
import { encryptPinBlock, type HqPinKey } from '../../../src/main/hq-client/pin-block';

const keys = generateHqKeys();
const hqKey: HqPinKey = { publicKey: keys.pinPublicKey, keyId: keys.pinKeyId };
const binding = { kioskId: 'KIOSK-DEMO-01', sessionId: '3d1f6a0e-8a3b-4d6f-9a55-0c9f6b1d2e7a', purpose: 'authenticate' as const };
const now = new Date('2026-06-10T03:00:00Z');

function block(pin = '5820', b = binding, at = now) {
  const made = encryptPinBlock(Buffer.from(pin, 'latin1'), b, hqKey, at);
  if (!made.ok) throw new Error(made.problem);
  return made.block;
}

describe('PIN block (X25519 + HKDF-SHA256 + AES-256-GCM, ISO 9564 format 4 field)', () => {
  it('round-trips every 4-digit PIN', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{4}$/), (pin) => {
      const opened = decryptPinBlock(block(pin), binding, keys, now);
      expect(opened.ok && opened.pinDigits.toString('latin1')).toBe(pin);
    }), { numRuns: 50 });
  });

  it('wipes the caller\'s PIN buffer, also when it refuses it', () => {
    const digits = Buffer.from('5820', 'latin1');
    encryptPinBlock(digits, binding, hqKey, now);
    expect([...digits]).toEqual([0, 0, 0, 0]);
    const tooLong = Buffer.from('58200', 'latin1');
    expect(encryptPinBlock(tooLong, binding, hqKey, now)).toEqual({ ok: false, problem: 'notFourDigits' });
    expect([...tooLong]).toEqual([0, 0, 0, 0, 0]);
  });

  it('never shows the PIN in the block, and two blocks of one PIN differ', () => {
    const a = block('5820');
    const b = block('5820');
    expect(JSON.stringify(a)).not.toContain('5820');
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.nonce).not.toBe(b.nonce);
  });

  it.each([
    ['another kiosk', { ...binding, kioskId: 'KIOSK-OTHER-02' }],
    ['another session', { ...binding, sessionId: '00000000-0000-4000-8000-000000000000' }],
    ['another purpose', { ...binding, purpose: 'newPin' as const }],
  ])('refuses a block presented for %s', (_label, other) => {
    expect(decryptPinBlock(block(), other, keys, now)).toEqual({ ok: false, problem: 'invalid' });
  });

  it('refuses any flipped bit of ciphertext, tag, IV or nonce', () => {
    const good = block();
    for (const field of ['ciphertext', 'tag', 'iv', 'nonce', 'ephemeralPublicKey'] as const) {
      const bytes = Buffer.from(good[field], 'base64url');
      bytes[0]! ^= 0x01;
      expect(decryptPinBlock({ ...good, [field]: bytes.toString('base64url') }, binding, keys, now)).toEqual({ ok: false, problem: 'invalid' });
    }
  });

  it('refuses a block for another HQ key, and a stale one', () => {
    expect(decryptPinBlock({ ...block(), keyId: '0000000000000000' }, binding, keys, now)).toEqual({ ok: false, problem: 'unknownKey' });
    expect(decryptPinBlock(block('5820', binding, new Date(now.getTime() - 6 * 60_000)), binding, keys, now)).toEqual({ ok: false, problem: 'stale' });
  });

  it('reads only well-formed format 4 fields of 4 digits', () => {
    const field = (hex: string) => readPinField(Buffer.from(hex, 'hex'));
    expect(field('445820AAAAAAAAAA0123456789abcdef')?.toString()).toBe('5820');
    expect(field('345820AAAAAAAAAA0123456789abcdef')).toBeNull(); // control nibble 3 is not format 4
    expect(field('4558200AAAAAAAAA0123456789abcdef')).toBeNull(); // 5 digits
    expect(field('4473B1AAAAAAAAAA0123456789abcdef')).toBeNull(); // not a digit
    expect(field('445820AAAAAAAAA00123456789abcdef')).toBeNull(); // fill must be A
  });
});

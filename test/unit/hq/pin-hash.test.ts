import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../../src/hq/pin/pin-hash';

const cheap = { log2N: 10, r: 8, p: 1 };
const pepperKey = Buffer.alloc(32, 7);

describe('PIN hash (scrypt over a peppered HMAC)', () => {
  it('verifies the right PIN only', async () => {
    const stored = await hashPin(Buffer.from('5820'), pepperKey, cheap);
    expect(stored).toMatch(/^scrypt\$1\$10\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPin(Buffer.from('5820'), stored, pepperKey)).toBe(true);
    expect(await verifyPin(Buffer.from('7392'), stored, pepperKey)).toBe(false);
  });

  it('salts each hash and needs the pepper', async () => {
    const a = await hashPin(Buffer.from('5820'), pepperKey, cheap);
    const b = await hashPin(Buffer.from('5820'), pepperKey, cheap);
    expect(a).not.toBe(b);
    expect(await verifyPin(Buffer.from('5820'), a, Buffer.alloc(32, 8))).toBe(false);
  });

  it('treats a malformed or absurd stored hash as no match', async () => {
    expect(await verifyPin(Buffer.from('5820'), 'plain:5820', pepperKey)).toBe(false);
    expect(await verifyPin(Buffer.from('5820'), 'scrypt$1$30$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', pepperKey)).toBe(false);
  });
});

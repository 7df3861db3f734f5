import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalRequestString, EMPTY_BODY_SHA256 } from '../../../src/shared/hq-api/request-signing';
import { signRequest } from '../../../src/main/hq-client/request-signer';

const ORIGIN = 'https://hq.example.jp';
const parts = { origin: ORIGIN as string | null, kioskId: 'KIOSK-DEMO-01', method: 'POST', path: '/v1/card/authenticate', timestamp: '1781060400000', nonce: 'abcdefghijklmnop', bodySha256: EMPTY_BODY_SHA256 };

describe('canonical request string', () => {
  it('puts scheme, HQ\'s origin, kiosk, method, path, timestamp, nonce and body hash on their own lines (KIOSK-REQUEST-V2)', () => {
    expect(canonicalRequestString(parts)).toEqual({
      ok: true,
      value: `KIOSK-REQUEST-V2\nhttps://hq.example.jp\nKIOSK-DEMO-01\nPOST\n/v1/card/authenticate\n1781060400000\nabcdefghijklmnop\n${EMPTY_BODY_SHA256}`,
    });
    expect(EMPTY_BODY_SHA256).toBe(createHash('sha256').update(Buffer.alloc(0)).digest('hex'));
  });

  it('builds the older KIOSK-REQUEST-V1 string, without the origin, only when asked by origin null', () => {
    expect(canonicalRequestString({ ...parts, origin: null })).toEqual({
      ok: true,
      value: `KIOSK-REQUEST-V1\nKIOSK-DEMO-01\nPOST\n/v1/card/authenticate\n1781060400000\nabcdefghijklmnop\n${EMPTY_BODY_SHA256}`,
    });
  });

  it.each(['https://hq.example.jp/v1', 'hq.example.jp', 'https://hq.example.jp\nX', 'HTTPS://HQ.EXAMPLE.JP', ''])('refuses an origin that is not a plain lower-case origin (%j)', (origin) => {
    expect(canonicalRequestString({ ...parts, origin })).toEqual({ ok: false, problem: 'origin' });
  });

  it.each([
    ['kioskId', { kioskId: 'kiosk\nX' }], ['method', { method: 'post' }], ['path', { path: '/v1/a\nb' }], ['path', { path: 'v1/no-slash' }],
    ['timestamp', { timestamp: '12' }], ['nonce', { nonce: 'short' }], ['nonce', { nonce: 'has space in it!!!!' }], ['bodySha256', { bodySha256: 'ABC' }],
  ] as const)('refuses a field that could make the string ambiguous (%s)', (problem, override) => {
    expect(canonicalRequestString({ ...parts, ...override })).toEqual({ ok: false, problem });
  });

  it('signs so that the canonical string verifies with the kiosk\'s public key', () => {
    const pair = generateKeyPairSync('ed25519');
    const body = Buffer.from('{"x":1}');
    const headers = signRequest({ origin: ORIGIN, kioskId: 'KIOSK-DEMO-01', privateKey: pair.privateKey, method: 'POST', path: '/v1/x', body, now: new Date(1781060400000), nonce: 'abcdefghijklmnopqr' });
    const canonical = canonicalRequestString({ origin: ORIGIN, kioskId: 'KIOSK-DEMO-01', method: 'POST', path: '/v1/x', timestamp: '1781060400000', nonce: 'abcdefghijklmnopqr', bodySha256: createHash('sha256').update(body).digest('hex') });
    if (!canonical.ok) throw new Error('bad canonical');
    expect(verify(null, Buffer.from(canonical.value), pair.publicKey, Buffer.from(headers['x-kiosk-signature']!, 'base64'))).toBe(true);
    expect(headers['x-kiosk-timestamp']).toBe('1781060400000');
  });
});

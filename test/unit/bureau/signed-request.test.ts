import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BUREAU_REQUEST_SCHEME } from '../../../src/shared/bureau-api/request-signing';
import { canonicalRequestString, KIOSK_REQUEST_SCHEME } from '../../../src/shared/hq-api/request-signing';
import { canonicalString, EMPTY_BODY_SHA256, NONCE_PATTERN, sha256Hex, signedRequestHeaders } from '../../../src/shared/signed-request/signed-request';
import { signRequest } from '../../../src/main/hq-client/request-signer';

const NOW = new Date(1781060400000);

describe('the signed-request format shared by kiosks and lenders', () => {
  it('hashes bodies with Web Crypto exactly as node:crypto does', async () => {
    const body = new TextEncoder().encode('{"subject":{"nameKana":"サトウ ハナコ"}}');
    expect(await sha256Hex(body)).toBe(createHash('sha256').update(body).digest('hex'));
    expect(await sha256Hex(undefined)).toBe(EMPTY_BODY_SHA256);
  });

  it('signs lender requests so the bureau scheme\'s canonical string verifies with the lender\'s public key', async () => {
    const pair = generateKeyPairSync('ed25519');
    const body = new TextEncoder().encode('{"x":1}');
    const headers = await signedRequestHeaders(BUREAU_REQUEST_SCHEME, {
      callerId: 'DEMO-LENDER', method: 'POST', path: '/v1/enquiries', body, now: NOW, sign: (m) => sign(null, m, pair.privateKey),
    });
    expect(Object.keys(headers).sort()).toEqual(['x-lender-id', 'x-lender-nonce', 'x-lender-signature', 'x-lender-timestamp']);
    expect(headers['x-lender-nonce']).toMatch(NONCE_PATTERN);
    const canonical = canonicalString(BUREAU_REQUEST_SCHEME, {
      callerId: 'DEMO-LENDER', method: 'POST', path: '/v1/enquiries', timestamp: '1781060400000', nonce: headers['x-lender-nonce']!, bodySha256: createHash('sha256').update(body).digest('hex'),
    });
    if (!canonical.ok) throw new Error('bad canonical string');
    expect(canonical.value.split('\n')[0]).toBe('BUREAU-REQUEST-V1');
    expect(verify(null, Buffer.from(canonical.value), pair.publicKey, Buffer.from(headers['x-lender-signature']!, 'base64'))).toBe(true);
  });

  it('makes a kiosk\'s signature useless at the bureau and a lender\'s useless at HQ (different tags)', async () => {
    const pair = generateKeyPairSync('ed25519');
    const parts = { callerId: 'DEMO-LENDER', method: 'POST', path: '/v1/x', timestamp: '1781060400000', nonce: 'abcdefghijklmnopqr', bodySha256: EMPTY_BODY_SHA256 };
    const kiosk = canonicalString(KIOSK_REQUEST_SCHEME, { ...parts, origin: 'http://127.0.0.1:8470' });
    const lender = canonicalString(BUREAU_REQUEST_SCHEME, parts);
    if (!kiosk.ok || !lender.ok) throw new Error('bad canonical string');
    const kioskSignature = sign(null, Buffer.from(kiosk.value), pair.privateKey);
    expect(verify(null, Buffer.from(lender.value), pair.publicKey, kioskSignature)).toBe(false);
  });

  it('keeps the kiosk format byte for byte: the generic headers verify where the kiosk signer\'s do', async () => {
    const pair = generateKeyPairSync('ed25519');
    const body = Buffer.from('{"sessionId":"x"}');
    const nonce = 'abcdefghijklmnopqr';
    const origin = 'https://hq.example.jp';
    const generic = await signedRequestHeaders(KIOSK_REQUEST_SCHEME, { origin, callerId: 'KIOSK-DEMO-01', method: 'POST', path: '/v1/x', body, now: NOW, nonce, sign: (m) => sign(null, m, pair.privateKey) });
    const kiosk = signRequest({ origin, kioskId: 'KIOSK-DEMO-01', privateKey: pair.privateKey, method: 'POST', path: '/v1/x', body, now: NOW, nonce });
    // Ed25519 is deterministic: the same string signed with the same key gives the same signature.
    expect(generic).toEqual(kiosk);
    const canonical = canonicalRequestString({ origin, kioskId: 'KIOSK-DEMO-01', method: 'POST', path: '/v1/x', timestamp: '1781060400000', nonce, bodySha256: createHash('sha256').update(body).digest('hex') });
    expect(canonical.ok && canonical.value.startsWith('KIOSK-REQUEST-V2\nhttps://hq.example.jp\nKIOSK-DEMO-01\n')).toBe(true);
  });

  it('never names an origin in a scheme that does not (the bureau\'s string is unchanged by KIOSK-REQUEST-V2)', () => {
    const parts = { callerId: 'DEMO-LENDER', method: 'POST', path: '/v1/x', timestamp: '1781060400000', nonce: 'abcdefghijklmnopqr', bodySha256: EMPTY_BODY_SHA256 };
    expect(canonicalString(BUREAU_REQUEST_SCHEME, { ...parts, origin: 'https://hq.example.jp' })).toEqual({ ok: false, problem: 'origin' });
    expect(canonicalString(KIOSK_REQUEST_SCHEME, parts)).toEqual({ ok: false, problem: 'origin' });
  });

  it('refuses to sign a caller id the scheme does not allow', async () => {
    const pair = generateKeyPairSync('ed25519');
    await expect(signedRequestHeaders(BUREAU_REQUEST_SCHEME, { callerId: 'demo\nlender', method: 'POST', path: '/v1/x', body: undefined, now: NOW, sign: (m) => sign(null, m, pair.privateKey) }))
      .rejects.toThrow(/callerId/);
  });
});

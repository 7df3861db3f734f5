/**
 * The HQ link authenticated both ways, HQ's side (issue 15): every answer to
 * a kiosk route is signed with HQ's receipt key over the request's nonce,
 * the status and the body (src/hq/auth/answer-signing.ts); a request must
 * name HQ's origin (KIOSK-REQUEST-V2), and the older KIOSK-REQUEST-V1 is
 * accepted only until HQ_ACCEPT_V1_UNTIL, then refused exactly as a bad
 * signature. Real HQ on loopback over real HTTP, PGlite and PostgreSQL.
 */
import { createHash, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSigningString } from '../../../src/shared/hq-api/answer-signing';
import { signRequest } from '../../../src/main/hq-client/request-signer';
import { startHarness, STORES, WEDNESDAY_NOON_TOKYO, type HqHarness } from './hq-harness';

const CALENDAR = '/v1/calendar';
const SUNSET = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 60 * 60 * 1000);

interface Answer { status: number; text: string; bytes: Buffer; headers: Record<string, string> }

async function get(hq: HqHarness, o: { origin: string | null; key?: KeyObject; baseUrl?: string; nonce?: string; noAuth?: boolean }): Promise<Answer & { nonce: string }> {
  const headers = o.noAuth ? {} : signRequest({
    origin: o.origin, kioskId: hq.kioskId, privateKey: o.key ?? hq.kioskKey, method: 'GET', path: CALENDAR, body: undefined, now: hq.clock.now, ...(o.nonce ? { nonce: o.nonce } : {}),
  });
  const response = await fetch((o.baseUrl ?? hq.url) + CALENDAR, { headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status, text: bytes.toString('utf8'), bytes, nonce: headers['x-kiosk-nonce'] ?? '',
    headers: Object.fromEntries([...response.headers].filter(([name]) => name !== 'date')),
  };
}

function answerVerifies(hq: HqHarness, answer: Answer & { nonce: string }): boolean {
  const text = answerSigningString({
    kioskId: hq.kioskId, method: 'GET', path: CALENDAR, nonce: answer.nonce, status: answer.status, bodySha256: createHash('sha256').update(answer.bytes).digest('hex'),
  });
  const signature = answer.headers['x-hq-signature'];
  return text.ok && signature !== undefined && verify(null, Buffer.from(text.value), hq.secrets.keys.receiptPublicKey, Buffer.from(signature, 'base64'));
}

/** The refusal as a stranger could compare it: body and headers, less the per-request signature. */
// The signature (over each request's own nonce) and the request id (a UUID per request, issue 19) differ; nothing else may.
const comparable = (answer: Answer) => ({ status: answer.status, text: answer.text, headers: { ...answer.headers, 'x-hq-signature': undefined, 'x-request-id': undefined } });

describe.each(STORES)('HQ answer signatures and signing versions on %s', (kind) => {
  let hq: HqHarness;
  beforeAll(async () => { hq = await startHarness(kind, { acceptV1Until: SUNSET }); });
  afterAll(async () => { await hq?.close(); });

  it('signs a 200 and a refusal with the receipt key over kiosk, method, path, nonce, status and body bytes', async () => {
    const ok = await get(hq, { origin: hq.url });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-hq-key-id']).toBe(hq.secrets.keys.receiptKeyId);
    expect(answerVerifies(hq, ok)).toBe(true);
    // The same signature does not verify for another nonce or status: it is bound to this request and this answer.
    expect(answerVerifies(hq, { ...ok, nonce: 'another-nonce-0123456789' })).toBe(false);
    expect(answerVerifies(hq, { ...ok, status: 201 })).toBe(false);
    expect(answerVerifies(hq, { ...ok, bytes: Buffer.concat([ok.bytes, Buffer.from(' ')]) })).toBe(false);

    const refused = await get(hq, { origin: hq.url, key: generateKeyPairSync('ed25519').privateKey });
    expect(refused.status).toBe(401);
    expect(answerVerifies(hq, refused)).toBe(true);
  });

  it('leaves unsigned an answer to a request that names no kiosk and nonce (nothing to bind it to)', async () => {
    const answer = await get(hq, { origin: hq.url, noAuth: true });
    expect(answer.status).toBe(401);
    expect(answer.headers['x-hq-signature']).toBeUndefined();
  });

  it('refuses a request signed for another origin exactly as a bad signature, and records no nonce', async () => {
    const nonces = async () => (await hq.db.query<{ n: number }>('SELECT count(*)::int AS n FROM kiosk_request_nonces')).rows[0]!.n;
    const before = await nonces();
    const otherOrigin = await get(hq, { origin: 'https://other-hq.example.jp' });
    const badSignature = await get(hq, { origin: hq.url, key: generateKeyPairSync('ed25519').privateKey });
    expect(otherOrigin.status).toBe(401);
    expect(comparable(otherOrigin)).toEqual(comparable(badSignature));
    expect(await nonces()).toBe(before);
  });

  it('takes the loopback origin the kiosk used: localhost works as well as 127.0.0.1', async () => {
    const port = new URL(hq.url).port;
    const answer = await get(hq, { origin: `http://localhost:${port}`, baseUrl: `http://localhost:${port}` });
    expect(answer.status).toBe(200);
    // ...but a request sent to 127.0.0.1 and signed for localhost named another origin than the one it reached.
    expect((await get(hq, { origin: `http://localhost:${port}` })).status).toBe(401);
  });

  it('accepts KIOSK-REQUEST-V1 until HQ_ACCEPT_V1_UNTIL, then refuses it exactly as a bad signature', async () => {
    try {
      expect((await get(hq, { origin: null })).status).toBe(200);
      hq.clock.now = SUNSET;
      const v1 = await get(hq, { origin: null });
      const badSignature = await get(hq, { origin: hq.url, key: generateKeyPairSync('ed25519').privateKey });
      expect(v1.status).toBe(401);
      expect(comparable(v1)).toEqual(comparable(badSignature));
      // The log tells HQ's operators why, without telling the kiosk.
      expect(hq.logLines.join('')).toContain('KIOSK-REQUEST-V1 after its sunset');
      expect((await get(hq, { origin: hq.url })).status).toBe(200);
    } finally {
      hq.clock.now = WEDNESDAY_NOON_TOKYO;
    }
  });
});

describe('HQ with HQ_PUBLIC_ORIGIN and no V1 window (PGlite)', () => {
  let hq: HqHarness;
  beforeAll(async () => { hq = await startHarness('pglite', { publicOrigin: 'https://hq.example.jp' }); });
  afterAll(async () => { await hq?.close(); });

  it('verifies only requests naming the configured origin, wherever they arrive', async () => {
    expect((await get(hq, { origin: 'https://hq.example.jp' })).status).toBe(200);
    expect((await get(hq, { origin: hq.url })).status).toBe(401);
  });

  it('refuses KIOSK-REQUEST-V1 when HQ_ACCEPT_V1_UNTIL is not set', async () => {
    const v1 = await get(hq, { origin: null });
    expect(v1.status).toBe(401);
    expect(JSON.parse(v1.text)).toMatchObject({ code: 'authenticationFailed' });
  });
});

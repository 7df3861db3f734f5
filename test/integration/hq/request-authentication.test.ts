/**
 * Hostile and broken requests (issue 5: "signature, replay and malformed-
 * request tests, each refused with a clear error and no state change").
 * Each request here carries a PIN block and a real card, so "no state
 * change" is checked where it matters: the wrong-PIN counter, the operation
 * log, the session table and both replay-guard tables.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../../src/main/hq-client/request-signer';
import { encryptPinBlock } from '../../../src/main/hq-client/pin-block';
import { setKioskEnabled } from '../../../src/hq/accounts/account-admin';
import { HQ_ROUTES } from '../../../src/shared/hq-api/routes';
import { newSessionId, pinBuffer, startHarness, STORES, type HqHarness, type TestCard } from './hq-harness';

describe.each(STORES)('kiosk request authentication on %s', (kind) => {
  let hq: HqHarness;
  let card: TestCard;
  beforeAll(async () => {
    hq = await startHarness(kind);
    card = await hq.newCustomerCard();
  });
  afterAll(async () => { await hq?.close(); });

  /** A wrong-PIN authentication body: if HQ acted on it, the counter would move. */
  async function wrongPinBody(sessionId = newSessionId()) {
    const key = await hq.client.pinEncryptionKey();
    if (!key.ok) throw new Error('no HQ key');
    const made = encryptPinBlock(pinBuffer('0007'), { kioskId: hq.kioskId, sessionId, purpose: 'authenticate' }, key.value, hq.clock.now);
    if (!made.ok) throw new Error('no block');
    return { sessionId, cardNumber: card.cardNumber, pinBlock: made.block };
  }

  async function snapshot() {
    const one = async (sql: string) => (await hq.db.query<{ n: number }>(sql)).rows[0]!.n;
    return {
      counter: (await hq.db.query<{ f: number }>('SELECT failed_pin_attempts AS f FROM cards WHERE card_id = $1', [card.cardId])).rows[0]!.f,
      operations: await one('SELECT count(*)::int AS n FROM operation_log'),
      sessions: await one('SELECT count(*)::int AS n FROM sessions'),
      requestNonces: await one('SELECT count(*)::int AS n FROM kiosk_request_nonces'),
      pinNonces: await one('SELECT count(*)::int AS n FROM pin_block_nonces'),
    };
  }

  async function send(init: { body?: string | Buffer; headers?: Record<string, string>; path?: string; method?: string }) {
    const response = await fetch(hq.url + (init.path ?? '/v1/card/authenticate'), {
      method: init.method ?? 'POST', headers: init.headers ?? {}, ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) }),
    });
    return { status: response.status, body: await response.json() as { code: string; message: string } };
  }

  function signed(bytes: Buffer | undefined, overrides: { kioskId?: string; key?: import('node:crypto').KeyObject; now?: Date; nonce?: string; path?: string; method?: string } = {}) {
    return {
      'content-type': 'application/json',
      ...signRequest({
        kioskId: overrides.kioskId ?? hq.kioskId, privateKey: overrides.key ?? hq.kioskKey, method: overrides.method ?? 'POST',
        path: overrides.path ?? '/v1/card/authenticate', body: bytes, now: overrides.now ?? hq.clock.now, ...(overrides.nonce ? { nonce: overrides.nonce } : {}),
      }),
    };
  }

  async function expectRefusedWithoutChange(request: () => Promise<{ status: number; body: { code: string; message: string } }>, status: number, code: string) {
    const before = await snapshot();
    const result = await request();
    expect(result.status).toBe(status);
    expect(result.body.code).toBe(code);
    expect(result.body.message.length).toBeGreaterThan(10);
    expect(await snapshot()).toEqual(before);
  }

  it('accepts a correctly signed request (the control for every refusal below)', async () => {
    const bytes = Buffer.from(JSON.stringify(await wrongPinBody()));
    const result = await send({ body: bytes, headers: signed(bytes) });
    expect(result).toEqual({ status: 200, body: { outcome: 'wrongPin' } });
    await hq.db.query('UPDATE cards SET failed_pin_attempts = 0 WHERE card_id = $1', [card.cardId]);
  });

  it('refuses a request without the signature headers', async () => {
    const bytes = Buffer.from(JSON.stringify(await wrongPinBody()));
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: { 'content-type': 'application/json' } }), 401, 'missingAuthentication');
  });

  it('refuses malformed signature headers', async () => {
    const bytes = Buffer.from(JSON.stringify(await wrongPinBody()));
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: { ...signed(bytes), 'x-kiosk-timestamp': 'yesterday' } }), 401, 'malformedAuthentication');
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: { ...signed(bytes), 'x-kiosk-signature': 'not base64!' } }), 401, 'malformedAuthentication');
  });

  it('refuses a timestamp more than five minutes from HQ\'s clock, either way', async () => {
    const bytes = Buffer.from(JSON.stringify(await wrongPinBody()));
    const late = new Date(hq.clock.now.getTime() - 5 * 60_000 - 1000);
    const early = new Date(hq.clock.now.getTime() + 5 * 60_000 + 1000);
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: signed(bytes, { now: late }) }), 401, 'staleTimestamp');
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: signed(bytes, { now: early }) }), 401, 'staleTimestamp');
  });

  it('refuses a replayed request (same nonce), even with a fresh body', async () => {
    const nonce = 'replay-nonce-0123456789';
    const first = Buffer.from(JSON.stringify(await wrongPinBody()));
    expect((await send({ body: first, headers: signed(first, { nonce }) })).status).toBe(200);
    await hq.db.query('UPDATE cards SET failed_pin_attempts = 0 WHERE card_id = $1', [card.cardId]);
    await expectRefusedWithoutChange(() => send({ body: first, headers: signed(first, { nonce }) }), 401, 'replayedNonce');
    const second = Buffer.from(JSON.stringify(await wrongPinBody()));
    await expectRefusedWithoutChange(() => send({ body: second, headers: signed(second, { nonce }) }), 401, 'replayedNonce');
  });

  it('refuses an unknown kiosk and a disabled one', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const bytes = Buffer.from(JSON.stringify(await wrongPinBody()));
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: signed(bytes, { kioskId: 'KIOSK-NOBODY', key: stranger }) }), 401, 'unknownKiosk');
    const disabled = await hq.enrollKiosk();
    await setKioskEnabled(hq.db, disabled.kioskId, false);
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: signed(bytes, { kioskId: disabled.kioskId, key: disabled.key }) }), 401, 'kioskDisabled');
  });

  it('refuses a bad signature: wrong key, tampered body, other path or method', async () => {
    const bytes = Buffer.from(JSON.stringify(await wrongPinBody()));
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: signed(bytes, { key: otherKey }) }), 401, 'badSignature');
    const tampered = Buffer.from(bytes.toString().replace(card.cardNumber, card.cardNumber.slice(0, -1) + ((Number(card.cardNumber.slice(-1)) + 1) % 10)));
    await expectRefusedWithoutChange(() => send({ body: tampered, headers: signed(bytes) }), 401, 'badSignature');
    // Same JSON re-serialised with other whitespace: a different byte string, so a different hash.
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(bytes.toString()), null, 1));
    await expectRefusedWithoutChange(() => send({ body: reformatted, headers: signed(bytes) }), 401, 'badSignature');
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: signed(bytes, { path: '/v1/card/identify' }) }), 401, 'badSignature');
  });

  it('refuses a signed body that is not JSON, after authenticating it', async () => {
    const garbage = Buffer.from('{"sessionId": "x", ');
    const before = await snapshot();
    const result = await send({ body: garbage, headers: signed(garbage) });
    expect(result).toMatchObject({ status: 400, body: { code: 'malformedRequest' } });
    // The request was authentic, so its nonce is used up; nothing else moved.
    expect(await snapshot()).toEqual({ ...before, requestNonces: before.requestNonces + 1 });
  });

  it('refuses a body that does not match the schema, naming the field but not its value', async () => {
    const body = { ...(await wrongPinBody()), cardNumber: '4000-0000-01' };
    const bytes = Buffer.from(JSON.stringify(body));
    const result = await send({ body: bytes, headers: signed(bytes) });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('malformedRequest');
    expect(result.body.message).toContain('cardNumber');
    expect(result.body.message).not.toContain('4000-0000-01');
    const extra = Buffer.from(JSON.stringify({ ...(await wrongPinBody()), pin: '1234' }));
    const r2 = await send({ body: extra, headers: signed(extra) });
    expect(r2).toMatchObject({ status: 400, body: { code: 'malformedRequest' } });
  });

  it('refuses other content types and oversized bodies', async () => {
    const text = Buffer.from('hello');
    const result = await send({ body: text, headers: { ...signed(text), 'content-type': 'text/plain' } });
    expect(result).toMatchObject({ status: 415, body: { code: 'unsupportedMediaType' } });
    const big = Buffer.from(JSON.stringify({ padding: 'x'.repeat(1_100_000) }));
    const r2 = await send({ body: big, headers: signed(big) });
    expect(r2).toMatchObject({ status: 413, body: { code: 'payloadTooLarge' } });
  });

  it('serves the public key route and the API description without a signature', async () => {
    const keys = await fetch(`${hq.url}/v1/hq-keys`);
    expect(keys.status).toBe(200);
    const openapi = await (await fetch(`${hq.url}/openapi.json`)).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/card/authenticate', '/v1/identity/verify', '/v1/pin/reset', '/v1/lock/clear', '/v1/limit/increase', '/v1/limit/decrease', '/v1/calendar', '/v1/kiosk/status', '/v1/hq-keys', '/v1/journal/batches']));
    // Every entry of the route table, the journal batch push included, is in the document under its own name.
    for (const [name, route] of Object.entries(HQ_ROUTES)) {
      expect(openapi.paths[route.path]?.[route.method.toLowerCase()], name).toMatchObject({ operationId: name, summary: route.summary });
    }
    expect(openapi.paths['/v1/journal/batches']?.post).toMatchObject({
      tags: ['kiosk'],
      security: [{ kioskSignature: [] }],
      requestBody: { content: { 'application/json': { schema: { required: expect.arrayContaining(['firstSeq', 'lastSeq', 'headHash', 'events', 'signature']) } } } },
      responses: { 200: expect.anything(), 401: expect.anything(), 413: expect.anything() },
    });
    expect((await fetch(`${hq.url}/docs/`)).status).toBe(200);
    const unknown = await fetch(`${hq.url}/v1/nothing-here`);
    expect(unknown.status).toBe(404);
  });
});

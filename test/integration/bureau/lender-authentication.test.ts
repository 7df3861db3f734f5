/**
 * Hostile and broken lender requests (issue 14, "signature and replay
 * refusals"): each refused with a clear 4xx and nothing stored. "Nothing"
 * is checked where it matters: the enquiry log, the contracts, and the
 * replay guard. An unknown lender must be indistinguishable from a known
 * one with a bad signature.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bureauDemoPerson } from '../../../src/bureau/seed/seed-bureau';
import { BUREAU_REQUEST_SCHEME } from '../../../src/shared/bureau-api/request-signing';
import { BUREAU_ROUTES } from '../../../src/shared/bureau-api/routes';
import { KIOSK_REQUEST_SCHEME } from '../../../src/shared/hq-api/request-signing';
import { signedRequestHeaders, type SignedRequestScheme } from '../../../src/shared/signed-request/signed-request';
import { DEMO_LENDER_ID } from '../../../src/shared/demo/demo-lenders';
import { startBureauHarness, STORES, type BureauHarness } from './bureau-harness';

const ENQUIRIES = BUREAU_ROUTES.enquire.path;

describe.each(STORES)('lender request authentication on %s', (kind) => {
  let bureau: BureauHarness;
  beforeAll(async () => { bureau = await startBureauHarness(kind); });
  afterAll(async () => { await bureau?.close(); });

  const enquiryBytes = (key = 'sato') => Buffer.from(JSON.stringify({ subject: bureauDemoPerson(key).subject, purpose: 'limitIncrease' }));

  async function signed(bytes: Buffer | undefined, o: { lenderId?: string; key?: KeyObject; now?: Date; nonce?: string; path?: string; scheme?: SignedRequestScheme } = {}) {
    const key = o.key ?? bureau.demoLender.key;
    const headers = await signedRequestHeaders(o.scheme ?? BUREAU_REQUEST_SCHEME, {
      callerId: o.lenderId ?? DEMO_LENDER_ID, method: 'POST', path: o.path ?? ENQUIRIES, body: bytes, now: o.now ?? bureau.clock.now,
      sign: (m) => sign(null, m, key), ...(o.nonce ? { nonce: o.nonce } : {}),
    });
    return { 'content-type': 'application/json', ...headers };
  }

  async function send(init: { body?: Buffer | string; headers?: Record<string, string>; path?: string; method?: string }) {
    const response = await fetch(bureau.url + (init.path ?? ENQUIRIES), {
      method: init.method ?? 'POST', headers: init.headers ?? {}, ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) }),
    });
    return { status: response.status, text: await response.text() };
  }

  async function snapshot() {
    return {
      enquiries: await bureau.count('bureau_enquiries'),
      contracts: await bureau.count('bureau_contracts'),
      nonces: await bureau.count('bureau_request_nonces'),
      lastUpdate: (await bureau.db.query<{ t: string | null }>('SELECT max(updated_at)::text AS t FROM bureau_contracts')).rows[0]!.t,
    };
  }

  async function expectRefusedWithoutChange(request: () => Promise<{ status: number; text: string }>, status: number, code: string) {
    const before = await snapshot();
    const result = await request();
    expect(result.status).toBe(status);
    const body = JSON.parse(result.text) as { code: string; message: string };
    expect(body.code).toBe(code);
    expect(body.message.length).toBeGreaterThan(10);
    expect(await snapshot()).toEqual(before);
    return result;
  }

  it('accepts a correctly signed enquiry (the control for every refusal below)', async () => {
    const bytes = enquiryBytes();
    const before = await snapshot();
    const result = await send({ body: bytes, headers: await signed(bytes) });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toMatchObject({ onRecord: true, totals: { totalVolume: { atOtherLenders: { balance: 700_000 } } } });
    expect(await snapshot()).toEqual({ ...before, enquiries: before.enquiries + 1, nonces: before.nonces + 1 });
  });

  it('refuses a request without the signature headers', async () => {
    const bytes = enquiryBytes();
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: { 'content-type': 'application/json' } }), 401, 'missingAuthentication');
  });

  it('refuses malformed signature headers', async () => {
    const bytes = enquiryBytes();
    await expectRefusedWithoutChange(async () => send({ body: bytes, headers: { ...(await signed(bytes)), 'x-lender-timestamp': 'yesterday' } }), 401, 'malformedAuthentication');
    await expectRefusedWithoutChange(async () => send({ body: bytes, headers: { ...(await signed(bytes)), 'x-lender-signature': 'not base64!' } }), 401, 'malformedAuthentication');
    await expectRefusedWithoutChange(async () => send({ body: bytes, headers: { ...(await signed(bytes)), 'x-lender-id': 'demo lender' } }), 401, 'malformedAuthentication');
  });

  it('refuses a timestamp more than five minutes from the bureau\'s clock, either way', async () => {
    const bytes = enquiryBytes();
    const late = new Date(bureau.clock.now.getTime() - 5 * 60_000 - 1000);
    const early = new Date(bureau.clock.now.getTime() + 5 * 60_000 + 1000);
    await expectRefusedWithoutChange(async () => send({ body: bytes, headers: await signed(bytes, { now: late }) }), 401, 'staleTimestamp');
    await expectRefusedWithoutChange(async () => send({ body: bytes, headers: await signed(bytes, { now: early }) }), 401, 'staleTimestamp');
  });

  it('refuses a replayed request (same nonce), even with a fresh body', async () => {
    const nonce = 'replay-nonce-0123456789';
    const first = enquiryBytes('sato');
    expect((await send({ body: first, headers: await signed(first, { nonce }) })).status).toBe(200);
    await expectRefusedWithoutChange(async () => send({ body: first, headers: await signed(first, { nonce }) }), 401, 'replayedNonce');
    const second = enquiryBytes('yamada');
    await expectRefusedWithoutChange(async () => send({ body: second, headers: await signed(second, { nonce }) }), 401, 'replayedNonce');
    // The same nonce from another lender is that lender's own: nonces are per lender.
    expect((await send({ body: second, headers: await signed(second, { nonce, lenderId: 'MIDORI-CREDIT', key: bureau.otherLender.key }) })).status).toBe(200);
  });

  it('refuses a bad signature: wrong key, tampered body, other path, or a kiosk\'s signing scheme', async () => {
    const bytes = enquiryBytes();
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    await expectRefusedWithoutChange(async () => send({ body: bytes, headers: await signed(bytes, { key: otherKey }) }), 401, 'authenticationFailed');
    const tampered = enquiryBytes('yamada');
    await expectRefusedWithoutChange(async () => send({ body: tampered, headers: await signed(bytes) }), 401, 'authenticationFailed');
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(bytes.toString()), null, 1));
    await expectRefusedWithoutChange(async () => send({ body: reformatted, headers: await signed(bytes) }), 401, 'authenticationFailed');
    await expectRefusedWithoutChange(async () => send({ body: bytes, headers: await signed(bytes, { path: BUREAU_ROUTES.registerContract.path }) }), 401, 'authenticationFailed');
    // The lender's own key over the kiosks' canonical string (KIOSK-REQUEST-V2, naming the bureau's origin), sent under the lender headers.
    const kioskStyle = await signedRequestHeaders(KIOSK_REQUEST_SCHEME, { origin: bureau.url, callerId: DEMO_LENDER_ID, method: 'POST', path: ENQUIRIES, body: bytes, now: bureau.clock.now, sign: (m) => sign(null, m, bureau.demoLender.key) });
    const asLender = { 'content-type': 'application/json', 'x-lender-id': DEMO_LENDER_ID, 'x-lender-timestamp': kioskStyle['x-kiosk-timestamp']!, 'x-lender-nonce': kioskStyle['x-kiosk-nonce']!, 'x-lender-signature': kioskStyle['x-kiosk-signature']! };
    await expectRefusedWithoutChange(() => send({ body: bytes, headers: asLender }), 401, 'authenticationFailed');
  });

  it('answers an unknown lender and a lender on record without a key exactly as it answers a bad signature', async () => {
    const bytes = enquiryBytes();
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const badSignature = await expectRefusedWithoutChange(async () => send({ body: bytes, headers: await signed(bytes, { key: stranger }) }), 401, 'authenticationFailed');
    const unknown = await expectRefusedWithoutChange(async () => send({ body: bytes, headers: await signed(bytes, { lenderId: 'NO-SUCH-LENDER', key: stranger }) }), 401, 'authenticationFailed');
    // KAEDE-FINANCE is on record (the seed's contracts) but was never enrolled with a key.
    const keyless = await expectRefusedWithoutChange(async () => send({ body: bytes, headers: await signed(bytes, { lenderId: 'KAEDE-FINANCE', key: stranger }) }), 401, 'authenticationFailed');
    expect(unknown.text).toBe(badSignature.text);
    expect(keyless.text).toBe(badSignature.text);
    // The bureau's own log knows which it was.
    const refusals = bureau.logLines.filter((l) => l.includes('lender request refused'));
    expect(refusals.some((l) => l.includes('"reason":"unknown lender"'))).toBe(true);
    expect(refusals.some((l) => l.includes('"reason":"lender has no usable key"'))).toBe(true);
    expect(refusals.some((l) => l.includes('"reason":"bad signature"'))).toBe(true);
  });

  it('refuses a signed body that is not JSON after authenticating it, storing nothing but the used nonce', async () => {
    const garbage = Buffer.from('{"subject": {"nameKana": ');
    const before = await snapshot();
    const result = await send({ body: garbage, headers: await signed(garbage) });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text)).toMatchObject({ code: 'malformedRequest' });
    expect(await snapshot()).toEqual({ ...before, nonces: before.nonces + 1 });
  });

  it('refuses bodies that do not match the schema, naming the field and not its value', async () => {
    for (const [body, field] of [
      [{ subject: { ...bureauDemoPerson('sato').subject, nameKana: '佐藤 花子' }, purpose: 'limitIncrease' }, 'nameKana'],
      [{ subject: { nameKanji: '佐藤 花子', nameKana: 'サトウ ハナコ', dateOfBirth: '1990-11-03' }, purpose: 'limitIncrease' }, 'phone'],
      [{ subject: bureauDemoPerson('sato').subject, purpose: 'curiosity' }, 'purpose'],
      [{ subject: bureauDemoPerson('sato').subject, purpose: 'limitIncrease', myNumber: '123456789012' }, 'myNumber'],
    ] as const) {
      const bytes = Buffer.from(JSON.stringify(body));
      const before = await snapshot();
      const result = await send({ body: bytes, headers: await signed(bytes) });
      expect(result.status, field).toBe(400);
      const parsed = JSON.parse(result.text) as { code: string; message: string };
      expect(parsed.code).toBe('malformedRequest');
      expect(parsed.message).toContain(field);
      expect(parsed.message).not.toContain('佐藤');
      expect(parsed.message).not.toContain('123456789012');
      expect(await snapshot()).toEqual({ ...before, nonces: before.nonces + 1 });
    }
    const registration = Buffer.from(JSON.stringify({ subject: bureauDemoPerson('sato').subject, contract: { contractRef: 'X-1', kind: 'payday', limit: -5, balance: 0 } }));
    const before = await snapshot();
    const path = BUREAU_ROUTES.registerContract.path;
    const result = await send({ path, body: registration, headers: await signed(registration, { path }) });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text)).toMatchObject({ code: 'malformedRequest', message: expect.stringMatching(/kind[\s\S]*limit|limit[\s\S]*kind/) });
    // Authentic, so its nonce is spent; no contract was written.
    expect(await snapshot()).toEqual({ ...before, nonces: before.nonces + 1 });
  });

  it('refuses oversized bodies, other content types and empty bodies before reading them', async () => {
    const big = Buffer.from(JSON.stringify({ subject: { ...bureauDemoPerson('sato').subject, address: 'x'.repeat(20_000) }, purpose: 'limitIncrease' }));
    await expectRefusedWithoutChange(async () => send({ body: big, headers: await signed(big) }), 413, 'payloadTooLarge');
    const text = Buffer.from('hello');
    await expectRefusedWithoutChange(async () => send({ body: text, headers: { ...(await signed(text)), 'content-type': 'text/plain' } }), 415, 'unsupportedMediaType');
    const empty = Buffer.alloc(0);
    const result = await send({ body: empty, headers: await signed(empty) });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text)).toMatchObject({ code: 'malformedRequest' });
  });

  it('serves health and the API description without a signature; unknown routes are 404', async () => {
    expect(await (await fetch(`${bureau.url}/health`)).json()).toEqual({ ok: true, service: 'bureau' });
    const openapi = await (await fetch(`${bureau.url}/openapi.json`)).json() as { paths: Record<string, Record<string, unknown>> };
    for (const [name, route] of Object.entries(BUREAU_ROUTES)) {
      expect(openapi.paths[route.path]?.[route.method.toLowerCase()], name).toMatchObject({ operationId: name, summary: route.summary });
    }
    expect(openapi.paths[ENQUIRIES]?.post).toMatchObject({ security: [{ lenderSignature: [] }], responses: { 200: expect.anything(), 401: expect.anything(), 413: expect.anything() } });
    const unknown = await send({ path: '/v1/persons', method: 'GET' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toMatchObject({ code: 'notFound' });
  });

  it('never writes a name, a date of birth, a phone number or an address into its log', () => {
    const text = bureau.logLines.join('');
    for (const person of ['sato', 'yamada', 'nakamura']) {
      const s = bureauDemoPerson(person).subject;
      for (const value of [s.nameKanji, s.nameKana, s.dateOfBirth, s.address, s.phone].filter((v): v is string => Boolean(v))) expect(text, person).not.toContain(value);
    }
    expect(bureau.logLines.length).toBeGreaterThan(10);
  });
});

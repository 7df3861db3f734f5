import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HqClient } from '../../../src/main/hq-client/hq-client';
import { hqUnavailable } from '../../../src/main/adapters/hq-failure';
import { HqUnavailableError } from '../../../src/main/flows/ports';
import { generateHqKeys, hqKeysResponse } from '../../../src/hq/keys/hq-keys';
import { HQ_ROUTES } from '../../../src/shared/hq-api/routes';
import { signingFetch } from '../../support/hq-answer-signer';

const kioskKey = generateKeyPairSync('ed25519').privateKey;
const hqKeys = generateHqKeys();
const pinned = { pin: { publicKey: hqKeys.pinPublicKey, keyId: hqKeys.pinKeyId }, receipt: { publicKey: hqKeys.receiptPublicKey, keyId: hqKeys.receiptKeyId } };
const AUTH = HQ_ROUTES.authenticateCard.path;
const sessionId = '3d1f6a0e-8a3b-4d6f-9a55-0c9f6b1d2e7a';

/** A fake HQ's answers, signed with HQ's receipt key as the real one signs them (issue 15). */
const asHq = (fetchImpl: typeof fetch) => signingFetch(hqKeys, fetchImpl);

function client(fetchImpl: typeof fetch, timeoutMs = 1000) {
  return new HqClient({ baseUrl: 'http://hq.test', kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, fetch: asHq(fetchImpl), timeoutMs, pinnedKeys: pinned });
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('HqClient', () => {
  it('signs each request and validates the answer with the route\'s schema', async () => {
    let seen: Request | undefined;
    const c = client(async (input, init) => {
      seen = new Request(input as URL, init);
      return json(200, { ended: true });
    });
    expect(await c.endSession({ sessionId })).toEqual({ ok: true, value: { ended: true } });
    expect(seen?.headers.get('x-kiosk-id')).toBe('KIOSK-DEMO-01');
    expect(seen?.headers.get('x-kiosk-signature')).toMatch(/==$/);
    expect(seen?.headers.get('content-type')).toBe('application/json');
    expect(new URL(seen!.url).pathname).toBe('/v1/session/end');
  });

  it('reports an answer that breaks the contract as invalidResponse, naming paths only', async () => {
    const c = client(async () => json(200, { outcome: 'ok', sessionId, holder: { kind: 'customer', cardMasked: '4000000001', nameKanji: 'x', nameKana: 'x', creditLimit: 1, balance: 0, available: 1 } }));
    const r = await c.authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') });
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalidResponse', status: 200 } });
    if (!r.ok && r.error.kind === 'invalidResponse') expect(r.error.detail).not.toContain('4000000001');
    const notJson = client(async () => new Response('<html>', { status: 200 }));
    expect(await notJson.getCalendar()).toMatchObject({ ok: false, error: { kind: 'invalidResponse' } });
  });

  it('passes HQ\'s error code through, and copes with an error without one', async () => {
    const c = client(async () => json(403, { code: 'identityNotVerified', message: 'needs a verified identity' }));
    expect(await c.clearLock({ sessionId })).toEqual({ ok: false, error: { kind: 'http', status: 403, code: 'identityNotVerified', message: 'needs a verified identity' } });
    const proxy = client(async () => new Response('Bad gateway', { status: 502 }));
    expect(await proxy.clearLock({ sessionId })).toMatchObject({ ok: false, error: { kind: 'http', status: 502, code: null } });
  });

  it('tells its failure listener the route and the error, and nothing on success', async () => {
    const failures: unknown[] = [];
    const answers = [json(403, { code: 'identityNotVerified', message: 'needs a verified identity' }), json(200, { ended: true })];
    const c = new HqClient({ baseUrl: 'http://hq.test', kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, fetch: asHq(async () => answers.shift()!), pinnedKeys: pinned, onFailure: (path, error) => failures.push({ path, error }) });
    await c.clearLock({ sessionId });
    await c.endSession({ sessionId });
    expect(failures).toEqual([{ path: HQ_ROUTES.clearLock.path, error: { kind: 'http', status: 403, code: 'identityNotVerified', message: 'needs a verified identity' } }]);
  });

  it('says unreachable when there is no answer and timeout when it is too slow', async () => {
    const refused = client(async () => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }); });
    expect(await refused.getCalendar()).toEqual({ ok: false, error: { kind: 'unreachable', detail: 'ECONNREFUSED' } });
    const slow = client((_input, init) => new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    }), 20);
    expect(await slow.getCalendar()).toEqual({ ok: false, error: { kind: 'timeout', timeoutMs: 20 } });
  });

  it('wipes the PIN digits whether or not HQ can be reached', async () => {
    const digits = Buffer.from('5820');
    const unreachable = new HqClient({ baseUrl: 'http://hq.test', kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, fetch: async () => { throw new TypeError('fetch failed'); } });
    const r = await unreachable.authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: digits });
    expect(r).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    expect([...digits]).toEqual([0, 0, 0, 0]);
    let body = '';
    const sent = Buffer.from('5820');
    await client(async (_input, init) => { body = String(init?.body instanceof Uint8Array ? Buffer.from(init.body).toString() : init?.body); return json(200, { outcome: 'wrongPin' }); })
      .authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: sent });
    expect([...sent]).toEqual([0, 0, 0, 0]);
    expect(body).toContain('pinBlock');
    expect(body).not.toContain('5820');
  });

  it('refuses to encrypt a PIN that is not four digits, without sending anything', async () => {
    let calls = 0;
    const c = client(async () => { calls++; return json(200, {}); });
    expect(await c.resetPin({ sessionId, newPinDigits: Buffer.from('12345') })).toEqual({ ok: false, error: { kind: 'invalidRequest', detail: 'the PIN must be 4 digits' } });
    expect(calls).toBe(0);
  });

  describe('HQ\'s keys', () => {
    const unpinned = (fetchImpl: typeof fetch) => new HqClient({ baseUrl: 'http://hq.test', kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, fetch: asHq(fetchImpl), timeoutMs: 1000 });
    const paths = (seen: string[]) => seen.map((url) => new URL(url).pathname);

    it('fetches them once, checks them, and encrypts PIN blocks to them', async () => {
      const seen: string[] = [];
      const bodies: string[] = [];
      const c = unpinned(async (input, init) => {
        seen.push(String(input));
        if (String(input).endsWith('/v1/hq-keys')) return json(200, hqKeysResponse(hqKeys));
        bodies.push(String(init?.body instanceof Uint8Array ? Buffer.from(init.body).toString() : init?.body));
        return json(200, { outcome: 'wrongPin' });
      });
      await c.authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') });
      await c.authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') });
      expect(paths(seen)).toEqual(['/v1/hq-keys', AUTH, AUTH]);
      expect(bodies.every((b) => (JSON.parse(b) as { pinBlock: { keyId: string } }).pinBlock.keyId === hqKeys.pinKeyId)).toBe(true);
      expect(c.keysPinned).toBe(false);
    });

    it('sends no PIN block when HQ serves keys whose ids do not name them (HQ lying)', async () => {
      const seen: string[] = [];
      const lying = { ...hqKeysResponse(hqKeys), pinEncryption: { ...hqKeysResponse(hqKeys).pinEncryption, keyId: generateHqKeys().pinKeyId } };
      const digits = Buffer.from('5820');
      const c = unpinned(async (input) => { seen.push(String(input)); return json(200, lying); });
      const r = await c.authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: digits });
      expect(r).toMatchObject({ ok: false, error: { kind: 'invalidResponse', detail: expect.stringContaining('pinEncryption.keyId') } });
      expect(paths(seen)).toEqual(['/v1/hq-keys']);
      expect([...digits]).toEqual([0, 0, 0, 0]);
    });

    // Issue 15: key changes only through pinned configuration, never because HQ (or whoever answers) said a key is unknown.
    it('never drops its keys or refetches them because HQ answered pinBlockUnknownKey, fetched or pinned', async () => {
      const run = async (c: HqClient, seen: string[]) => {
        await c.authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') });
        await c.authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') });
        return paths(seen);
      };
      const answer = (seen: string[]): typeof fetch => async (input) => {
        seen.push(String(input));
        return String(input).endsWith('/v1/hq-keys') ? json(200, hqKeysResponse(hqKeys)) : json(409, { code: 'pinBlockUnknownKey', message: 'unknown key' });
      };
      const fetched: string[] = [];
      expect(await run(unpinned(answer(fetched)), fetched)).toEqual(['/v1/hq-keys', AUTH, AUTH]);
      const pinnedSeen: string[] = [];
      const pinnedClient = new HqClient({ baseUrl: 'http://hq.test', kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, fetch: asHq(answer(pinnedSeen)), pinnedKeys: pinned });
      expect(await run(pinnedClient, pinnedSeen)).toEqual([AUTH, AUTH]);
      expect(pinnedClient.keysPinned).toBe(true);
      // The new-PIN routes too.
      const resetSeen: string[] = [];
      const resetting = new HqClient({ baseUrl: 'http://hq.test', kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, fetch: asHq(answer(resetSeen)) });
      await resetting.resetPin({ sessionId, newPinDigits: Buffer.from('5820') });
      await resetting.staffResetPin({ sessionId, newPinDigits: Buffer.from('5820') });
      await resetting.resetPin({ sessionId, newPinDigits: Buffer.from('5820') });
      expect(paths(resetSeen).filter((p) => p === '/v1/hq-keys')).toEqual(['/v1/hq-keys']);
    });
  });

  describe('redirects (issue 15: every fetch uses redirect: \'error\')', () => {
    const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
    const close = (server: Server) => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });

    it('reports a redirecting HQ as unavailable and never follows it, with the real fetch over loopback', async () => {
      const followed: string[] = [];
      const elsewhere = createServer((request, response) => { followed.push(request.url ?? ''); response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(hqKeysResponse(generateHqKeys()))); });
      const elsewhereUrl = await listen(elsewhere);
      const redirecting = createServer((request, response) => { response.writeHead(307, { location: elsewhereUrl + (request.url ?? '/') }).end(); });
      const hqUrl = await listen(redirecting);
      try {
        const unpinnedClient = new HqClient({ baseUrl: hqUrl, kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, timeoutMs: 2000 });
        const keys = await unpinnedClient.hqKeys();
        const calendar = await unpinnedClient.getCalendar();
        const auth = await new HqClient({ baseUrl: hqUrl, kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, timeoutMs: 2000, pinnedKeys: pinned })
          .authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') });
        for (const result of [keys, calendar, auth]) {
          expect(result).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
          if (result.ok) throw new Error('followed');
          // What a flow sees: HQ unavailable.
          expect(hqUnavailable(result.error)).toBeInstanceOf(HqUnavailableError);
        }
        expect(followed).toEqual([]);
      } finally {
        await close(redirecting);
        await close(elsewhere);
      }
    });

    it('asks every fetch not to follow, whatever fetch it was given', async () => {
      const modes: (RequestRedirect | undefined)[] = [];
      const c = client(async (_input, init) => { modes.push(init?.redirect); return json(200, { outcome: 'wrongPin' }); });
      await c.getCalendar();
      await c.authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') });
      await c.hqKeys();
      expect(modes).toEqual(['error', 'error', 'error']);
    });
  });

  describe('HQ\'s answer signatures (issue 15)', () => {
    const wrongPin = async () => json(200, { outcome: 'wrongPin' });
    const technician = async () => json(200, {
      outcome: 'ok', sessionId, holder: { kind: 'operator', cardMasked: '900000******0001', staffId: 'TECH-001', name: 'x', role: 'technician', permissions: ['runDiagnostics'] },
    });

    it('checks the answer of every route but the key route: no operator role, receipt or outcome can come unsigned', () => {
      // HqClient verifies the answer of each `auth: 'kiosk'` route; a new public route would be read unverified.
      expect(Object.entries(HQ_ROUTES).filter(([, route]) => route.auth !== 'kiosk').map(([name]) => name)).toEqual(['getHqKeys']);
    });

    it('reads an answer only when HQ\'s pinned receipt key signed it over this request', async () => {
      expect(await client(wrongPin).authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') })).toEqual({ ok: true, value: { outcome: 'wrongPin' } });
    });

    it('refuses an unsigned answer, one signed by another key and one whose bytes were changed, whatever its status', async () => {
      const failures: unknown[] = [];
      const make = (fetchImpl: typeof fetch) => new HqClient({
        baseUrl: 'http://hq.test', kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, fetch: fetchImpl, pinnedKeys: pinned, onFailure: (path, error) => failures.push({ path, error }),
      });
      const liar = generateHqKeys();
      const unsigned = await make(technician).authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') });
      const ownKey = await make(signingFetch(liar, technician)).authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') });
      // HQ's key id named, the liar's signature under it.
      const borrowedId = await make(signingFetch({ receiptPrivateKey: liar.receiptPrivateKey, receiptKeyId: hqKeys.receiptKeyId }, technician)).getCalendar();
      // HQ's genuine signature over a wrongPin answer, with the body swapped for a technician's.
      const swapped = await make(async (input, init) => {
        const genuine = await asHq(wrongPin)(input, init);
        const forged = await technician();
        return new Response(await forged.arrayBuffer(), { status: 200, headers: genuine.headers });
      }).authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') });
      const refusal = await make(async () => json(401, { code: 'authenticationFailed', message: 'not signed' })).clearLock({ sessionId });
      expect(unsigned).toEqual({ ok: false, error: { kind: 'badAnswerSignature', status: 200, problem: 'unsigned' } });
      expect(ownKey).toEqual({ ok: false, error: { kind: 'badAnswerSignature', status: 200, problem: 'unknownKey' } });
      expect(borrowedId).toMatchObject({ ok: false, error: { kind: 'badAnswerSignature', problem: 'badSignature' } });
      expect(swapped).toEqual({ ok: false, error: { kind: 'badAnswerSignature', status: 200, problem: 'badSignature' } });
      expect(refusal).toEqual({ ok: false, error: { kind: 'badAnswerSignature', status: 401, problem: 'unsigned' } });
      // Each told to the failure listener (the kiosk's log), and to a flow it is HQ unavailable.
      expect(failures).toHaveLength(5);
      if (!ownKey.ok) expect(hqUnavailable(ownKey.error)).toBeInstanceOf(HqUnavailableError);
    });

    it('refuses a genuine answer replayed to another request (it names the other request\'s nonce)', async () => {
      let recorded: Response | undefined;
      const spy = new HqClient({
        baseUrl: 'http://hq.test', kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, pinnedKeys: pinned,
        fetch: async (input, init) => { recorded = await asHq(technician)(input, init); return recorded.clone(); },
      });
      expect((await spy.authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') })).ok).toBe(true);
      const replayed = new HqClient({ baseUrl: 'http://hq.test', kioskId: 'KIOSK-DEMO-01', privateKey: kioskKey, pinnedKeys: pinned, fetch: async () => recorded!.clone() });
      expect(await replayed.authenticateCard({ sessionId, cardNumber: '4000000001', pinDigits: Buffer.from('5820') }))
        .toEqual({ ok: false, error: { kind: 'badAnswerSignature', status: 200, problem: 'badSignature' } });
    });
  });
});

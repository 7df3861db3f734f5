import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BureauClient } from '../../../src/shared/bureau-api/bureau-client';
import type { EnquiryRequest } from '../../../src/shared/bureau-api/enquiry';

const lenderKey = generateKeyPairSync('ed25519').privateKey;
const enquiry: EnquiryRequest = { subject: { nameKanji: '佐藤 花子', nameKana: 'サトウ ハナコ', dateOfBirth: '1990-11-03', address: '神奈川県横浜市西区みなとみらい2-2-1' }, purpose: 'limitIncrease' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function client(fetchImpl: typeof fetch, timeoutMs = 1000) {
  return new BureauClient({ baseUrl: 'http://bureau.test', lenderId: 'DEMO-LENDER', sign: (m) => sign(null, m, lenderKey), fetch: fetchImpl, timeoutMs });
}

describe('BureauClient', () => {
  it('signs lender routes, not the health route', async () => {
    const seen: Request[] = [];
    const c = client(async (input, init) => {
      seen.push(new Request(input as URL, init));
      return new URL(String(input)).pathname === '/health' ? json(200, { ok: true, service: 'bureau' }) : json(400, { code: 'malformedRequest', message: 'x' });
    });
    expect(await c.health()).toEqual({ ok: true, value: { ok: true, service: 'bureau' } });
    await c.enquire(enquiry);
    expect(seen[0]!.headers.get('x-lender-signature')).toBeNull();
    expect(seen[1]!.headers.get('x-lender-id')).toBe('DEMO-LENDER');
    expect(seen[1]!.headers.get('x-lender-signature')).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(seen[1]!.headers.get('content-type')).toBe('application/json');
    expect(new URL(seen[1]!.url).pathname).toBe('/v1/enquiries');
    expect(JSON.parse(await seen[1]!.text())).toEqual(enquiry);
  });

  it('passes the bureau\'s error code through, and copes with an error without one', async () => {
    expect(await client(async () => json(401, { code: 'authenticationFailed', message: 'not an enrolled lender' })).enquire(enquiry))
      .toEqual({ ok: false, error: { kind: 'http', status: 401, code: 'authenticationFailed', message: 'not an enrolled lender' } });
    expect(await client(async () => new Response('Bad gateway', { status: 502 })).enquire(enquiry)).toMatchObject({ ok: false, error: { kind: 'http', status: 502, code: null } });
  });

  it('reports an answer that breaks the contract as invalidResponse, naming paths only', async () => {
    const r = await client(async () => json(200, { enquiryId: 'not-a-uuid', onRecord: true, contracts: [{ lenderId: 'SECRET-NAME' }] })).enquire(enquiry);
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalidResponse', status: 200 } });
    expect(JSON.stringify(r)).not.toContain('SECRET-NAME');
  });

  it('says unreachable when there is no answer and timeout when it is too slow', async () => {
    const refused = client(async () => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }); });
    expect(await refused.enquire(enquiry)).toEqual({ ok: false, error: { kind: 'unreachable', detail: 'ECONNREFUSED' } });
    const slow = client((_input, init) => new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    }), 50);
    expect(await slow.enquire(enquiry)).toEqual({ ok: false, error: { kind: 'timeout', timeoutMs: 50 } });
  });

  it('never follows a redirect from the bureau, with the real fetch over loopback (issue 15, the same rule as the kiosk\'s HQ link)', async () => {
    const followed: string[] = [];
    const elsewhere = createServer((request, response) => { followed.push(request.url ?? ''); response.writeHead(200, { 'content-type': 'application/json' }).end('{}'); });
    const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
    const elsewhereUrl = await listen(elsewhere);
    const redirecting = createServer((request, response) => { response.writeHead(307, { location: elsewhereUrl + (request.url ?? '/') }).end(); });
    const bureauUrl = await listen(redirecting);
    try {
      const bureau = new BureauClient({ baseUrl: bureauUrl, lenderId: 'DEMO-LENDER', sign: (m) => sign(null, m, lenderKey), timeoutMs: 2000 });
      // A GET is what fetch would follow by default (it already refuses to resend a POST body on 307).
      for (const result of [await bureau.health(), await bureau.enquire(enquiry)]) expect(result).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
      expect(followed).toEqual([]);
    } finally {
      for (const server of [redirecting, elsewhere]) await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
    }
  });
});

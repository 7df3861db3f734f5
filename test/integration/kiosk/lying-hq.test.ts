/**
 * A lying HQ on loopback (issue 15, Tests: "a lying HQ on loopback (own key,
 * forged receipt, forged technician answer, redirect) changes nothing and is
 * logged"). The kiosk's HQ link is built as the kiosk builds it
 * (connectHq from a parsed config, HQ's keys pinned, the real fetch), and
 * points at a server of this test's that stands between the kiosk and a
 * real HQ (PGlite): it relays faithfully (the control), answers itself
 * with keys of its own, redirects, or relays with HQ's signature taken off
 * or a genuine signature put on another answer. Every lie ends as "HQ
 * unavailable" with a log line naming the route and why, and nothing the
 * kiosk keeps moves: no journal event counts as delivered.
 */
import { createHash, randomUUID, sign } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollKiosk } from '../../../src/hq/accounts/account-admin';
import { generateHqKeys, hqKeysResponse, type HqKeys } from '../../../src/hq/keys/hq-keys';
import { hqUnavailable } from '../../../src/main/adapters/hq-failure';
import { parseConfig } from '../../../src/main/config/load-config';
import { HqUnavailableError } from '../../../src/main/flows/ports';
import { connectHq, type HqConnection } from '../../../src/main/hq-client/connect-hq';
import { Journal } from '../../../src/main/journal/journal';
import { loadOrCreateKioskKey } from '../../../src/main/keys/kiosk-key';
import { ed25519BatchSigner } from '../../../src/main/sync/batch-signer';
import { hqJournalPushClient, hqReceiptVerifier } from '../../../src/main/sync/hq-journal-push-client';
import { SyncWorker } from '../../../src/main/sync/sync-worker';
import { answerSigningString, HQ_ANSWER_HEADERS } from '../../../src/shared/hq-api/answer-signing';
import { receiptSigningText } from '../../../src/shared/journal/batch-signing';
import { captureLogger } from '../../support/capture-logger';
import { tempDir } from '../../unit/journal/journal-fixture';
import { startHarness, type HqHarness } from '../hq/hq-harness';

type Mode = 'relay' | 'ownKey' | 'redirect' | 'stripSignature' | 'swapBody';

let hq: HqHarness;
let liar: Server;
let liarUrl = '';
let mode: Mode = 'relay';
const liarKeys: HqKeys = generateHqKeys();

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Forwards to the real HQ, keeping the Host header (the origin the kiosk signed for). */
function relay(request: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const upstream = new URL(hq.url);
  return new Promise((resolve, reject) => {
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string' && name !== 'transfer-encoding' && name !== 'connection') headers[name] = value;
        resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
      });
    });
    out.on('error', reject);
    out.end(body);
  });
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  response.writeHead(status, { ...headers, 'content-length': String(body.length) }).end(body);
}

/** The liar's own answer to a route, signed with its own receipt key as HQ would sign with the real one. */
function forgedAnswer(request: IncomingMessage, body: Buffer): { status: number; body: Buffer; headers: Record<string, string> } {
  const path = request.url ?? '/';
  let answer: unknown = { code: 'notFound', message: 'no such route' };
  if (path === '/v1/hq-keys') answer = hqKeysResponse(liarKeys);
  if (path === '/v1/card/authenticate') {
    const { sessionId } = JSON.parse(body.toString()) as { sessionId: string };
    answer = { outcome: 'ok', sessionId, holder: { kind: 'operator', cardMasked: '900000******0001', staffId: 'TECH-LIAR', name: 'liar', role: 'technician', permissions: ['runDiagnostics', 'serviceDevices', 'takeOutOfService'] } };
  }
  if (path === '/v1/journal/batches') {
    const batch = JSON.parse(body.toString()) as { kioskId: string; lastSeq: number; headHash: string };
    const fields = { kioskId: batch.kioskId, ackedThrough: batch.lastSeq, headHash: batch.headHash, issuedAt: new Date().toISOString() };
    const signature = sign(null, Buffer.from(receiptSigningText(fields)), liarKeys.receiptPrivateKey).toString('base64');
    answer = { outcome: 'accepted', ackedThrough: batch.lastSeq, inserted: batch.lastSeq, receipt: { ...fields, keyId: liarKeys.receiptKeyId, signature } };
  }
  const bytes = Buffer.from(JSON.stringify(answer));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const kioskId = request.headers['x-kiosk-id'];
  const nonce = request.headers['x-kiosk-nonce'];
  if (typeof kioskId === 'string' && typeof nonce === 'string') {
    const text = answerSigningString({ kioskId, method: request.method ?? 'GET', path, nonce, status: 200, bodySha256: createHash('sha256').update(bytes).digest('hex') });
    if (text.ok) {
      headers[HQ_ANSWER_HEADERS.keyId] = liarKeys.receiptKeyId;
      headers[HQ_ANSWER_HEADERS.signature] = sign(null, Buffer.from(text.value), liarKeys.receiptPrivateKey).toString('base64');
    }
  }
  return { status: 200, body: bytes, headers };
}

async function lie(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  switch (mode) {
    case 'relay': {
      const answer = await relay(request, body);
      return send(response, answer.status, answer.headers, answer.body);
    }
    case 'ownKey': {
      const answer = forgedAnswer(request, body);
      return send(response, answer.status, answer.headers, answer.body);
    }
    case 'redirect':
      response.writeHead(307, { location: hq.url + (request.url ?? '/') }).end();
      return;
    case 'stripSignature': {
      const answer = await relay(request, body);
      const headers = { ...answer.headers };
      delete headers[HQ_ANSWER_HEADERS.signature];
      delete headers[HQ_ANSWER_HEADERS.keyId];
      return send(response, answer.status, headers, answer.body);
    }
    case 'swapBody': {
      // HQ's genuine signature over its real answer, on the liar's body.
      const answer = await relay(request, body);
      return send(response, answer.status, answer.headers, forgedAnswer(request, body).body);
    }
  }
}

beforeAll(async () => {
  hq = await startHarness('pglite', { seed: true });
  liar = createServer((request, response) => { void lie(request, response); });
  await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', () => resolve()));
  liarUrl = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  liar?.closeAllConnections();
  await new Promise<void>((resolve) => (liar ? liar.close(() => resolve()) : resolve()));
  await hq?.close();
});

async function kiosk() {
  const temp = tempDir();
  const kioskId = `KIOSK-LIE-${randomUUID().slice(0, 6).toUpperCase()}`;
  const key = loadOrCreateKioskKey(join(temp.dir, 'kiosk-ed25519.pem'));
  await enrollKiosk(hq.db, { kioskId, publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  const log = captureLogger();
  const config = parseConfig({ kioskId, dataDir: temp.dir, hq: { url: liarUrl, timeoutMs: 5000, keys: hqKeysResponse(hq.secrets.keys) } });
  const connection: HqConnection = await connectHq({ config, root: process.cwd(), dataDir: temp.dir, key, fetch: globalThis.fetch, now: () => hq.clock.now, logger: log.logger });
  return { kioskId, key, log, connection, temp };
}

describe('a lying HQ on loopback', () => {
  it('control: through a faithful relay the kiosk reads HQ\'s signed answers', async () => {
    mode = 'relay';
    const k = await kiosk();
    try {
      const calendar = await k.connection.hq.getCalendar();
      expect(calendar.ok).toBe(true);
    } finally {
      k.temp.remove();
    }
  });

  it('refuses a technician answer signed with the liar\'s own key, and logs the route and why', async () => {
    mode = 'ownKey';
    const k = await kiosk();
    try {
      const cardNumber = '4000000000000051';
      const answer = await k.connection.hq.authenticateCard({ sessionId: randomUUID(), cardNumber, pinDigits: Buffer.from('1234') });
      expect(answer).toMatchObject({ ok: false, error: { kind: 'badAnswerSignature', status: 200, problem: 'unknownKey' } });
      if (answer.ok) throw new Error('trusted a liar');
      // What every flow sees: HQ unavailable, so no operator session opens.
      expect(hqUnavailable(answer.error)).toBeInstanceOf(HqUnavailableError);
      const line = k.log.lines().find((l) => l.msg === 'HQ request failed');
      expect(line).toMatchObject({ path: '/v1/card/authenticate', error: 'badAnswerSignature', signature: 'unknownKey' });
      expect(k.log.text()).not.toContain(cardNumber);
      expect(k.log.text()).not.toContain('technician');
    } finally {
      k.temp.remove();
    }
  });

  it('refuses a forged journal receipt: no event counts as delivered', async () => {
    mode = 'ownKey';
    const k = await kiosk();
    const journal = Journal.open(join(k.temp.dir, 'journal.db'), { kioskId: k.kioskId, freeBytes: () => 1e12 });
    try {
      for (let i = 0; i < 3; i++) expect(journal.append({ type: 'retainBin.emptied', actor: { kind: 'technician', technicianId: 'TE-1' }, payload: { cardsRemoved: i } }).ok).toBe(true);
      const worker = new SyncWorker({
        journal, client: hqJournalPushClient(k.connection.hq), kioskId: k.kioskId, signBatch: ed25519BatchSigner(k.key.privateKey),
        verifyReceipt: hqReceiptVerifier(k.connection.hq), backoff: { baseMs: 5, maxMs: 10 }, intervalMs: 3_600_000,
      });
      const result = await worker.drain();
      await worker.stop();
      expect(result.ok).toBe(false);
      expect(journal.stats().ackedSeq).toBe(0);
      expect(journal.receipts(10)).toEqual([]);
      expect(k.log.lines().find((l) => l.msg === 'HQ request failed')).toMatchObject({ path: '/v1/journal/batches', error: 'badAnswerSignature' });
    } finally {
      journal.close();
      k.temp.remove();
    }
  });

  it('never follows a redirect: unavailable, logged, nothing sent on', async () => {
    mode = 'redirect';
    const k = await kiosk();
    try {
      const answer = await k.connection.hq.getCalendar();
      expect(answer).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
      expect(k.log.lines().find((l) => l.msg === 'HQ request failed')).toMatchObject({ path: '/v1/calendar', error: 'unreachable' });
    } finally {
      k.temp.remove();
    }
  });

  it.each([
    ['stripSignature', 'unsigned'],
    ['swapBody', 'badSignature'],
  ] as const)('refuses HQ\'s real answer relayed with its signature altered (%s)', async (lying, problem) => {
    mode = lying;
    const k = await kiosk();
    try {
      const answer = await k.connection.hq.authenticateCard({ sessionId: randomUUID(), cardNumber: '4000000000000051', pinDigits: Buffer.from('1234') });
      expect(answer).toMatchObject({ ok: false, error: { kind: 'badAnswerSignature', problem } });
      expect(k.log.lines().find((l) => l.msg === 'HQ request failed')).toMatchObject({ path: '/v1/card/authenticate', signature: problem });
    } finally {
      k.temp.remove();
    }
  });
});

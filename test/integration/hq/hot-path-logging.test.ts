/**
 * Cheaper hot-path logging (issue 19): the routes every kiosk calls every
 * 30-60 s (status, calendar, journal push) and the probes write one log line
 * per request, at debug when it succeeded and at info when it was refused;
 * the interactive routes keep Fastify's pair at info; every line carries the
 * request id the answer echoes. Logging touches no table: PGlite only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSessionId, pinBuffer, startHarness, type HqHarness } from './hq-harness';

interface Line { level: number; msg: string; reqId?: string; req?: { method: string; url: string }; res?: { statusCode: number } }
const DEBUG = 20;
const INFO = 30;

describe('HQ request logging', () => {
  let hq: HqHarness;
  beforeAll(async () => { hq = await startHarness('pglite'); });
  afterAll(async () => { await hq?.close(); });

  const linesOf = (requestId: string): Line[] => hq.logLines.map((l) => JSON.parse(l) as Line).filter((l) => l.reqId === requestId);

  it('writes one debug line for a successful calendar poll, status report and health probe, with method, URL and status', async () => {
    const calendar = await hq.client.getCalendar();
    expect(calendar.ok).toBe(true);
    const status = await hq.client.reportStatus({ softwareVersion: '0.1.0', outOfService: false, outOfServiceReasons: [], devices: { cardReader: { state: 'online' } } });
    expect(status.ok).toBe(true);
    const health = await fetch(`${hq.url}/health`);
    const ids = hq.logLines.map((l) => JSON.parse(l) as Line).filter((l) => l.req?.url === '/v1/calendar' || l.req?.url === '/v1/kiosk/status').map((l) => l.reqId!);
    ids.push(health.headers.get('x-request-id')!);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) {
      const lines = linesOf(id);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: DEBUG, msg: 'request completed', res: { statusCode: 200 } });
      expect(lines[0]!.req?.method).toMatch(/^(GET|POST)$/);
    }
  });

  it('writes a refused one at info, once, with its URL and the id the answer echoes', async () => {
    const refused = await fetch(`${hq.url}/v1/calendar`, { headers: { 'x-kiosk-id': hq.kioskId } });
    expect(refused.status).toBe(401);
    const lines = linesOf(refused.headers.get('x-request-id')!).filter((l) => l.msg === 'request completed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: INFO, req: { method: 'GET', url: '/v1/calendar' }, res: { statusCode: 401 } });
  });

  it('keeps the incoming/completed pair at info on the interactive routes', async () => {
    const card = await hq.newCustomerCard();
    const before = hq.logLines.length;
    const auth = await hq.client.authenticateCard({ sessionId: newSessionId(), cardNumber: card.cardNumber, pinDigits: pinBuffer(card.pin) });
    expect(auth.ok && auth.value.outcome).toBe('ok');
    const lines = hq.logLines.slice(before).map((l) => JSON.parse(l) as Line).filter((l) => l.msg === 'incoming request' || l.msg === 'request completed');
    const forAuth = lines.filter((l) => l.reqId === lines.find((x) => x.req?.url === '/v1/card/authenticate')?.reqId);
    expect(forAuth.map((l) => [l.msg, l.level])).toEqual([['incoming request', INFO], ['request completed', INFO]]);
  });
});

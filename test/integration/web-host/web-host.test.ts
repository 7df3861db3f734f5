import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KioskCore } from '../../../src/main/kiosk-core';
import { startWebHost, type WebHost } from '../../../src/main/web-host/web-host';
import { MAX_INTENT_BYTES, type ViewModel } from '../../../src/shared/bridge';
import { captureLogger } from '../../support/capture-logger';
import { FakeCardReader, FakeHq, FakeIdScanner, fakeJournal, FakePrinter } from '../../support/fake-flow-ports';

let host: WebHost;
let core: KioskCore;
let log: ReturnType<typeof captureLogger>;

beforeEach(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'kiosk-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(staticDir, 'sim.html'), '<!doctype html><title>simulator</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(staticDir, '..', 'secret.txt'), 'outside');
  log = captureLogger();
  // The bridge is under test here; the flow's ports are stand-ins (the e2e suite runs the real ones).
  core = new KioskCore({ logger: log.logger, ports: { cardReader: new FakeCardReader(), idScanner: new FakeIdScanner(), printer: new FakePrinter(), hq: new FakeHq(), journal: fakeJournal().port } });
  core.start();
  host = await startWebHost({ core, logger: log.logger, staticDir });
});

afterEach(async () => {
  await host.close();
  core.stop();
});

function connect(options: { token?: string; origin?: string; path?: string } = {}): Promise<{ ws: WebSocket; views: ViewModel[] } | { refused: number }> {
  return new Promise((resolve) => {
    const protocols = ['kiosk.v1', ...(options.token === undefined ? [`token.${host.token}`] : options.token ? [`token.${options.token}`] : [])];
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${options.path ?? '/bridge'}`, protocols, { origin: options.origin ?? host.origin });
    const views: ViewModel[] = [];
    ws.on('message', (data) => views.push(JSON.parse(data.toString()) as ViewModel));
    ws.on('open', () => resolve({ ws, views }));
    ws.on('unexpected-response', (_req, res) => resolve({ refused: res.statusCode ?? 0 }));
    ws.on('error', () => undefined);
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('web host', () => {
  // Issue 15, "The simulator panel only when asked": without --simulate (no SimController given) the panel does not exist.
  it('answers 404 for the simulator panel and its API when not started with --simulate', async () => {
    for (const path of ['/sim.html', '/SIM.HTML', '/%73im.html', '/assets/../sim.html', '/sim/api/state']) {
      expect((await fetch(`${host.origin}${path}`, { headers: { Authorization: `Bearer ${host.token}` } })).status, path).toBe(404);
    }
    const command = await fetch(`${host.origin}/sim/api/command`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}`, Origin: host.origin }, body: '{"type":"hqOffline"}' });
    expect([404, 405]).toContain(command.status);
  });

  it('listens on 127.0.0.1 only and serves the renderer with a strict CSP', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain(`ws://127.0.0.1:${host.port}`);
    expect((await fetch(`${host.origin}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('refuses paths outside the renderer folder and non-GET methods', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/.env', '/%00']) {
      expect((await fetch(`${host.origin}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${host.origin}/`, { method: 'POST', body: '{}' })).status).toBe(405);
  });

  it('bridges views and intents for a client with the token from its own origin', async () => {
    const client = await connect();
    if (!('ws' in client)) throw new Error('refused');
    await until(() => client.views.length > 0);
    expect(client.views[0]!.view.screen).toBe('idle');
    client.ws.send(JSON.stringify({ type: 'setLocale', locale: 'en' }));
    await until(() => client.views.at(-1)?.locale === 'en');
    client.ws.close();
  });

  it('refuses a client without the token, with a wrong token, from another origin, or on another path, and logs why', async () => {
    expect(await connect({ token: '' })).toEqual({ refused: 401 });
    expect(await connect({ token: 'f'.repeat(64) })).toEqual({ refused: 401 });
    expect(await connect({ origin: 'http://evil.example' })).toEqual({ refused: 401 });
    expect(await connect({ path: '/other' })).toEqual({ refused: 404 });
    const reasons = log.lines().filter((l) => l.msg === 'web bridge connection refused').map((l) => l.reason);
    expect(reasons).toEqual(['badToken', 'badToken', 'badOrigin', 'badPath']);
    expect(log.text()).not.toContain(host.token);
  });

  it('survives hostile messages: nothing acted on, each refusal logged, the connection stays usable', async () => {
    const client = await connect();
    if (!('ws' in client)) throw new Error('refused');
    await until(() => client.views.length > 0);
    client.ws.send('not json');
    client.ws.send(JSON.stringify({ type: 'setLocale', locale: 'en', extra: true }));
    client.ws.send(JSON.stringify({ type: 'launchMissiles' }));
    client.ws.send(JSON.stringify({ type: 'ready', pad: 'x'.repeat(MAX_INTENT_BYTES) }));
    client.ws.send(Buffer.from([0xff, 0x00, 0x13]));
    client.ws.send(JSON.stringify({ type: 'setLargeText', on: true }));
    await until(() => client.views.at(-1)?.largeText === true);
    expect(core.view.locale).toBe('ja');
    const reasons = log.lines().filter((l) => l.msg === 'intent refused').map((l) => l.reason);
    expect(reasons).toEqual(['notJson', 'invalidShape', 'unknownType', 'tooLarge', 'notJson']);
    client.ws.close();
  });

  it('closes a connection that sends an absurdly large frame, and the host keeps serving', async () => {
    const client = await connect();
    if (!('ws' in client)) throw new Error('refused');
    const closed = new Promise<number>((r) => client.ws.on('close', (code) => r(code)));
    client.ws.send('x'.repeat(MAX_INTENT_BYTES * 4));
    expect(await closed).toBe(1009);
    const again = await connect();
    expect('ws' in again).toBe(true);
    if ('ws' in again) again.ws.close();
  });
});

/**
 * The web host (ARCHITECTURE.md, "Hosts"): serves the built renderer on
 * 127.0.0.1 only and carries the same intents and views as Electron's IPC
 * over one WebSocket. A client must present the per-launch token (as a
 * WebSocket subprotocol, so it never appears in a URL the server logs) and
 * come from the host's own origin; anything else is refused before upgrade.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { posix } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_INTENT_BYTES, WS_PROTOCOL, WS_TOKEN_PREFIX, type ViewModel } from '../../shared/bridge';
import { SimCommand } from '../../shared/sim/sim-commands';
import type { SimController } from '../simulation/sim-controller';
import type { KioskCore } from '../kiosk-core';
import type { Logger } from '../logging/logger';
import { securityHeaders } from '../security/content-security-policy';
import { readStaticFile } from '../renderer-assets/static-files';
import { OUT_OF_SERVICE_CSS_PATH, outOfServiceResponse, type OutOfServiceFacts } from '../startup/out-of-service-page';
import { PageWatch, type PageFailure } from './page-watch';

export interface WebHostOptions {
  /** The kiosk; absent when it could not start, and then `outOfService` says why. */
  core?: KioskCore;
  /** Serve only the out-of-service page (startup/out-of-service-page.ts) from the start. */
  outOfService?: OutOfServiceFacts;

  logger: Logger;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a random 256-bit one otherwise. */
  token?: string;
  /**
   * The development simulator panel, `/sim.html` and its API under /sim/api:
   * only when given (the CLI's `--simulate`, issue 15); without it both
   * answer 404. Never in Electron.
   */
  simulation?: SimController;
  /**
   * A page that reported a fatal error or stopped its heartbeat
   * (page-watch.ts): the kiosk journals `app.rendererFailed`, as Electron's
   * shell does for its renderer (issue 16).
   */
  onRendererFailure?: (failure: PageFailure) => void;
  /** No heartbeat for this long: the page is hung. Default 30 s (six missed heartbeats). */
  pageHangMs?: number;
}

export interface WebHost {
  port: number;
  origin: string;
  /** URL to open: the token travels in the fragment, which browsers never send to the server. */
  url: string;
  token: string;
  /** From now on every request gets the out-of-service page and every bridge is closed (an uncaught error, issue 16). */
  showOutOfService(facts: OutOfServiceFacts): void;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, logger, staticDir } = options;
  if (!core && !options.outOfService) throw new Error('startWebHost: a core, or the out-of-service facts');
  let outOfService = options.outOfService ?? null;

  const token = options.token ?? randomBytes(32).toString('hex');
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const origin = `http://127.0.0.1:${port}`;
  const headers = securityHeaders([`ws://127.0.0.1:${port}`]);

  server.on('request', async (req, res) => {
    const pathname = simPathOf(req.url ?? '/');
    if (outOfService) {
      const page = outOfServiceResponse(outOfService, pathname);
      // 503 for the page (nothing here is in service); its stylesheet 200, or browsers ignore it.
      res.writeHead(pathname === OUT_OF_SERVICE_CSS_PATH ? 200 : 503, { 'Content-Type': page.contentType, ...headers }).end(req.method === 'HEAD' ? undefined : page.body);
      return;
    }
    if (options.simulation && pathname.startsWith('/sim/api/')) {
      await handleSimApi(req, res, options.simulation);
      return;
    }
    if (!options.simulation && (pathname === '/sim.html' || pathname.startsWith('/sim/'))) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end('not found');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await readStaticFile(staticDir, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, ...headers });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });

  // Twice the intent limit: the gateway refuses (and logs) anything over the
  // limit itself; ws closes the socket for anything absurdly larger.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INTENT_BYTES * 2, handleProtocols: () => WS_PROTOCOL });
  const expected = Buffer.from(token);
  let clientCount = 0;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (outOfService || !core) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    const liveCore = core;
    const refusal = refuseUpgrade(req, origin, expected);
    if (refusal) {
      logger.warn({ reason: refusal, remote: req.socket.remoteAddress }, 'web bridge connection refused');
      socket.end(`HTTP/1.1 ${refusal === 'badPath' ? '404 Not Found' : '401 Unauthorized'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, `web:${++clientCount}`, liveCore));
  });

  /**
   * /sim/api/state (GET) and /sim/api/command (POST): same-origin and the
   * launch token as a bearer token, like the bridge.
   */
  async function handleSimApi(req: IncomingMessage, res: import('node:http').ServerResponse, simulation: SimController): Promise<void> {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
    };
    const presented = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return reply(401, { ok: false, message: 'token required' });
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return reply(401, { ok: false, message: 'wrong origin' });
    const path = new URL(req.url ?? '/', origin).pathname;
    if (req.method === 'GET' && path === '/sim/api/state') return reply(200, simulation.state());
    if (req.method !== 'POST' || path !== '/sim/api/command') return reply(404, { ok: false, message: 'not found' });
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > MAX_INTENT_BYTES) return reply(413, { ok: false, message: 'too large' });
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return reply(400, { ok: false, message: 'not JSON' });
    }
    const command = SimCommand.safeParse(json);
    if (!command.success) return reply(400, { ok: false, message: command.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    logger.info({ simCommand: command.data.type }, 'simulator command');
    return reply(200, await simulation.run(command.data));
  }

  function attach(ws: WebSocket, source: string, core: KioskCore): void {
    const send = (view: ViewModel) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(view));
    };
    const unsubscribe = core.onView(send);
    send(core.view);
    // Chromium closes the bridge with 1001 both when a page reloads and when it crashes (measured, issue 16):
    // the page's own heartbeat and fatal report say which (page-watch.ts).
    const watch = new PageWatch({
      hangAfterMs: options.pageHangMs ?? 30_000,
      onFailure: (failure) => {
        logger.error({ event: failure.kind === 'gone' ? 'rendererGone' : 'rendererUnresponsive', source, reason: failure.reason }, 'kiosk page failed; it reloads');
        options.onRendererFailure?.(failure);
      },
      close: (code, reason) => ws.close(code, reason),
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return core.handleIntent(Buffer.from(data as Buffer), source);
      const text = data.toString();
      if (!watch.take(text)) core.handleIntent(text, source);
    });
    ws.on('close', (code, reason) => {
      unsubscribe();
      watch.stop();
      logger.debug({ source, code, reason: reason.toString() }, 'web bridge closed');
      if (code === 1009) logger.warn({ source }, 'web bridge message over size limit; connection closed');
    });
    ws.on('error', (error) => logger.warn({ source, error: error.message }, 'web bridge socket error'));
  }

  return {
    port,
    origin,
    url: `${origin}/#token=${token}`,
    token,
    showOutOfService(facts) {
      outOfService = facts;
      for (const client of wss.clients) client.close(1011, 'out of service');
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request path as the static file server will read it (decoded, normalised, lower case), to match the panel's paths. */
function simPathOf(url: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.split('?')[0]!.split('#')[0]!);
  } catch {
    return url;
  }
  return posix.normalize(`/${decoded.replace(/\\/g, '/')}`).replace(/^\/+/, '/').toLowerCase();
}

type UpgradeRefusal = 'badPath' | 'badOrigin' | 'badToken';

function refuseUpgrade(req: IncomingMessage, origin: string, expected: Buffer): UpgradeRefusal | null {
  if (new URL(req.url ?? '/', origin).pathname !== '/bridge') return 'badPath';
  if (req.headers.origin !== origin) return 'badOrigin';
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(WS_PROTOCOL)) return 'badToken';
  const presented = offered.find((p) => p.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length) ?? '';
  const candidate = Buffer.from(presented);
  if (candidate.length !== expected.length || !timingSafeEqual(candidate, expected)) return 'badToken';
  return null;
}

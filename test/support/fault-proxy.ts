import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP proxy on loopback that misbehaves on purpose (issue 6, "Sync under
 * faults"). Each request takes the next fault from the plan; the proxy
 * buffers the request body so it can forward it once, twice or not at all.
 *
 * Given several upstreams it is also the small round-robin load balancer of
 * the multi-instance tests (issue 19): each forwarded request goes to the
 * next upstream in turn, and `routed` records which one answered it, with
 * HQ's `x-request-id`.
 *
 * - `pass`: forward and relay the answer.
 * - `drop`: close the client connection without forwarding (request lost).
 * - `loseResponse`: forward, let upstream commit and answer, then close the
 *   client connection instead of relaying (the answer is lost).
 * - `delay`: wait `ms`, then forward.
 * - `error500`: answer 500 without forwarding.
 * - `reset`: TCP RST on the client connection before forwarding.
 * - `duplicate`: forward the same request twice at once and relay the
 *   second answer (a retransmitted or replayed batch).
 * - `restartUpstream`: forward, wait for the answer, close the client
 *   connection, then run `onRestartUpstream` (HQ stops and starts again)
 *   before taking the next request.
 * - `interruptUpstream`: forward, and `afterMs` later run
 *   `onInterruptUpstream` while the request may still be inside HQ's
 *   transaction (e.g. kill its database sessions and restart it); whatever
 *   answer comes back (often none) is relayed or the connection closed.
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'drop' }
  | { kind: 'loseResponse' }
  | { kind: 'delay'; ms: number }
  | { kind: 'error500' }
  | { kind: 'reset' }
  | { kind: 'duplicate' }
  | { kind: 'restartUpstream' }
  | { kind: 'interruptUpstream'; afterMs: number };

export type FaultKind = Fault['kind'];

export interface FaultProxy {
  url: string;
  /** How many requests met each fault so far. */
  counts: Record<FaultKind, number>;
  /** Every forwarded request that got an answer: the upstream's index in the list, the path, the status and its x-request-id. */
  routed: Routed[];
  /** Change where requests go (after HQ restarts on another port; a list: round-robin over it). */
  setUpstream(url: string | readonly string[]): void;
  close(): Promise<void>;
}

export interface Routed {
  upstream: number;
  method: string;
  path: string;
  status: number;
  requestId: string | null;
}

export interface FaultProxyOptions {
  /** One upstream, or several taken in turn (round-robin per forwarded request). Empty until `setUpstream`: requests get 502. */
  upstream: string | readonly string[];
  /** Fault for the n-th request (0-based). Default: pass every request. */
  plan?: (requestIndex: number) => Fault;
  onRestartUpstream?: () => Promise<void>;
  onInterruptUpstream?: () => Promise<void>;
}

interface Forwarded {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const upstreamList = (upstream: string | readonly string[]): URL[] => (typeof upstream === 'string' ? [upstream] : upstream).map((u) => new URL(u));

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let upstreams = upstreamList(options.upstream);
  let turn = 0;
  const routed: Routed[] = [];
  const plan = options.plan ?? (() => ({ kind: 'pass' as const }));
  let index = 0;
  let restarting: Promise<void> = Promise.resolve();
  const counts: Record<FaultKind, number> = { pass: 0, drop: 0, loseResponse: 0, delay: 0, error500: 0, reset: 0, duplicate: 0, restartUpstream: 0, interruptUpstream: 0 };
  const sockets = new Set<Socket>();

  function forward(req: IncomingMessage, body: Buffer): Promise<Forwarded> {
    return new Promise((resolve, reject) => {
      if (upstreams.length === 0) return reject(new Error('no upstream'));
      const chosen = turn++ % upstreams.length;
      const upstream = upstreams[chosen]!;
      // The Host header as the kiosk sent it, like a reverse proxy configured to keep it: HQ checks the origin the kiosk signed for (KIOSK-REQUEST-V2).
      // X-Forwarded-For/-Proto as a load balancer adds them (HQ trusts them only with --trust-proxy).
      const headers = { ...req.headers, 'content-length': String(body.length), 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1', 'x-forwarded-proto': 'http' };
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const requestId = res.headers['x-request-id'];
          routed.push({ upstream: chosen, method: req.method ?? '', path: req.url ?? '', status: res.statusCode ?? 502, requestId: typeof requestId === 'string' ? requestId : null });
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }

  function relay(res: ServerResponse, answer: Forwarded): void {
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  async function forwardOr502(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    try {
      relay(res, await forward(req, body));
    } catch {
      // Upstream down (restarting): like a gateway would.
      if (!res.headersSent) res.writeHead(502).end();
    }
  }

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    await restarting;
    const fault = plan(index++);
    counts[fault.kind]++;
    switch (fault.kind) {
      case 'pass':
        return forwardOr502(req, res, body);
      case 'drop':
        req.socket.destroy();
        return;
      case 'loseResponse':
        await forward(req, body).catch(() => undefined);
        req.socket.destroy();
        return;
      case 'delay':
        await new Promise((r) => setTimeout(r, fault.ms));
        return forwardOr502(req, res, body);
      case 'error500':
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"code":"internalError","message":"injected"}');
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'duplicate': {
        const [, second] = await Promise.allSettled([forward(req, body), forward(req, body)]);
        if (second.status === 'fulfilled') relay(res, second.value);
        else res.writeHead(502).end();
        return;
      }
      case 'restartUpstream': {
        await forward(req, body).catch(() => undefined);
        req.socket.destroy();
        restarting = (options.onRestartUpstream ?? (async () => undefined))();
        await restarting;
        return;
      }
      case 'interruptUpstream': {
        const answer = forward(req, body).then((a) => a, () => null);
        await new Promise((r) => setTimeout(r, fault.afterMs));
        restarting = (options.onInterruptUpstream ?? (async () => undefined))();
        const [relayed] = await Promise.all([answer, restarting]);
        if (relayed) relay(res, relayed);
        else req.socket.destroy();
        return;
      }
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    routed,
    setUpstream(url) { upstreams = upstreamList(url); },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

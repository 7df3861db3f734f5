/**
 * The origin HQ answers to, as kiosks name it in KIOSK-REQUEST-V2
 * (src/shared/hq-api/request-signing.ts; issue 15: "the signed request
 * string names HQ's origin").
 *
 * - Configured (`HQ_PUBLIC_ORIGIN` / `--public-origin`): the origin kiosks
 *   reach HQ at, e.g. `https://hq.example.jp` behind a TLS terminator. Every
 *   request must name exactly it.
 * - Not configured, listening on loopback (the development default and the
 *   embedded HQ): `http(s)://` and the request's Host header when that names
 *   a loopback host (127.0.0.0/8, localhost, [::1]), so a kiosk configured
 *   with `http://localhost:8470`, one with `http://127.0.0.1:8470` and one
 *   behind a local reverse proxy that keeps the Host header all work. Any
 *   other Host header gets the listener's own address. On loopback nobody
 *   else stands between kiosk and HQ; the origin line earns its keep off it.
 * - Not configured, listening off loopback: refused at start
 *   (`requirePublicOriginOffLoopback`), naming the setting.
 */
import type { FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { ORIGIN_PATTERN } from '../../shared/hq-api/request-signing';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `value` as an origin (`scheme://host[:port]`, nothing after), or the problem with it. */
export function parsePublicOrigin(value: string): { ok: true; origin: string } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: `${JSON.stringify(value)} is not a URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: `${value}: must be https:// (or http:// on loopback)` };
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return { ok: false, problem: `${value}: an origin only (scheme, host, port), no path or query` };
  if (!ORIGIN_PATTERN.test(url.origin)) return { ok: false, problem: `${value}: not a plain origin` };
  return { ok: true, origin: url.origin };
}

export type OriginOfRequest = (request: FastifyRequest) => string;

export function hqOrigin(options: { publicOrigin?: string; tls: boolean }): OriginOfRequest {
  if (options.publicOrigin) {
    const fixed = options.publicOrigin;
    return () => fixed;
  }
  const scheme = options.tls ? 'https' : 'http';
  return (request) => {
    const named = loopbackOriginOf(scheme, request.headers.host);
    if (named !== null) return named;
    const address = request.server.server.address() as AddressInfo | string | null;
    if (!address || typeof address === 'string') return `${scheme}://127.0.0.1`;
    return new URL(`${scheme}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`).origin;
  };
}

/** The origin a Host header names, as `new URL(...).origin` spells it (no default port), when its host is loopback. */
function loopbackOriginOf(scheme: string, header: string | undefined): string | null {
  if (!header || !/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(header)) return null;
  let url: URL;
  try {
    url = new URL(`${scheme}://${header}`);
  } catch {
    return null;
  }
  return isLoopbackHost(url.hostname) ? url.origin : null;
}

/** Start-up check: HQ listening off loopback must be told its public origin. */
export function requirePublicOriginOffLoopback(host: string, publicOrigin: string | undefined): void {
  if (publicOrigin === undefined && !isLoopbackHost(host)) {
    throw new Error(`HQ listens on ${host} (off loopback): set HQ_PUBLIC_ORIGIN (or --public-origin) to the origin kiosks reach it at, e.g. https://hq.example.jp`);
  }
}

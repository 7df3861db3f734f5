/**
 * Who is asking, for every console request (issue 17):
 * - the session cookie (HttpOnly, SameSite=Strict, Path=/console, Secure
 *   when HQ is reached over https) names a server-side session
 *   (src/hq/operators/operator-sessions.ts); without a live one a page
 *   redirects to the sign-in page and a form post is refused;
 * - every POST must come from this origin (Fetch Metadata or Origin: OWASP
 *   CSRF Prevention Cheat Sheet, "Verifying origin with standard headers")
 *   AND carry the session's synchronizer token in `_csrf`; the sign-in form,
 *   before any session, carries a token equal to a pre-session cookie
 *   (the cheat sheet's "double submit cookie"), against login CSRF;
 * - a route's role (`config.role`) is checked against the operator's.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows, type OperatorRole } from '../operators/operator-accounts';
import { resumeOperatorSession } from '../operators/operator-sessions';
import type { Clock } from '../context';
import type { Db } from '../../server-kit/db/db';
import { CSRF_FIELD, type ConsoleViewer } from './console-layout';

export const SESSION_COOKIE = 'hq_console_session';
export const SIGN_IN_COOKIE = 'hq_console_sign_in';

/** Paths that need no session: the sign-in page and its post, single sign-on (oidc-routes.ts), and the stylesheet. */
const PUBLIC_PATHS = new Set(['/console/sign-in', '/console/console.css', '/console/oidc/start', '/console/oidc/callback']);

declare module 'fastify' {
  interface FastifyRequest {
    consoleViewer: ConsoleViewer | null;
  }
  interface FastifyContextConfig {
    /** The least role a console route needs; viewer when absent. */
    consoleRole?: OperatorRole;
  }
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function setCookie(reply: FastifyReply, request: FastifyRequest, name: string, value: string, options: { clear?: boolean } = {}): void {
  const attributes = [`${name}=${value}`, 'Path=/console', 'HttpOnly', 'SameSite=Strict'];
  if (request.protocol === 'https') attributes.push('Secure');
  if (options.clear) attributes.push('Max-Age=0');
  void reply.header('set-cookie', [...[reply.getHeader('set-cookie') ?? []].flat().map(String), attributes.join('; ')]);
}

export function tokensEqual(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Same-origin by the Fetch Metadata header when the browser sends it, else
 * by Origin against the configured public origin (HQ_PUBLIC_ORIGIN, behind a
 * TLS-terminating proxy) or, without one, the request's protocol and host
 * (which trustProxy takes from X-Forwarded-*); a client sending neither is
 * not a browser.
 */
export function fromThisOrigin(request: FastifyRequest, publicOrigin?: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === (publicOrigin ?? `${request.protocol}://${request.host}`);
}

const plain = (reply: FastifyReply, code: number, ja: string, en: string) => reply.code(code).type('text/plain; charset=utf-8').send(`${ja} / ${en}`);

/** onRequest: origin check on posts, the session, the sign-in redirect. */
export function consoleSessionHook(db: Db, clock: Clock, publicOrigin?: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    request.consoleViewer = null;
    if (request.method === 'POST' && !fromThisOrigin(request, publicOrigin)) return plain(reply, 403, '他のサイトからの送信は受け付けません。', 'A form from another site is refused.');
    const path = request.url.split('?')[0]!;
    if (PUBLIC_PATHS.has(path)) return;
    const token = readCookie(request, SESSION_COOKIE);
    const session = token ? await resumeOperatorSession(db, token, clock()) : null;
    if (!session) {
      if (request.method === 'GET') return reply.redirect('/console/sign-in', 303);
      return plain(reply, 401, 'サインインしてください。', 'Sign in first.');
    }
    request.consoleViewer = { operatorId: session.operatorId, displayName: session.displayName, role: session.role, csrfToken: session.csrfToken };
  };
}

/** preHandler (the body is parsed by then): the CSRF token on posts, then the route's role. */
export async function consoleGuard(request: FastifyRequest, reply: FastifyReply) {
  const viewer = request.consoleViewer;
  if (!viewer) return;
  if (request.method === 'POST') {
    const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (!tokensEqual(typeof sent === 'string' ? sent : undefined, viewer.csrfToken)) {
      return plain(reply, 403, 'フォームの有効期限が切れました。ページを読み込み直してください。', 'The form is stale or forged (CSRF token); reload the page.');
    }
  }
  const needed = request.routeOptions.config.consoleRole ?? 'viewer';
  if (!roleAllows(viewer.role, needed)) return plain(reply, 403, 'この操作の権限がありません。', `Your role may not do this (needs ${needed}).`);
}

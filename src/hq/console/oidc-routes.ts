/**
 * The console's single sign-on routes (issue 17; src/hq/operators/oidc-sign-in.ts):
 * - `GET /console/oidc/start`: redirects to the identity provider, keeping
 *   state, nonce and the PKCE verifier in an HttpOnly cookie for ten
 *   minutes. That cookie is SameSite=Lax, not Strict like the session's:
 *   the provider's redirect back is a cross-site navigation, on which a
 *   browser sends no Strict cookie (RFC 6265bis, "SameSite cookies");
 * - `GET /console/oidc/callback`: checks them, redeems the code, maps the
 *   claim to an operator, and starts the same server-side session a
 *   password sign-in does (expiry, CSRF token and roles unchanged). The
 *   answer is a page that moves on to /console itself: after a cross-site
 *   redirect chain the browser would not send the new Strict cookie yet.
 * Every outcome is an `operatorSignIn` row of the operation log with
 * `detail.via = "oidc"`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HqContext } from '../context';
import { logOperation } from '../operation-log';
import type { OidcSignIn, PendingSignIn } from '../operators/oidc-sign-in';
import { startOperatorSession } from '../operators/operator-sessions';
import { readCookie, SESSION_COOKIE, setCookie } from './console-session';
import { html, type Html } from './html';

export const OIDC_COOKIE = 'hq_console_oidc';
const PENDING_SECONDS = 600;

function pendingCookie(request: FastifyRequest, value: string, maxAge: number): string {
  return [`${OIDC_COOKIE}=${value}`, 'Path=/console/oidc', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`, ...(request.protocol === 'https' ? ['Secure'] : [])].join('; ');
}

function readPending(request: FastifyRequest): PendingSignIn | null {
  const raw = readCookie(request, OIDC_COOKIE);
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Record<string, unknown>;
    const ok = ['state', 'nonce', 'verifier'].every((k) => typeof value[k] === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(value[k] as string));
    return ok ? (value as unknown as PendingSignIn) : null;
  } catch {
    return null;
  }
}

const page = (reply: FastifyReply, code: number, body: Html, refreshTo?: string) => reply.code(code).type('text/html; charset=utf-8').send(html`<!doctype html>
<html lang="ja"><head><meta charset="utf-8">${refreshTo ? html`<meta http-equiv="refresh" content="0;url=${refreshTo}">` : ''}
<title>運用コンソール / HQ operator console</title><link rel="stylesheet" href="/console/console.css"></head>
<body><main>${body}</main></body></html>`.text);

const message = (ja: string, en: string) => html`<p>${ja}<br><span lang="en">${en}</span></p><p><a href="/console/sign-in">サインインに戻る <span lang="en">Back to sign-in</span></a></p>`;

export async function oidcRoutes(app: FastifyInstance, options: { ctx: HqContext; sso: OidcSignIn }): Promise<void> {
  const { ctx, sso } = options;

  app.get('/console/oidc/start', { schema: { hide: true } }, async (request, reply) => {
    let started: Awaited<ReturnType<OidcSignIn['start']>>;
    try {
      started = await sso.start();
    } catch {
      return page(reply, 503, message('認証サーバーに接続できません。パスワードでサインインしてください。', 'The identity provider cannot be reached; sign in with your password.'));
    }
    void reply.header('set-cookie', pendingCookie(request, Buffer.from(JSON.stringify(started.pending)).toString('base64url'), PENDING_SECONDS));
    return reply.redirect(started.url, 303);
  });

  app.get('/console/oidc/callback', { schema: { hide: true } }, async (request, reply) => {
    const pending = readPending(request);
    void reply.header('set-cookie', pendingCookie(request, '', 0));
    if (!pending) return page(reply, 400, message('サインインの有効期限が切れました。もう一度お試しください。', 'The sign-in expired or did not start here; try again.'));
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const now = ctx.clock();
    const result = await sso.finish(ctx.db, sso.callbackUrl(query), pending, now);
    await logOperation(ctx.db, {
      at: now, kioskId: null, sessionId: null, operation: 'operatorSignIn', outcome: result.ok ? 'signedIn' : result.reason,
      operatorId: result.ok ? result.operator.operatorId : result.operatorId, detail: { via: 'oidc' },
    });
    if (!result.ok) {
      // Which of noAccount, disabled or locked is not said: the page does not tell which accounts exist.
      return page(reply, 401, message('このアカウントではサインインできません。管理者にお問い合わせください。', 'This account cannot sign in to the console; ask an administrator.'));
    }
    const session = await startOperatorSession(ctx.db, result.operator.operatorId, now);
    setCookie(reply, request, SESSION_COOKIE, session.token);
    return page(reply, 200, message('サインインしました。', 'Signed in.'), '/console');
  });
}

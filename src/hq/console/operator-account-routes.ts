/**
 * The console's sign-in, sign-out and account management (issue 17). Each
 * attempt to sign in, each sign-out and each account change is in HQ's
 * operation log with the operator's id (a sign-in under an unknown login
 * has none, and its login is not kept: people type passwords into the wrong
 * field).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HqContext } from '../context';
import type { ScryptCost } from '../keys/scrypt-hash';
import { logActorOperation, logOperation } from '../operation-log';
import {
  createOperator, listOperators, NewOperator, OPERATOR_SCRYPT_COST, setOperatorDisabled, signIn, unlockOperator,
} from '../operators/operator-accounts';
import { endOperatorSession, startOperatorSession } from '../operators/operator-sessions';
import { renderOperatorsPage, renderSignInPage, type NewOperatorForm } from './account-pages';
import { CSRF_FIELD, when, type Flash } from './console-layout';
import { readCookie, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE, tokensEqual } from './console-session';

export interface OperatorAccountRoutesOptions {
  ctx: HqContext;
  passwordCost?: ScryptCost | undefined;
  sendPage: (reply: FastifyReply, code: number, page: string) => FastifyReply;
  /** Whether single sign-on is configured: the sign-in page links to it. */
  sso?: boolean;
}

const field = (body: unknown, name: string, max = 300): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
};

export async function operatorAccountRoutes(app: FastifyInstance, options: OperatorAccountRoutesOptions): Promise<void> {
  const { ctx, sendPage } = options;
  const cost = options.passwordCost ?? OPERATOR_SCRYPT_COST;
  const administrator = { consoleRole: 'administrator' as const };

  const signInPage = (request: FastifyRequest, reply: FastifyReply, code: number, login: string, flash?: Flash) => {
    // A fresh pre-session token each time the form is shown (double submit: console-session.ts).
    const token = randomBytes(32).toString('base64url');
    setCookie(reply, request, SIGN_IN_COOKIE, token);
    return sendPage(reply, code, renderSignInPage({ at: ctx.clock().toISOString(), csrfToken: token, login, flash, sso: options.sso ?? false }));
  };

  app.get('/console/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const flash = query.signedOut !== undefined ? { kind: 'ok' as const, ja: 'サインアウトしました。', en: 'You are signed out.' } : undefined;
    return signInPage(request, reply, 200, '', flash);
  });

  app.post('/console/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const login = field(request.body, 'login', 100).trim();
    const password = field(request.body, 'password', 256);
    if (!tokensEqual(field(request.body, CSRF_FIELD), readCookie(request, SIGN_IN_COOKIE))) {
      return signInPage(request, reply, 403, login, { kind: 'error', ja: 'フォームの有効期限が切れました。もう一度入力してください。', en: 'The form is stale or forged; enter your details again.' });
    }
    const now = ctx.clock();
    const result = await signIn(ctx.db, login, password, now);
    await logOperation(ctx.db, {
      at: now, kioskId: null, sessionId: null, operation: 'operatorSignIn', outcome: result.ok ? 'signedIn' : result.reason,
      operatorId: result.ok ? result.operator.operatorId : result.operatorId,
    });
    if (!result.ok) {
      const flash: Flash = result.reason === 'locked'
        ? { kind: 'error', ja: `続けて失敗したため、${when(result.lockedUntil ?? null)}までロックされています。`, en: `Locked after repeated failures, until ${when(result.lockedUntil ?? null)} (Tokyo time).` }
        : { kind: 'error', ja: 'ログイン名またはパスワードが違います。', en: 'Wrong login or password.' };
      // A disabled account reads as wrong credentials: the page does not say which accounts exist.
      return signInPage(request, reply, 401, login, flash);
    }
    const session = await startOperatorSession(ctx.db, result.operator.operatorId, now);
    setCookie(reply, request, SIGN_IN_COOKIE, '', { clear: true });
    setCookie(reply, request, SESSION_COOKIE, session.token);
    return reply.redirect('/console', 303);
  });

  app.post('/console/sign-out', { schema: { hide: true } }, async (request, reply) => {
    const now = ctx.clock();
    await endOperatorSession(ctx.db, readCookie(request, SESSION_COOKIE) ?? '', now);
    await logActorOperation(ctx.db, { operatorId: request.consoleViewer!.operatorId }, { at: now, kioskId: null, operation: 'operatorSignOut', outcome: 'signedOut' });
    setCookie(reply, request, SESSION_COOKIE, '', { clear: true });
    return reply.redirect('/console/sign-in?signedOut', 303);
  });

  const operatorsPage = async (request: FastifyRequest, reply: FastifyReply, code: number, form: NewOperatorForm, flash?: Flash) => sendPage(reply, code, renderOperatorsPage({
    at: ctx.clock().toISOString(), viewer: request.consoleViewer!, operators: await listOperators(ctx.db), form, flash,
  }));
  const blankForm: NewOperatorForm = { login: '', displayName: '', role: 'viewer' };

  app.get('/console/operators', { schema: { hide: true }, config: administrator }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const done = typeof query.done === 'string' ? { kind: 'ok' as const, ja: '変更しました。', en: `Done: ${query.done.slice(0, 40)}.` } : undefined;
    return operatorsPage(request, reply, 200, blankForm, done);
  });

  app.post('/console/operators', { schema: { hide: true }, config: administrator }, async (request, reply) => {
    const form: NewOperatorForm = { login: field(request.body, 'login', 100).trim(), displayName: field(request.body, 'displayName', 200), role: field(request.body, 'role', 20) };
    const parsed = NewOperator.safeParse({ ...form, password: field(request.body, 'password', 300) });
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => i.message).join('; ');
      return operatorsPage(request, reply, 400, form, { kind: 'error', ja: '入力内容を確認してください。', en: `Check the form: ${detail}` });
    }
    const now = ctx.clock();
    const actor = { operatorId: request.consoleViewer!.operatorId };
    const created = await ctx.db.transaction(async (tx) => {
      const operator = await createOperator(tx, parsed.data, now, cost);
      if (operator) await logActorOperation(tx, actor, { at: now, kioskId: null, operation: 'operatorAccount', outcome: 'created', detail: { subject: operator.operatorId, login: operator.login, role: operator.role } });
      return operator;
    });
    if (!created) return operatorsPage(request, reply, 409, form, { kind: 'error', ja: 'そのログイン名は使われています。', en: `The login ${form.login} is taken.` });
    return reply.redirect('/console/operators?done=created', 303);
  });

  for (const change of ['disable', 'enable', 'unlock'] as const) {
    app.post(`/console/operators/:operatorId/${change}`, { schema: { hide: true }, config: administrator }, async (request, reply) => {
      const subject = Number((request.params as { operatorId: string }).operatorId);
      const viewer = request.consoleViewer!;
      if (subject === viewer.operatorId && change === 'disable') {
        return operatorsPage(request, reply, 400, blankForm, { kind: 'error', ja: '自分のアカウントは無効にできません。', en: 'You cannot disable your own account.' });
      }
      const now = ctx.clock();
      const done = Number.isSafeInteger(subject) && subject > 0 && await ctx.db.transaction(async (tx) => {
        const changed = change === 'unlock' ? await unlockOperator(tx, subject) : await setOperatorDisabled(tx, subject, change === 'disable', now);
        if (changed) await logActorOperation(tx, { operatorId: viewer.operatorId }, { at: now, kioskId: null, operation: 'operatorAccount', outcome: `${change}d`, detail: { subject } });
        return changed;
      });
      if (!done) return operatorsPage(request, reply, 404, blankForm, { kind: 'error', ja: 'そのアカウントは見つかりません。', en: 'No such account.' });
      return reply.redirect(`/console/operators?done=${change}`, 303);
    });
  }
}

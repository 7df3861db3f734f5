/**
 * A browser's part in the operator console for integration tests: a named
 * operator created in the store, signed in through the real sign-in form
 * (pre-session cookie and token, then the session cookie), and requests
 * that carry the cookie, the session's CSRF token and this origin.
 */
import { randomBytes } from 'node:crypto';
import { createOperator, type OperatorRole } from '../../../src/hq/operators/operator-accounts';
import { TEST_SCRYPT_COST, type HqHarness } from './hq-harness';

export interface ConsoleClient {
  operatorId: number;
  login: string;
  password: string;
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  /** A same-origin form post with the CSRF token (override any field or header). */
  post(path: string, fields?: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
}

export const CSRF_IN_PAGE = /name="_csrf" value="([^"]+)"/;

export async function newOperator(hq: HqHarness, role: OperatorRole, login = `${role}-${randomBytes(3).toString('hex')}`, password = 'correct horse battery staple') {
  const operator = await createOperator(hq.db, { login, displayName: `試験 ${role}`, role, password }, hq.clock.now, TEST_SCRYPT_COST);
  if (!operator) throw new Error(`login ${login} taken`);
  return { ...operator, password };
}

/** GET the sign-in form, POST it; returns the response and the cookie jar. */
export async function postSignIn(hq: HqHarness, login: string, password: string): Promise<{ response: Response; cookie: string }> {
  const form = await fetch(`${hq.url}/console/sign-in`);
  const preCookie = (form.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  const token = CSRF_IN_PAGE.exec(await form.text())?.[1] ?? '';
  const response = await fetch(`${hq.url}/console/sign-in`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ login, password, _csrf: token }),
    headers: { cookie: preCookie, origin: hq.url, 'sec-fetch-site': 'same-origin' },
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('hq_console_session=') && !c.includes('Max-Age=0'));
  return { response, cookie: session ? session.split(';')[0]! : '' };
}

export async function signInAs(hq: HqHarness, role: OperatorRole): Promise<ConsoleClient> {
  const operator = await newOperator(hq, role);
  const { response, cookie } = await postSignIn(hq, operator.login, operator.password);
  if (response.status !== 303 || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  const get = (path: string) => fetch(`${hq.url}${path}`, { redirect: 'manual', headers: { cookie } });
  const csrf = CSRF_IN_PAGE.exec(await (await get('/console')).text())?.[1] ?? '';
  return {
    operatorId: operator.operatorId, login: operator.login, password: operator.password, cookie, csrf, get,
    post: (path, fields = {}, headers = {}) => fetch(`${hq.url}${path}`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: csrf, ...fields }),
      headers: { cookie, origin: hq.url, 'sec-fetch-site': 'same-origin', ...headers },
    }),
  };
}

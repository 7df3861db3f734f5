/**
 * Single sign-on into the operator console through OpenID Connect (issue
 * 17), end to end against a real identity provider (`oidc-provider`)
 * started on loopback by this test, on both stores: the browser's part is
 * fetch with a cookie jar following each redirect by hand, through the
 * provider's own login and consent forms. Proven: an existing operator
 * signs in with their role and gets the same session (CSRF token, roles) a
 * password gives; an unknown or disabled login is refused; a callback
 * without the pending cookie, or with another state, is refused; every
 * outcome is in the operation log with `via: oidc`.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OIDC_CALLBACK_PATH } from '../../../src/hq/config/oidc-config';
import { setOperatorDisabled } from '../../../src/hq/operators/operator-accounts';
import { CSRF_IN_PAGE, newOperator } from './console-client';
import { startHarness, STORES, type HqHarness } from './hq-harness';

/** A browser's cookies for 127.0.0.1 (cookies do not depend on the port), by name. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

async function browse(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
  jar.take(response);
  return response;
}

/** Follows redirects (and the provider's form steps) until a page that is not a redirect. */
async function follow(jar: CookieJar, start: Response, base: string, login: string): Promise<{ response: Response; url: string }> {
  let response = start;
  let url = base;
  for (let hop = 0; hop < 20; hop++) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url).href;
      response = await browse(jar, url);
      continue;
    }
    if (!url.includes('/interaction/')) return { response, url };
    // The provider's development login and consent forms: fill and submit.
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`no form at ${url}`);
    const fields = new URLSearchParams();
    for (const input of page.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(input[0])?.[1];
      if (!name) continue;
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      fields.set(name, name === 'login' ? login : name === 'password' ? 'any' : value);
    }
    url = new URL(action, url).href;
    response = await browse(jar, url, { method: 'POST', body: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  throw new Error('too many hops');
}

describe.each(STORES)('console single sign-on (OpenID Connect) on %s', (kind) => {
  let hq: HqHarness;
  let idp: Server;
  let issuer: string;

  beforeAll(async () => {
    idp = createServer();
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    // HQ's port is known only once it listens: the redirect URI is set then (OidcSignIn reads its settings at each sign-in).
    const settings = { issuer, clientId: 'hq-console', clientSecret: 'hq-console-secret-for-tests', redirectUri: 'http://127.0.0.1:1/', loginClaim: 'preferred_username' };
    hq = await startHarness(kind, { app: { oidc: settings } });
    settings.redirectUri = `${hq.url}${OIDC_CALLBACK_PATH}`;
    const provider = new Provider(issuer, {
      clients: [{ client_id: settings.clientId, client_secret: settings.clientSecret, redirect_uris: [settings.redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
      claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
      // The login claim in the ID token itself (OpenID Connect Core 5.4 lets a provider put scope claims there).
      conformIdTokenClaims: false,
      findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub, preferred_username: sub, name: sub }) }),
      cookies: { keys: ['a-cookie-signing-key-for-this-test-only'] },
      pkce: { required: () => true },
    });
    idp.on('request', provider.callback());
  });
  afterAll(async () => {
    await hq?.close();
    await new Promise((resolve) => idp?.close(resolve));
  });

  const signInRows = async (operatorId: number | null) => (await hq.db.query<{ outcome: string; detail: Record<string, unknown> }>(
    `SELECT outcome, detail FROM operation_log WHERE operation = 'operatorSignIn' AND detail->>'via' = 'oidc' AND console_operator_id ${operatorId === null ? 'IS NULL' : '= $1'} ORDER BY at, outcome`,
    operatorId === null ? [] : [operatorId])).rows;

  async function ssoSignIn(login: string) {
    const jar = new CookieJar();
    const signInPage = await (await browse(jar, `${hq.url}/console/sign-in`)).text();
    expect(signInPage).toContain('href="/console/oidc/start"');
    const start = await browse(jar, `${hq.url}/console/oidc/start`);
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(start.headers.getSetCookie().find((c) => c.startsWith('hq_console_oidc='))).toMatch(/HttpOnly; SameSite=Lax/);
    const end = await follow(jar, start, `${hq.url}/console/oidc/start`, login);
    return { jar, ...end };
  }

  it('signs an existing operator in with their own role, through the provider\'s login, and the session works like a password\'s', async () => {
    const operator = await newOperator(hq, 'operator');
    const { jar, response, url } = await ssoSignIn(operator.login);
    expect(url.startsWith(`${hq.url}${OIDC_CALLBACK_PATH}?`)).toBe(true);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('content="0;url=/console"');
    expect(jar.has('hq_console_session')).toBe(true);
    expect(jar.has('hq_console_oidc')).toBe(false);

    const consolePage = await browse(jar, `${hq.url}/console`);
    expect(consolePage.status).toBe(200);
    const page = await consolePage.text();
    expect(page).toContain(`data-operator="${operator.operatorId}" data-role="operator"`);
    // The local rules stay: a form post needs the session's CSRF token.
    const csrf = CSRF_IN_PAGE.exec(page)![1]!;
    const headers = { origin: hq.url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };
    expect((await browse(jar, `${hq.url}/console/sign-out`, { method: 'POST', body: new URLSearchParams({ _csrf: 'forged' }), headers })).status).toBe(403);
    expect((await browse(jar, `${hq.url}/console/sign-out`, { method: 'POST', body: new URLSearchParams({ _csrf: csrf }), headers })).status).toBe(303);
    expect(await signInRows(operator.operatorId)).toEqual([{ outcome: 'signedIn', detail: { via: 'oidc' } }]);
  });

  it('refuses a login the provider knows but HQ has no account for, and a disabled account; both logged', async () => {
    const unknown = await ssoSignIn('nobody-at-hq');
    expect(unknown.response.status).toBe(401);
    expect(unknown.jar.has('hq_console_session')).toBe(false);
    expect(await signInRows(null)).toEqual([{ outcome: 'noAccount', detail: { via: 'oidc' } }]);

    const operator = await newOperator(hq, 'viewer');
    await setOperatorDisabled(hq.db, operator.operatorId, true, hq.clock.now);
    const disabled = await ssoSignIn(operator.login);
    expect(disabled.response.status).toBe(401);
    expect(disabled.jar.has('hq_console_session')).toBe(false);
    expect(await signInRows(operator.operatorId)).toEqual([{ outcome: 'disabled', detail: { via: 'oidc' } }]);
  });

  it('refuses a callback that did not start here (no pending cookie) or whose state is not the one sent (login CSRF)', async () => {
    const noCookie = await fetch(`${hq.url}${OIDC_CALLBACK_PATH}?code=stolen&state=whatever`, { redirect: 'manual' });
    expect(noCookie.status).toBe(400);

    const operator = await newOperator(hq, 'viewer');
    const jar = new CookieJar();
    const start = await browse(jar, `${hq.url}/console/oidc/start`);
    // The victim's browser holds its own pending sign-in; an attacker's callback URL carries another state.
    const forged = await browse(jar, `${hq.url}${OIDC_CALLBACK_PATH}?code=attackers-code&state=not-the-state-sent&iss=${encodeURIComponent(issuer)}`);
    expect(forged.status).toBe(401);
    expect(jar.has('hq_console_session')).toBe(false);
    expect(start.status).toBe(303);
    expect(await signInRows(operator.operatorId)).toEqual([]);
  });
});

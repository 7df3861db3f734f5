/**
 * Single sign-on into the operator console in real Chromium (issue 17): an
 * OpenID Connect provider (`oidc-provider`) and an HQ both started by this
 * spec on loopback. The operator account exists at HQ (made with the admin
 * token); the person signs in at the provider's own login and consent
 * pages and lands in the console with their role: the browser's real
 * cookie rules (the SameSite=Lax pending cookie across the provider's
 * redirect, the Strict session cookie after it) are what this proves beyond
 * the vitest flow.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { test, expect } from '@playwright/test';
import { OIDC_CALLBACK_PATH } from '../../src/hq/config/oidc-config';
import { startHqServer, type RunningHq } from '../../src/hq/server';

let hq: RunningHq;
let idp: Server;

test.beforeAll(async () => {
  idp = createServer();
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const oidc = { issuer, clientId: 'hq-console', clientSecret: 'hq-console-secret-for-e2e', redirectUri: 'http://127.0.0.1:1/', loginClaim: 'preferred_username' };
  hq = await startHqServer({ port: 0, seedWhenEmpty: false, logger: false, env: {}, oidc });
  // The redirect URI names HQ's port, known once it listens (OidcSignIn reads its settings at each sign-in).
  oidc.redirectUri = `${hq.url}${OIDC_CALLBACK_PATH}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: oidc.clientId, client_secret: oidc.clientSecret, redirect_uris: [oidc.redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub, preferred_username: sub, name: sub }) }),
    cookies: { keys: ['a-cookie-signing-key-for-this-spec-only'] },
    pkce: { required: () => true },
  });
  idp.on('request', provider.callback());
});
test.afterAll(async () => {
  await hq?.close();
  await new Promise((resolve) => idp?.close(resolve));
});

test('an operator signs in through the identity provider and lands in the console with their role', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const created = await fetch(`${hq.url}/admin/operators`, {
    method: 'POST', headers: { authorization: `Bearer ${hq.secrets.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'e2e.sso', displayName: '連携 次郎', role: 'viewer', password: 'a password nobody types here' }),
  });
  expect(created.status).toBe(201);

  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(`${hq.url}/console`);
  await expect(page).toHaveURL(/\/console\/sign-in$/);
  await page.getByRole('link', { name: /シングルサインオンでサインイン/ }).click();
  // The provider's development login page: any password for a known login.
  await page.locator('input[name="login"]').fill('e2e.sso');
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: /Sign-in/ }).click();
  await page.getByRole('button', { name: /Continue/ }).click();
  await expect(page).toHaveURL(new RegExp(`^${hq.url}/console(\\?.*)?$`), { timeout: 20_000 });
  await expect(page.locator('.whoami')).toContainText('連携 次郎');
  await expect(page.locator('.whoami')).toHaveAttribute('data-role', 'viewer');
  // A viewer: no announcement link.
  await expect(page.getByRole('link', { name: /臨時メンテナンスを告知する/ })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('console-after-sso.png') });
  await context.close();
});

/**
 * Console single sign-on settings from the environment (docs/hq.md,
 * "Single sign-on"): off without an issuer, the redirect URI from the public
 * origin, the secret from the secrets folder, and a refusal naming each
 * missing variable, never the secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OIDC_CLIENT_SECRET_FILE, oidcSettingsFromEnv } from '../../../src/hq/config/oidc-config';

const dir = mkdtempSync(join(tmpdir(), 'oidc-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('oidcSettingsFromEnv', () => {
  it('is off without HQ_OIDC_ISSUER', () => {
    expect(oidcSettingsFromEnv({ HQ_OIDC_CLIENT_ID: 'x' })).toBeNull();
  });

  it('reads the settings, with the redirect URI from the public origin and the default claim', () => {
    writeFileSync(join(dir, OIDC_CLIENT_SECRET_FILE), 'from-the-file\n');
    expect(oidcSettingsFromEnv({ HQ_OIDC_ISSUER: 'https://id.example/realms/hq', HQ_OIDC_CLIENT_ID: 'hq-console' }, { secretsDir: dir, publicOrigin: 'https://hq.example' })).toEqual({
      issuer: 'https://id.example/realms/hq', clientId: 'hq-console', clientSecret: 'from-the-file', redirectUri: 'https://hq.example/console/oidc/callback', loginClaim: 'preferred_username',
    });
    expect(oidcSettingsFromEnv({
      HQ_OIDC_ISSUER: 'https://id.example', HQ_OIDC_CLIENT_ID: 'c', HQ_OIDC_CLIENT_SECRET: 'env-secret', HQ_OIDC_REDIRECT_URI: 'https://hq.example/console/oidc/callback', HQ_OIDC_LOGIN_CLAIM: 'email',
    }, { secretsDir: dir })).toMatchObject({ clientSecret: 'env-secret', loginClaim: 'email' });
  });

  it('refuses missing settings, naming the variables', () => {
    expect(() => oidcSettingsFromEnv({ HQ_OIDC_ISSUER: 'https://id.example' })).toThrow(/HQ_OIDC_CLIENT_ID[^]*HQ_OIDC_CLIENT_SECRET[^]*HQ_OIDC_REDIRECT_URI/);
    expect(() => oidcSettingsFromEnv({ HQ_OIDC_ISSUER: 'not a url', HQ_OIDC_CLIENT_ID: 'c', HQ_OIDC_CLIENT_SECRET: 'hush-hush', HQ_OIDC_REDIRECT_URI: 'https://hq.example/cb' }))
      .toThrow(/HQ_OIDC_ISSUER/);
    let message = '';
    try { oidcSettingsFromEnv({ HQ_OIDC_ISSUER: 'https://id.example', HQ_OIDC_CLIENT_SECRET: 'hush-hush', HQ_OIDC_REDIRECT_URI: 'https://hq.example/cb', HQ_OIDC_LOGIN_CLAIM: 'bad claim!' }); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/HQ_OIDC_LOGIN_CLAIM/);
    expect(message).not.toContain('hush-hush');
  });
});

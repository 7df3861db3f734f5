/**
 * Optional single sign-on for the operator console through OpenID Connect
 * (issue 17; OpenID Connect Core 1.0, authorization code flow, with PKCE,
 * RFC 7636). Off unless HQ_OIDC_ISSUER is set; then:
 *
 *   HQ_OIDC_ISSUER         the identity provider's issuer URL (discovery at /.well-known/openid-configuration)
 *   HQ_OIDC_CLIENT_ID      HQ's client id there
 *   HQ_OIDC_CLIENT_SECRET  its secret, else the file `oidc-client-secret` in the secrets folder
 *   HQ_OIDC_REDIRECT_URI   default <HQ_PUBLIC_ORIGIN>/console/oidc/callback
 *   HQ_OIDC_LOGIN_CLAIM    the ID-token claim matched to an operator's login (default preferred_username)
 *
 * The provider proves who someone is; HQ decides what they may do: a person
 * signs in only to an existing, enabled, unlocked operator account whose
 * login equals the claim (no account is created from a token).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const OIDC_CLIENT_SECRET_FILE = 'oidc-client-secret';
export const OIDC_CALLBACK_PATH = '/console/oidc/callback';

export const OidcSettings = z.object({
  issuer: z.string().url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUri: z.string().url(),
  loginClaim: z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/).default('preferred_username'),
}).strict();
export type OidcSettings = z.infer<typeof OidcSettings>;

/** The settings from the environment, or null when HQ_OIDC_ISSUER is unset; a missing or bad value stops HQ naming it (never the secret). */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv, options: { secretsDir?: string; publicOrigin?: string } = {}): OidcSettings | null {
  const issuer = env.HQ_OIDC_ISSUER || undefined;
  if (!issuer) return null;
  const file = options.secretsDir ? join(options.secretsDir, OIDC_CLIENT_SECRET_FILE) : undefined;
  const clientSecret = env.HQ_OIDC_CLIENT_SECRET || (file && existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  const redirectUri = env.HQ_OIDC_REDIRECT_URI || (options.publicOrigin ? `${options.publicOrigin}${OIDC_CALLBACK_PATH}` : undefined);
  const raw = { issuer, clientId: env.HQ_OIDC_CLIENT_ID || undefined, clientSecret, redirectUri, loginClaim: env.HQ_OIDC_LOGIN_CLAIM || undefined };
  const parsed = OidcSettings.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const names: Record<string, string> = {
      issuer: 'HQ_OIDC_ISSUER', clientId: 'HQ_OIDC_CLIENT_ID', clientSecret: `HQ_OIDC_CLIENT_SECRET${file ? ` or ${file}` : ''}`,
      redirectUri: 'HQ_OIDC_REDIRECT_URI (or HQ_PUBLIC_ORIGIN)', loginClaim: 'HQ_OIDC_LOGIN_CLAIM',
    };
    throw new Error(`single sign-on (HQ_OIDC_ISSUER is set): ${parsed.error.issues.map((i) => `${names[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

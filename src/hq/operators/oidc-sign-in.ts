/**
 * Single sign-on for console operators through OpenID Connect (issue 17),
 * with `openid-client`: the authorization code flow (OpenID Connect Core
 * 1.0, section 3.1) with PKCE S256 (RFC 7636), `state` against login CSRF
 * and `nonce` against ID-token replay; the library checks the ID token's
 * signature (from the provider's JWKS), issuer, audience, expiry and nonce.
 *
 * The provider says who someone is; HQ's own account says what they may do:
 * the configured claim (default `preferred_username`) must equal the login
 * of an existing operator that is neither disabled nor locked (the local
 * lock-out stays in force). No account is created from a token.
 */
import * as oidc from 'openid-client';
import type { Queryable } from '../../server-kit/db/db';
import type { OidcSettings } from '../config/oidc-config';
import { operatorById, type Operator } from './operator-accounts';

/** What the browser keeps between the redirect out and the callback (an HttpOnly cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

export type SsoResult =
  | { ok: true; operator: Operator }
  | { ok: false; reason: 'providerRefused' | 'noAccount' | 'disabled' | 'locked'; operatorId: number | null };

/** http issuers only on loopback (a test's or a developer's provider); everything else must be https. */
function loopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export class OidcSignIn {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(private readonly settings: OidcSettings) {}

  /** Discovered on first use and kept; a failed discovery is tried again next time (HQ starts while the provider is down). */
  private config(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const issuer = new URL(this.settings.issuer);
      this.configuration = oidc.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, {
        timeout: 10, ...(loopbackHttp(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
      this.configuration.catch(() => { this.configuration = null; });
    }
    return this.configuration;
  }

  /** The provider's authorization URL and what the callback must match. */
  async start(): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.config();
    const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri, scope: 'openid profile email', response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier), code_challenge_method: 'S256',
      state: pending.state, nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** The callback as the provider redirected to it: the registered redirect URI with the query the browser brought. */
  callbackUrl(search: string): URL {
    const url = new URL(this.settings.redirectUri);
    url.search = search;
    return url;
  }

  /** Redeems the code at the token endpoint and maps the claim to an operator. */
  async finish(q: Queryable, callbackUrl: URL, pending: PendingSignIn, now: Date): Promise<SsoResult> {
    let login: unknown;
    try {
      const tokens = await oidc.authorizationCodeGrant(await this.config(), callbackUrl, {
        pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
      });
      login = tokens.claims()?.[this.settings.loginClaim];
    } catch {
      return { ok: false, reason: 'providerRefused', operatorId: null };
    }
    if (typeof login !== 'string' || login === '') return { ok: false, reason: 'noAccount', operatorId: null };
    const { rows } = await q.query<{ operator_id: number | string }>('SELECT operator_id FROM console_operators WHERE login = $1', [login]);
    const operator = rows[0] ? await operatorById(q, Number(rows[0].operator_id)) : null;
    if (!operator) return { ok: false, reason: 'noAccount', operatorId: null };
    if (operator.disabled) return { ok: false, reason: 'disabled', operatorId: operator.operatorId };
    if (operator.lockedUntil && operator.lockedUntil > now) return { ok: false, reason: 'locked', operatorId: operator.operatorId };
    return { ok: true, operator };
  }
}

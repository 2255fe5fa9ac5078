/**
 * The OpenID Connect relying party (openid-client): discovery, the authorization request with PKCE,
 * state and nonce, the code exchange with ID token validation (issuer, audience = our client id,
 * expiry, nonce, signature), userinfo, and the provider's end-session URL. Discovery happens on first
 * use and is retried on the next sign-in when the provider was unreachable, so the server starts
 * while the identity provider is down.
 */
import * as client from 'openid-client';
import { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { OidcSettings } from './oidc-settings.ts';

/** Why a sign-in through the identity provider was refused (shown on the sign-in page, logged). */
export type SignInRefusal =
  | 'provider_unavailable'
  | 'provider_error'
  | 'state_mismatch'
  | 'expired'
  | 'invalid_response'
  | 'no_role'
  | 'unknown_place';

export class SignInRefusedError extends AppError {
  constructor(
    readonly reason: SignInRefusal,
    message: string,
  ) {
    super(
      reason === 'provider_unavailable'
        ? 'upstream_failed'
        : reason === 'no_role' || reason === 'unknown_place'
          ? 'forbidden'
          : 'unauthorized',
      message,
      { reason },
    );
  }
}

/** What the browser must carry from the authorization request to the callback (in a short-lived cookie). */
export const pendingSignInSchema = z.strictObject({
  state: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/),
  verifier: z.string().regex(/^[A-Za-z0-9_~.-]{43,128}$/),
  next: z.string().max(2000),
  startedAt: z.number().int().nonnegative(),
});
export type PendingSignIn = z.infer<typeof pendingSignInSchema>;

/** The claims this product reads; everything else the provider sends is ignored. */
const identityClaimsSchema = z.looseObject({
  iss: z.string().min(1).max(500),
  sub: z.string().min(1).max(255),
  name: z.string().max(500).optional(),
  preferred_username: z.string().max(500).optional(),
  email: z.string().max(500).optional(),
});

export interface ProvenIdentity {
  issuer: string;
  subject: string;
  displayName: string | undefined;
  /** ID token claims over userinfo claims: what the role rules are matched against. */
  claims: Record<string, unknown>;
}

export interface OidcClientOptions {
  /** Seconds added to the relying party's clock (tests move it to make tokens expire). */
  clockSkewSeconds?: number;
  /** Per-request deadline towards the provider, in seconds. */
  timeoutSeconds?: number;
}

export interface OidcClient {
  settings: OidcSettings;
  /** The provider URL to send the browser to, and what to remember until it comes back. */
  startSignIn(next: string, now?: number): Promise<{ url: URL; pending: PendingSignIn }>;
  /** Exchanges the callback's code and proves who signed in; throws SignInRefusedError. */
  finishSignIn(callbackSearch: string, pending: PendingSignIn): Promise<ProvenIdentity>;
  /** The provider's end-session URL (RP-initiated logout), when it publishes one. */
  signOutUrl(): Promise<URL | undefined>;
}

export const SIGN_IN_WINDOW_MS = 10 * 60_000;

export function createOidcClient(settings: OidcSettings, options: OidcClientOptions = {}): OidcClient {
  let configuration: Promise<client.Configuration> | undefined;

  const discover = (): Promise<client.Configuration> => {
    configuration ??= (async () => {
      const issuerUrl = new URL(settings.issuer);
      const found = await client.discovery(
        issuerUrl,
        settings.clientId,
        {
          ...(settings.clientSecret ? { client_secret: settings.clientSecret } : { token_endpoint_auth_method: 'none' }),
          ...(options.clockSkewSeconds ? { [client.clockSkew]: options.clockSkewSeconds } : {}),
        },
        settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
        {
          // loadConfig allows http:// for the issuer on loopback only (a local provider, the tests).
          ...(issuerUrl.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
          timeout: options.timeoutSeconds ?? 10,
        },
      );
      found.timeout = options.timeoutSeconds ?? 10;
      return found;
    })();
    configuration.catch(() => {
      configuration = undefined;
    });
    return configuration.catch((error: unknown) => {
      throw new SignInRefusedError(
        'provider_unavailable',
        `the identity provider ${settings.issuer} could not be reached (${(error as Error).message}); try again shortly`,
      );
    });
  };

  return {
    settings,

    async startSignIn(next, now = Date.now()) {
      const config = await discover();
      const pending: PendingSignIn = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
        next,
        startedAt: now,
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url, pending };
    },

    async finishSignIn(callbackSearch, pending) {
      const config = await discover();
      // The callback as the provider was told it (behind a proxy the request URL differs).
      const callbackUrl = new URL(settings.redirectUri);
      callbackUrl.search = callbackSearch;
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw refusalFrom(error);
      }
      const idClaims = tokens.claims();
      if (!idClaims) throw new SignInRefusedError('invalid_response', 'the identity provider returned no ID token');
      let userinfo: Record<string, unknown> = {};
      if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
        try {
          userinfo = { ...(await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)) };
        } catch {
          // Claims in the ID token still hold; the rules decide whether they are enough.
        }
      }
      const claims: Record<string, unknown> = { ...userinfo, ...idClaims };
      const identity = identityClaimsSchema.safeParse(claims);
      if (!identity.success) throw new SignInRefusedError('invalid_response', 'the ID token lacks a usable subject or issuer');
      return {
        issuer: identity.data.iss,
        subject: identity.data.sub,
        displayName: identity.data.name ?? identity.data.preferred_username ?? identity.data.email,
        claims,
      };
    },

    async signOutUrl() {
      const config = await discover().catch(() => undefined);
      if (!config?.serverMetadata().end_session_endpoint) return undefined;
      return client.buildEndSessionUrl(config, { client_id: settings.clientId, post_logout_redirect_uri: settings.postLogoutRedirectUri });
    },
  };
}

/** openid-client's errors, in words a person at the sign-in page can act on (details stay in the log). */
function refusalFrom(error: unknown): SignInRefusedError {
  if (error instanceof client.AuthorizationResponseError) {
    return new SignInRefusedError('provider_error', `the identity provider refused the sign-in (${error.error})`);
  }
  if (error instanceof client.ResponseBodyError) {
    return new SignInRefusedError('provider_error', `the identity provider refused the code exchange (${error.error})`);
  }
  const code = (error as { code?: string }).code;
  const message = (error as Error).message ?? '';
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    return new SignInRefusedError(
      'expired',
      'the identity provider’s sign-in has expired or is not valid yet; sign in again (if it keeps happening, check the server clock)',
    );
  }
  if (/state/i.test(message) && code === 'OAUTH_INVALID_RESPONSE') {
    return new SignInRefusedError('state_mismatch', 'this sign-in does not belong to this browser; start again from the sign-in page');
  }
  return new SignInRefusedError(
    'invalid_response',
    `the identity provider’s answer could not be verified (${code ?? 'error'}: ${message.slice(0, 200)})`,
  );
}

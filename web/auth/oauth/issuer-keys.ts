/**
 * The issuer's signing keys (JWKS), fetched by jose and cached by it (refetched when a token names an
 * unknown key id, at most every 30 s). Without COPILOT_OAUTH_JWKS_URL the location comes from the
 * issuer's metadata: RFC 8414 first, then OpenID Connect discovery; the metadata must name the
 * configured issuer exactly (RFC 8414 §3.3), or no key is trusted.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { OAuthSettings } from './oauth-settings.ts';

const FETCH_TIMEOUT_MS = 5_000;

const issuerMetadataSchema = z.object({ issuer: z.string(), jwks_uri: z.url() });

/** The issuer's metadata or keys could not be had: the token is not judged (503-class, not the caller's fault). */
export class IssuerUnavailableError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('upstream_failed', message, undefined, options);
  }
}

/** RFC 8414 §3.1 inserts the well-known segment before the issuer's path; OpenID appends it. */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return [`${url.origin}/.well-known/oauth-authorization-server${path}`, `${url.origin}${path}/.well-known/openid-configuration`];
}

async function discoverJwksUrl(issuer: string): Promise<URL> {
  const failures: string[] = [];
  for (const candidate of metadataUrls(issuer)) {
    let response: Response;
    try {
      response = await fetch(candidate, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (error) {
      failures.push(`${candidate}: ${(error as Error).message}`);
      continue;
    }
    if (!response.ok) {
      failures.push(`${candidate}: HTTP ${response.status}`);
      continue;
    }
    const parsed = issuerMetadataSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      failures.push(`${candidate}: not issuer metadata with jwks_uri`);
      continue;
    }
    if (parsed.data.issuer !== issuer)
      throw new IssuerUnavailableError(`issuer metadata at ${candidate} names issuer ${parsed.data.issuer}, not ${issuer}`);
    return new URL(parsed.data.jwks_uri);
  }
  throw new IssuerUnavailableError(`no metadata for issuer ${issuer}: ${failures.join('; ')}`);
}

/** A key resolver for jwtVerify; discovery runs on first use and is retried after a failure. */
export function issuerKeys(settings: Pick<OAuthSettings, 'issuer' | 'jwksUrl'>): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    const url = settings.jwksUrl ? new URL(settings.jwksUrl) : await discoverJwksUrl(settings.issuer);
    return createRemoteJWKSet(url, { timeoutDuration: FETCH_TIMEOUT_MS, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  };
  return async (header, token) => {
    keys ??= load().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return (await keys)(header, token);
  };
}

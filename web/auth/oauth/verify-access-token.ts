/**
 * An OAuth 2.1 access token at /mcp: a JWT signed by the configured issuer (one of the allowed
 * asymmetric algorithms), for this server (aud = COPILOT_OAUTH_RESOURCE), unexpired (with the
 * configured clock tolerance), naming a subject and a tenant, with at least one scope the
 * configuration maps to roles. Anything else is refused with a reason a client and an operator can act
 * on (RFC 6750 error codes). The token itself is never logged, stored or sent anywhere.
 */
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import type { Role } from '../../../core/identity/roles.ts';
import { IssuerUnavailableError } from './issuer-keys.ts';
import type { OAuthSettings } from './oauth-settings.ts';

/** Why a token was refused: logged and audited, and named in error_description. */
export type TokenRefusal =
  | 'malformed'
  | 'algorithm_not_allowed'
  | 'unknown_key'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'missing_claim'
  | 'invalid_claim'
  | 'no_mapped_scope';

/** A refused access token: 401 invalid_token, or 403 insufficient_scope (RFC 6750 §3.1). */
export class AccessTokenRefusedError extends AppError {
  readonly reason: TokenRefusal;
  readonly oauthError: 'invalid_token' | 'insufficient_scope';
  /** Scopes that would be enough (insufficient_scope only). */
  readonly scope: string | undefined;
  /** Claims of a token whose signature, issuer and audience checked out (safe to log and audit). */
  readonly verified: VerifiedClaims | undefined;
  constructor(reason: TokenRefusal, message: string, options: { scope?: string; verified?: VerifiedClaims; cause?: unknown } = {}) {
    const insufficient = reason === 'no_mapped_scope';
    super(insufficient ? 'forbidden' : 'unauthorized', message, { reason }, { cause: options.cause });
    this.reason = reason;
    this.oauthError = insufficient ? 'insufficient_scope' : 'invalid_token';
    this.scope = options.scope;
    this.verified = options.verified;
  }
}

export interface VerifiedClaims {
  issuer: string;
  subject: string;
  tenantRef: string | undefined;
  scopes: string[];
}

export interface VerifiedAccessToken extends VerifiedClaims {
  tenantRef: string;
  roles: Role[];
  /** name, preferred_username or email claim, when present. */
  displayName: string | undefined;
  expiresAt: Date;
}

/** A compact JWS: three base64url segments. Anything else is not ours to judge (API keys, garbage). */
export const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const claimsSchema = z.object({
  sub: z.string().min(1, 'sub must not be empty').max(255, 'sub must be at most 255 characters'),
  // RFC 9068 `scope` (space-separated); Entra ID and Okta use `scp` (string or array).
  scope: z.string().max(4000).optional(),
  scp: z.union([z.string().max(4000), z.array(z.string().max(200)).max(100)]).optional(),
  name: z.string().max(200).optional(),
  preferred_username: z.string().max(200).optional(),
  email: z.string().max(200).optional(),
});
const tenantReferenceSchema = z.string().regex(/^[A-Za-z0-9-]{2,63}$/, 'must be a tenant slug or id');

function scopesOf(claims: z.infer<typeof claimsSchema>): string[] {
  const spaced = [claims.scope, typeof claims.scp === 'string' ? claims.scp : undefined].filter(Boolean).join(' ');
  return [...new Set([...spaced.split(/\s+/), ...(Array.isArray(claims.scp) ? claims.scp : [])].filter(Boolean))];
}

/** The issuer or its keys could not be reached or read: the server's problem, not a verdict on the token. */
function isIssuerTrouble(error: unknown): boolean {
  if (error instanceof IssuerUnavailableError || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  // jose reports a non-200 or unparsable key set with its generic error; fetch failures arrive as they are.
  if (error instanceof errors.JOSEError) return error.code === 'ERR_JOSE_GENERIC';
  return true;
}

function refusalOf(error: unknown, settings: OAuthSettings): AccessTokenRefusedError {
  const refuse = (reason: TokenRefusal, message: string) => new AccessTokenRefusedError(reason, message, { cause: error });
  if (error instanceof errors.JWTExpired) return refuse('expired', 'access token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return refuse('missing_claim', `access token lacks the ${error.claim} claim`);
    if (error.claim === 'iss') return refuse('wrong_issuer', `access token was not issued by ${settings.issuer}`);
    if (error.claim === 'aud') return refuse('wrong_audience', `access token is not for ${settings.resource}`);
    if (error.claim === 'nbf' || error.claim === 'iat') return refuse('not_yet_valid', `access token is not valid yet (${error.claim})`);
    return refuse('invalid_claim', `access token claim ${error.claim} is invalid`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return refuse('algorithm_not_allowed', `access token algorithm must be one of ${settings.algorithms.join(', ')}`);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return refuse('unknown_key', `access token is not signed by a current key of ${settings.issuer}`);
  if (error instanceof errors.JWSSignatureVerificationFailed) return refuse('bad_signature', 'access token signature is invalid');
  return refuse('malformed', 'access token is not a valid JWT');
}

export async function verifyAccessToken(
  token: string,
  settings: OAuthSettings,
  keys: JWTVerifyGetKey,
  now: Date = new Date(),
): Promise<VerifiedAccessToken> {
  if (!JWT_SHAPE.test(token)) throw new AccessTokenRefusedError('malformed', 'access token is not a valid JWT');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      issuer: settings.issuer,
      audience: settings.resource,
      algorithms: settings.algorithms,
      clockTolerance: settings.clockToleranceSeconds,
      currentDate: now,
      // A token without expiry would be valid forever.
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (error) {
    if (isIssuerTrouble(error))
      throw new IssuerUnavailableError(`the signing keys of ${settings.issuer} could not be fetched`, { cause: error });
    throw refusalOf(error, settings);
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AccessTokenRefusedError('invalid_claim', `access token claim ${String(issue.path[0])}: ${issue.message}`);
  }
  const claims = parsed.data;
  const rawTenant = payload[settings.tenantClaim];
  const scopes = scopesOf(claims);
  const verified: VerifiedClaims = {
    issuer: settings.issuer,
    subject: claims.sub,
    tenantRef: typeof rawTenant === 'string' && tenantReferenceSchema.safeParse(rawTenant).success ? rawTenant : undefined,
    scopes,
  };
  if (rawTenant === undefined)
    throw new AccessTokenRefusedError('missing_claim', `access token lacks the ${settings.tenantClaim} claim`, { verified });
  if (!verified.tenantRef)
    throw new AccessTokenRefusedError('invalid_claim', `access token claim ${settings.tenantClaim} must be a tenant slug or id`, {
      verified,
    });
  const roles = [...new Set(scopes.flatMap((scope) => settings.scopeRoles[scope] ?? []))];
  if (!roles.length) {
    const mapped = Object.keys(settings.scopeRoles);
    throw new AccessTokenRefusedError(
      'no_mapped_scope',
      `access token scopes (${scopes.join(' ').slice(0, 200) || 'none'}) grant no role here; one of ${mapped.join(', ')} is needed`,
      { scope: mapped.join(' '), verified },
    );
  }
  return {
    ...verified,
    tenantRef: verified.tenantRef,
    roles,
    displayName: claims.name ?? claims.preferred_username ?? claims.email,
    expiresAt: new Date((payload.exp as number) * 1000),
  };
}

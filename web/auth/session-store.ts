/**
 * Server-side browser sessions (table web_sessions, owned by web/). A session is opened with an API
 * key, remembering only that key's id, or through single sign-on, remembering the provider's
 * (issuer, subject). Every lookup re-derives the principal from the live key or the user that identity
 * links to, so a revoked key, an unlinked identity or single sign-on turned off ends its sessions at
 * once. The cookie carries a random token; only its hash is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../core/db/database.ts';
import { asOperator, withTenant } from '../../core/db/tenant-scope.ts';
import { listApiKeys } from '../../core/identity/api-keys.ts';
import { findLinkedUser } from '../../core/identity/external-identities.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { findTenant } from '../../core/tenants/tenants.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface OpenedSession {
  /** Goes into the cookie; never stored. */
  token: string;
  tokenHash: string;
  expiresAt: Date;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The provider identity behind a single sign-on session. */
export interface SessionIdentity {
  issuer: string;
  subject: string;
}

/**
 * Opens a session for an authenticated principal: one that came from an API key, or a user linked to
 * the `identity` a single sign-on just proved.
 */
export async function openSession(
  db: Database,
  principal: Principal,
  now = new Date(),
  identity?: SessionIdentity,
): Promise<OpenedSession> {
  if (!principal.keyId && !identity) throw new Error('a session needs a principal authenticated by API key or single sign-on');
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashSessionToken(token);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await withTenant(db, principal.tenantId, async (tx) => {
    await tx.query(
      `INSERT INTO web_sessions (token_hash, tenant_id, api_key_id, user_id, created_at, expires_at, auth_method, identity_issuer, identity_subject)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        tokenHash,
        principal.tenantId,
        identity ? null : principal.keyId,
        principal.userId,
        now,
        expiresAt,
        identity ? 'oidc' : 'api_key',
        identity?.issuer ?? null,
        identity?.subject ?? null,
      ],
    );
  });
  return { token, tokenHash, expiresAt };
}

export interface ResolveSessionOptions {
  now?: Date;
  /** The configured single sign-on issuer; sessions of any other issuer (or all, when undefined) are refused. */
  oidcIssuer?: string | undefined;
}

/** The principal behind a session token, or undefined when it is unknown, expired or its key was revoked. */
export async function resolveSession(
  db: Database,
  token: string,
  options: ResolveSessionOptions = {},
): Promise<{ principal: Principal; tokenHash: string; identity?: SessionIdentity } | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const now = options.now ?? new Date();
  const tokenHash = hashSessionToken(token);
  // The tenant is not known before the lookup, so it runs as the operator, by exact hash only.
  const session = await asOperator(db, async (tx) => {
    const result = await tx.query<{
      tenant_id: string;
      api_key_id: string | null;
      user_id: string;
      auth_method: 'api_key' | 'oidc';
      identity_issuer: string | null;
      identity_subject: string | null;
    }>(
      `SELECT tenant_id, api_key_id, user_id, auth_method, identity_issuer, identity_subject
       FROM web_sessions WHERE token_hash = $1 AND expires_at > $2`,
      [tokenHash, now],
    );
    return result.rows[0];
  });
  if (!session) return undefined;
  if (session.auth_method === 'oidc') return resolveOidcSession(db, session, tokenHash, options.oidcIssuer);
  const keys = await listApiKeys(db, session.tenant_id);
  const key = keys.find((candidate) => candidate.id === session.api_key_id);
  if (!key || key.revokedAt) return undefined;
  const tenant = await findTenant(db, session.tenant_id);
  if (!tenant) return undefined;
  return {
    tokenHash,
    principal: {
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      userId: session.user_id,
      userName: key.userName,
      roles: key.roles,
      keyId: key.id,
    },
  };
}

async function resolveOidcSession(
  db: Database,
  session: { tenant_id: string; user_id: string; identity_issuer: string | null; identity_subject: string | null },
  tokenHash: string,
  configuredIssuer: string | undefined,
): Promise<{ principal: Principal; tokenHash: string; identity: SessionIdentity } | undefined> {
  const identity = { issuer: session.identity_issuer ?? '', subject: session.identity_subject ?? '' };
  if (!configuredIssuer || identity.issuer !== configuredIssuer) return undefined;
  const tenant = await findTenant(db, session.tenant_id);
  if (!tenant) return undefined;
  const user = await withTenant(db, tenant.id, (tx) => findLinkedUser(tx, { tenantId: tenant.id, ...identity }));
  if (!user || user.userId !== session.user_id || user.roles.length === 0) return undefined;
  return {
    tokenHash,
    identity,
    principal: { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.userId, userName: user.userName, roles: user.roles },
  };
}

/** Ends a session (sign out). Deleting an unknown session is not an error. */
export async function closeSession(db: Database, tenantId: string, tokenHash: string): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    await tx.query('DELETE FROM web_sessions WHERE token_hash = $1', [tokenHash]);
  });
}

/** Removes expired sessions of every tenant (run on sign-in; cheap with the expiry index). */
export async function purgeExpiredSessions(db: Database, now = new Date()): Promise<number> {
  return asOperator(db, async (tx) => {
    const result = await tx.query('DELETE FROM web_sessions WHERE expires_at <= $1', [now]);
    return result.rowCount;
  });
}

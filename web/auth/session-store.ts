/**
 * Server-side browser sessions (table web_sessions, owned by web/). A session is opened with an API
 * key and remembers only that key's id; every lookup re-derives the principal from the live key, so a
 * revoked key ends its sessions at once. The cookie carries a random token; only its hash is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../core/db/database.ts';
import { asOperator, withTenant } from '../../core/db/tenant-scope.ts';
import { listApiKeys } from '../../core/identity/api-keys.ts';
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

/** Opens a session for an authenticated principal (which must come from an API key). */
export async function openSession(db: Database, principal: Principal, now = new Date()): Promise<OpenedSession> {
  if (!principal.keyId) throw new Error('a session needs a principal authenticated by API key');
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashSessionToken(token);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await withTenant(db, principal.tenantId, async (tx) => {
    await tx.query(
      `INSERT INTO web_sessions (token_hash, tenant_id, api_key_id, user_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [tokenHash, principal.tenantId, principal.keyId, principal.userId, now, expiresAt],
    );
  });
  return { token, tokenHash, expiresAt };
}

/** The principal behind a session token, or undefined when it is unknown, expired or its key was revoked. */
export async function resolveSession(
  db: Database,
  token: string,
  now = new Date(),
): Promise<{ principal: Principal; tokenHash: string } | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const tokenHash = hashSessionToken(token);
  // The tenant is not known before the lookup, so it runs as the operator, by exact hash only.
  const session = await asOperator(db, async (tx) => {
    const result = await tx.query<{ tenant_id: string; api_key_id: string; user_id: string }>(
      'SELECT tenant_id, api_key_id, user_id FROM web_sessions WHERE token_hash = $1 AND expires_at > $2',
      [tokenHash, now],
    );
    return result.rows[0];
  });
  if (!session) return undefined;
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

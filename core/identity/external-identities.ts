/**
 * People known through an external identity provider (OAuth access tokens, OpenID Connect): the
 * provider's (issuer, subject) links to one user of the tenant (table external_identities, this
 * folder's). The link is made on first use and never by name, so a provider's "alice" can never
 * become the tenant's API-key user "alice" (four-eyes would read them as one person).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { parseOrThrow } from '../errors.ts';
import { roleSchema, type Role } from './roles.ts';

export const externalIdentitySchema = z.object({
  tenantId: z.uuid(),
  issuer: z.url().max(500),
  subject: z.string().min(1).max(255),
  /** Shown in the UI and the audit log (the provider's name, preferred_username or email claim). */
  displayName: z.string().trim().max(100).optional(),
  /** The roles the provider's token carries now; the user's roles follow them on every use. */
  roles: z.array(roleSchema).min(1),
});
export type ExternalIdentity = z.input<typeof externalIdentitySchema>;

export interface LinkedUser {
  userId: string;
  userName: string;
  roles: Role[];
  /** True when this use created the user and the link (worth an audit entry). */
  created: boolean;
}

// Printable, no control characters: names end up in pages, logs and the audit log.
/** A provider-supplied name made safe to show: printable, no control characters, at most 60 characters. */
export const cleanName = (value: string): string =>
  value
    .replace(/[^\p{L}\p{N}\p{P}\p{Zs}]/gu, '')
    .trim()
    .slice(0, 60);

/**
 * The tenant user for an external identity, created on first use; roles kept equal to the token's.
 * Runs in the caller's tenant transaction.
 */
export async function userForExternalIdentity(tx: Tx, input: ExternalIdentity): Promise<LinkedUser> {
  const identity = parseOrThrow(externalIdentitySchema, input, 'external identity');
  const roles = [...new Set(identity.roles)].sort();
  // Two first requests of the same person at once must not create two users.
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `${identity.tenantId}\n${identity.issuer}\n${identity.subject}`,
  ]);
  const linked = await tx.query<{ user_id: string; name: string; roles: Role[] }>(
    `SELECT e.user_id, u.name, u.roles FROM external_identities e JOIN users u ON u.id = e.user_id
     WHERE e.tenant_id = $1 AND e.issuer = $2 AND e.subject = $3`,
    [identity.tenantId, identity.issuer, identity.subject],
  );
  const row = linked.rows[0];
  if (row) {
    if ([...row.roles].sort().join() !== roles.join()) await tx.query('UPDATE users SET roles = $2 WHERE id = $1', [row.user_id, roles]);
    await tx.query('UPDATE external_identities SET last_seen_at = now() WHERE tenant_id = $1 AND issuer = $2 AND subject = $3', [
      identity.tenantId,
      identity.issuer,
      identity.subject,
    ]);
    return { userId: row.user_id, userName: row.name, roles, created: false };
  }
  const base = `${cleanName(identity.displayName ?? '') || cleanName(identity.subject) || 'user'} (${new URL(identity.issuer).host})`;
  // A name already taken by someone else gets a short, stable suffix from the subject.
  const suffix = createHash('sha256').update(`${identity.issuer}\n${identity.subject}`).digest('hex').slice(0, 8);
  const taken = await tx.query('SELECT 1 FROM users WHERE tenant_id = $1 AND name = $2', [identity.tenantId, base]);
  const userName = taken.rowCount ? `${base} #${suffix}` : base;
  const user = await tx.query<{ id: string }>('INSERT INTO users (tenant_id, name, roles) VALUES ($1, $2, $3) RETURNING id', [
    identity.tenantId,
    userName,
    roles,
  ]);
  const userId = user.rows[0]!.id;
  await tx.query('INSERT INTO external_identities (tenant_id, issuer, subject, user_id) VALUES ($1, $2, $3, $4)', [
    identity.tenantId,
    identity.issuer,
    identity.subject,
    userId,
  ]);
  return { userId, userName, roles, created: true };
}

/**
 * The tenant user an external identity is linked to now, without creating anything (a session
 * re-derives its principal this way on every request). Runs in the caller's tenant transaction.
 */
export async function findLinkedUser(
  tx: Tx,
  identity: { tenantId: string; issuer: string; subject: string },
): Promise<Omit<LinkedUser, 'created'> | undefined> {
  const linked = await tx.query<{ user_id: string; name: string; roles: Role[] }>(
    `SELECT e.user_id, u.name, u.roles FROM external_identities e JOIN users u ON u.id = e.user_id
     WHERE e.tenant_id = $1 AND e.issuer = $2 AND e.subject = $3`,
    [identity.tenantId, identity.issuer, identity.subject],
  );
  const row = linked.rows[0];
  return row ? { userId: row.user_id, userName: row.name, roles: row.roles } : undefined;
}

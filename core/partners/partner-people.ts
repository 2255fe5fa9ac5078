/**
 * A partner's people as the UI knows them across requests: linked to the partner's identity provider
 * by (issuer, subject) on single sign-on, or re-derived from the partner key a session was opened
 * with. Every lookup reads the live rows, so a revoked key or a person whose roles were emptied stops
 * working at once. Operator transactions: the partner is not known before the lookup.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { asOperator } from '../db/tenant-scope.ts';
import { ForbiddenError, NotFoundError, parseOrThrow } from '../errors.ts';
import { cleanName } from '../identity/external-identities.ts';
import { partnerRoleSchema, type PartnerRole } from '../identity/roles.ts';
import type { PartnerPrincipal } from './partner-keys.ts';
import { findPartnerIn } from './partners.ts';

export const partnerIdentitySchema = z.object({
  partner: z.string().trim().min(1).max(100),
  issuer: z.url().max(500),
  subject: z.string().min(1).max(255),
  displayName: z.string().trim().max(100).optional(),
  roles: z.array(partnerRoleSchema).min(1),
});
export type PartnerIdentity = z.input<typeof partnerIdentitySchema>;

/** The partner person for a provider identity, created on first sign-in; roles kept equal to the claims'. */
export async function partnerPersonForIdentity(db: Database, input: PartnerIdentity): Promise<PartnerPrincipal & { created: boolean }> {
  const identity = parseOrThrow(partnerIdentitySchema, input, 'partner identity');
  const roles = [...new Set(identity.roles)].sort();
  return asOperator(db, async (tx) => {
    const partner = await findPartnerIn(tx, identity.partner);
    if (!partner) throw new NotFoundError('partner', identity.partner);
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`partner-identity\n${identity.issuer}\n${identity.subject}`]);
    const existing = await tx.query<{ id: string; partner_id: string; name: string; roles: PartnerRole[] }>(
      'SELECT id, partner_id, name, roles FROM partner_users WHERE identity_issuer = $1 AND identity_subject = $2',
      [identity.issuer, identity.subject],
    );
    const row = existing.rows[0];
    if (row) {
      // One identity belongs to one partner organisation; a rule change must not move a person silently.
      if (row.partner_id !== partner.id) throw new ForbiddenError('this identity already belongs to another partner organisation');
      if ([...row.roles].sort().join() !== roles.join())
        await tx.query('UPDATE partner_users SET roles = $2 WHERE id = $1', [row.id, roles]);
      return { partnerId: partner.id, partnerSlug: partner.slug, userId: row.id, userName: row.name, roles, created: false };
    }
    const base = `${cleanName(identity.displayName ?? '') || cleanName(identity.subject) || 'person'} (${new URL(identity.issuer).host})`;
    const suffix = createHash('sha256').update(`${identity.issuer}\n${identity.subject}`).digest('hex').slice(0, 8);
    const taken = await tx.query('SELECT 1 FROM partner_users WHERE partner_id = $1 AND name = $2', [partner.id, base]);
    const name = taken.rowCount ? `${base} #${suffix}` : base;
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO partner_users (partner_id, name, roles, identity_issuer, identity_subject) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [partner.id, name, roles, identity.issuer, identity.subject],
    );
    return { partnerId: partner.id, partnerSlug: partner.slug, userId: inserted.rows[0]!.id, userName: name, roles, created: true };
  });
}

/**
 * The partner person a UI session stands for, re-derived now: through the (unrevoked) partner key it
 * was opened with, or through the identity link. Undefined when that credential no longer holds.
 */
export async function currentPartnerPerson(
  db: Database,
  session: { partnerUserId: string } & ({ keyId: string } | { issuer: string; subject: string }),
): Promise<PartnerPrincipal | undefined> {
  return asOperator(db, async (tx) => {
    if ('keyId' in session) {
      const result = await tx.query<{ partner_id: string; slug: string; name: string; roles: PartnerRole[] }>(
        `SELECT k.partner_id, p.slug, u.name, k.roles
           FROM partner_api_keys k JOIN partner_users u ON u.id = k.user_id JOIN partners p ON p.id = k.partner_id
          WHERE k.id = $1 AND k.user_id = $2 AND k.revoked_at IS NULL`,
        [session.keyId, session.partnerUserId],
      );
      const row = result.rows[0];
      return row
        ? {
            partnerId: row.partner_id,
            partnerSlug: row.slug,
            userId: session.partnerUserId,
            userName: row.name,
            roles: row.roles,
            keyId: session.keyId,
          }
        : undefined;
    }
    const result = await tx.query<{ partner_id: string; slug: string; name: string; roles: PartnerRole[] }>(
      `SELECT u.partner_id, p.slug, u.name, u.roles FROM partner_users u JOIN partners p ON p.id = u.partner_id
        WHERE u.id = $1 AND u.identity_issuer = $2 AND u.identity_subject = $3`,
      [session.partnerUserId, session.issuer, session.subject],
    );
    const row = result.rows[0];
    return row
      ? { partnerId: row.partner_id, partnerSlug: row.slug, userId: session.partnerUserId, userName: row.name, roles: row.roles }
      : undefined;
  });
}

/**
 * A partner's person entering one granted tenant: the tenant principal it acts as there (tenant roles
 * mapped from its partner roles) and the partner scope every transaction of that work must run in.
 * The grant is checked here for a clear 403; the database checks it again on every transaction.
 */
import type { Database, Tx } from '../db/database.ts';
import type { PartnerScope } from '../db/partner-scope.ts';
import { asOperator } from '../db/tenant-scope.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import { TENANT_ROLES_OF_PARTNER_ROLE, type Principal, type Role } from '../identity/roles.ts';
import { findTenantIn } from '../tenants/tenants.ts';
import type { PartnerPrincipal } from './partner-keys.ts';

export interface PartnerInTenant {
  principal: Principal;
  scope: PartnerScope;
}

export function tenantRolesOf(partner: Pick<PartnerPrincipal, 'roles'>): Role[] {
  return [...new Set(partner.roles.flatMap((role) => TENANT_ROLES_OF_PARTNER_ROLE[role]))];
}

/** Read-only unless one of the partner's roles may change something. */
export function isReadOnlyPartner(partner: Pick<PartnerPrincipal, 'roles'>): boolean {
  return partner.roles.every((role) => role === 'partner_analyst');
}

export async function enterTenant(db: Database, partner: PartnerPrincipal, tenantRef: string): Promise<PartnerInTenant> {
  const roles = tenantRolesOf(partner);
  const entered = await asOperator(db, async (tx) => {
    const tenant = await findTenantIn(tx, tenantRef);
    if (!tenant) return undefined;
    const grant = await tx.query('SELECT 1 FROM partner_grants WHERE partner_id = $1 AND tenant_id = $2 AND revoked_at IS NULL', [
      partner.partnerId,
      tenant.id,
    ]);
    if (grant.rowCount === 0) return undefined;
    return { tenant, userId: await tenantUserFor(tx, tenant.id, partner, roles) };
  });
  // An unknown tenant and one not granted read the same, so a partner cannot probe for tenants.
  if (!entered) throw new ForbiddenError(`partner ${partner.partnerSlug} holds no grant to tenant ${JSON.stringify(tenantRef)}`);
  return {
    principal: {
      tenantId: entered.tenant.id,
      tenantSlug: entered.tenant.slug,
      userId: entered.userId,
      userName: tenantUserName(partner),
      roles,
      ...(partner.keyId ? { keyId: partner.keyId } : {}),
      partner: { partnerId: partner.partnerId, partnerSlug: partner.partnerSlug, roles: partner.roles },
    },
    scope: { partnerId: partner.partnerId, readOnly: isReadOnlyPartner(partner) },
  };
}

const tenantUserName = (partner: PartnerPrincipal): string => `${partner.userName} (${partner.partnerSlug})`;

/**
 * The tenant user standing for the partner's person (created on first entry, roles kept current), so
 * chats, proposals, approvals and sessions reference a user of the tenant like everyone else's.
 */
async function tenantUserFor(tx: Tx, tenantId: string, partner: PartnerPrincipal, roles: Role[]): Promise<string> {
  const existing = await tx.query<{ id: string; roles: Role[] }>(
    'SELECT id, roles FROM users WHERE tenant_id = $1 AND partner_user_id = $2',
    [tenantId, partner.userId],
  );
  const row = existing.rows[0];
  if (row) {
    if ([...row.roles].sort().join() !== [...roles].sort().join())
      await tx.query('UPDATE users SET roles = $2 WHERE id = $1', [row.id, roles]);
    return row.id;
  }
  const name = tenantUserName(partner);
  const taken = await tx.query('SELECT 1 FROM users WHERE tenant_id = $1 AND name = $2', [tenantId, name]);
  if (taken.rowCount > 0)
    throw new ConflictError(`tenant already has a user named ${JSON.stringify(name)} that is not this partner's person`);
  const inserted = await tx.query<{ id: string }>(
    'INSERT INTO users (tenant_id, name, roles, partner_user_id) VALUES ($1, $2, $3, $4) RETURNING id',
    [tenantId, name, roles, partner.userId],
  );
  return inserted.rows[0]!.id;
}

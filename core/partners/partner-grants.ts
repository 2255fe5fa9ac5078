/**
 * Grants of tenants to partner organisations (table partner_grants). The database reads them on every
 * partner transaction (copilot_tenant_id()), so granting and revoking take effect at once. Grants are
 * made and revoked by the operator; `onChanged` runs in the same transaction (the caller's audit entry
 * commits or rolls back with the grant).
 */
import type { Database, Tx } from '../db/database.ts';
import { asOperator } from '../db/tenant-scope.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { findTenantIn, type Tenant } from '../tenants/tenants.ts';
import { findPartnerIn, type Partner } from './partners.ts';

export interface PartnerGrant {
  partnerId: string;
  partnerSlug: string;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  grantedBy: string;
  grantedAt: Date;
  revokedAt: Date | null;
}

export interface GrantChange {
  partner: Partner;
  tenant: Tenant;
  grant: PartnerGrant;
}

interface GrantRow {
  partner_id: string;
  partner_slug: string;
  tenant_id: string;
  tenant_slug: string;
  tenant_name: string;
  granted_by: string;
  granted_at: Date;
  revoked_at: Date | null;
}

const toGrant = (row: GrantRow): PartnerGrant => ({
  partnerId: row.partner_id,
  partnerSlug: row.partner_slug,
  tenantId: row.tenant_id,
  tenantSlug: row.tenant_slug,
  tenantName: row.tenant_name,
  grantedBy: row.granted_by,
  grantedAt: row.granted_at,
  revokedAt: row.revoked_at,
});

const GRANT_SELECT = `SELECT g.partner_id, p.slug AS partner_slug, g.tenant_id, t.slug AS tenant_slug, t.name AS tenant_name,
         g.granted_by, g.granted_at, g.revoked_at
    FROM partner_grants g JOIN partners p ON p.id = g.partner_id JOIN tenants t ON t.id = g.tenant_id`;

async function resolvePair(tx: Tx, partnerRef: string, tenantRef: string): Promise<{ partner: Partner; tenant: Tenant }> {
  const partner = await findPartnerIn(tx, partnerRef);
  if (!partner) throw new NotFoundError('partner', partnerRef);
  const tenant = await findTenantIn(tx, tenantRef);
  if (!tenant) throw new NotFoundError('tenant', tenantRef);
  return { partner, tenant };
}

async function loadGrant(tx: Tx, partnerId: string, tenantId: string): Promise<PartnerGrant | undefined> {
  const result = await tx.query<GrantRow>(`${GRANT_SELECT} WHERE g.partner_id = $1 AND g.tenant_id = $2`, [partnerId, tenantId]);
  return result.rows[0] ? toGrant(result.rows[0]) : undefined;
}

/** Grants a tenant to a partner (or renews a revoked grant). Granting an active grant again is a conflict. */
export async function grantTenant(
  db: Database,
  request: { partner: string; tenant: string; grantedBy: string },
  onChanged?: (tx: Tx, change: GrantChange) => Promise<void>,
): Promise<PartnerGrant> {
  return asOperator(db, (tx) => grantTenantIn(tx, request, onChanged));
}

/**
 * grantTenant inside the caller's operator transaction, so a caller that creates the tenant in the same
 * transaction (a partner admin creating a tenant from a template) commits or rolls back both together.
 */
export async function grantTenantIn(
  tx: Tx,
  request: { partner: string; tenant: string; grantedBy: string },
  onChanged?: (tx: Tx, change: GrantChange) => Promise<void>,
): Promise<PartnerGrant> {
  const { partner, tenant } = await resolvePair(tx, request.partner, request.tenant);
  const existing = await loadGrant(tx, partner.id, tenant.id);
  if (existing && !existing.revokedAt) throw new ConflictError(`partner ${partner.slug} already holds tenant ${tenant.slug}`);
  await tx.query(
    `INSERT INTO partner_grants (partner_id, tenant_id, granted_by) VALUES ($1, $2, $3)
     ON CONFLICT (partner_id, tenant_id) DO UPDATE SET granted_by = EXCLUDED.granted_by, granted_at = now(), revoked_at = NULL`,
    [partner.id, tenant.id, request.grantedBy],
  );
  const grant = (await loadGrant(tx, partner.id, tenant.id))!;
  await onChanged?.(tx, { partner, tenant, grant });
  return grant;
}

/** Revokes a grant: from the next transaction on, the partner's people see nothing of the tenant. */
export async function revokeGrant(
  db: Database,
  request: { partner: string; tenant: string },
  onChanged?: (tx: Tx, change: GrantChange) => Promise<void>,
): Promise<PartnerGrant> {
  return asOperator(db, async (tx) => {
    const { partner, tenant } = await resolvePair(tx, request.partner, request.tenant);
    const result = await tx.query(
      'UPDATE partner_grants SET revoked_at = now() WHERE partner_id = $1 AND tenant_id = $2 AND revoked_at IS NULL',
      [partner.id, tenant.id],
    );
    if (result.rowCount === 0) throw new NotFoundError('grant', `${partner.slug}/${tenant.slug}`);
    const grant = (await loadGrant(tx, partner.id, tenant.id))!;
    await onChanged?.(tx, { partner, tenant, grant });
    return grant;
  });
}

/** A partner's grants (active only unless `includeRevoked`), by tenant slug. */
export async function listGrants(db: Database, partnerId: string, options: { includeRevoked?: boolean } = {}): Promise<PartnerGrant[]> {
  return asOperator(db, async (tx) => {
    const result = await tx.query<GrantRow>(
      `${GRANT_SELECT} WHERE g.partner_id = $1 ${options.includeRevoked ? '' : 'AND g.revoked_at IS NULL'} ORDER BY t.slug`,
      [partnerId],
    );
    return result.rows.map(toGrant);
  });
}

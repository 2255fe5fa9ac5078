import { z } from 'zod';

/** Roles a user or API key can hold. Routes, tools and approvals check these. */
export const ROLES = ['rep', 'approver', 'admin', 'evaluator', 'integration'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * Roles of a partner organisation's people, held across the tenants granted to the partner (and no
 * others): partner_admin administers them, partner_operator works exceptions and approvals,
 * partner_analyst reads (its tenant transactions are READ ONLY in the database).
 */
export const PARTNER_ROLES = ['partner_admin', 'partner_operator', 'partner_analyst'] as const;
export const partnerRoleSchema = z.enum(PARTNER_ROLES);
export type PartnerRole = z.infer<typeof partnerRoleSchema>;

/** What each partner role may do inside a granted tenant, in tenant roles. */
export const TENANT_ROLES_OF_PARTNER_ROLE: Readonly<Record<PartnerRole, readonly Role[]>> = {
  partner_admin: ['admin'],
  partner_operator: ['rep', 'approver'],
  partner_analyst: ['evaluator'],
};

/** The partner organisation a principal acts for, when it is a partner's person working in a granted tenant. */
export interface PartnerIdentity {
  partnerId: string;
  partnerSlug: string;
  roles: PartnerRole[];
}

/** The authenticated caller of any surface (API, MCP, CLI with a key). */
export interface Principal {
  tenantId: string;
  tenantSlug: string;
  userId: string;
  userName: string;
  roles: Role[];
  keyId?: string;
  /** Set for a partner's person: tenantId is the granted tenant being worked in. */
  partner?: PartnerIdentity;
}

export function hasAnyRole(principal: Pick<Principal, 'roles'>, allowed: readonly Role[]): boolean {
  return principal.roles.some((role) => allowed.includes(role));
}

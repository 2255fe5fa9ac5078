import { z } from 'zod';

/** Roles a user or API key can hold. Routes, tools and approvals check these. */
export const ROLES = ['rep', 'approver', 'admin', 'evaluator', 'integration'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** The authenticated caller of any surface (API, MCP, CLI with a key). */
export interface Principal {
  tenantId: string;
  tenantSlug: string;
  userId: string;
  userName: string;
  roles: Role[];
  keyId?: string;
}

export function hasAnyRole(principal: Pick<Principal, 'roles'>, allowed: readonly Role[]): boolean {
  return principal.roles.some((role) => allowed.includes(role));
}

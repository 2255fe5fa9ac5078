/**
 * What a person signed in through OpenID Connect may do, from their claims and the configured rules
 * (COPILOT_OIDC_ROLE_RULES). Rules are read in order: the first rule that matches decides where the
 * person works (one tenant, or one partner organisation); every other matching rule for that same
 * place adds its roles. A person who should work across tenants is a partner's person, never a user
 * of several tenants at once (each session belongs to one tenant, as every principal does).
 */
import type { OidcRoleRule } from '../../../core/config.ts';
import type { PartnerRole, Role } from '../../../core/identity/roles.ts';

export type SignInAccess = { kind: 'tenant'; tenant: string; roles: Role[] } | { kind: 'partner'; partner: string; roles: PartnerRole[] };

/** A claim matches when it equals the value, or is a list containing it (groups, roles). Only strings count. */
function claimMatches(claim: unknown, value: string): boolean {
  if (typeof claim === 'string') return claim === value;
  if (Array.isArray(claim)) return claim.some((item) => typeof item === 'string' && item === value);
  return false;
}

export function accessFromClaims(claims: Readonly<Record<string, unknown>>, rules: readonly OidcRoleRule[]): SignInAccess | undefined {
  const matching = rules.filter((rule) => Object.hasOwn(claims, rule.claim) && claimMatches(claims[rule.claim], rule.value));
  const first = matching[0];
  if (!first) return undefined;
  if ('tenant' in first) {
    const roles = matching.flatMap((rule) => ('tenant' in rule && rule.tenant === first.tenant ? rule.roles : []));
    return { kind: 'tenant', tenant: first.tenant, roles: [...new Set(roles)].sort() };
  }
  const roles = matching.flatMap((rule) => ('partner' in rule && rule.partner === first.partner ? rule.roles : []));
  return { kind: 'partner', partner: first.partner, roles: [...new Set(roles)].sort() };
}

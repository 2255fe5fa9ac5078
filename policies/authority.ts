/** Who may approve what: approver roles, and the authority limit each role has over an amount. */
import type { Role } from '../core/identity/roles.ts';
import type { ApproverRole, Authority } from './policy-document.ts';

/** Roles that can approve a proposal routed to `required`: an admin can approve whatever an approver can. */
export function eligibleApproverRoles(required: ApproverRole): ApproverRole[] {
  return required === 'approver' ? ['approver', 'admin'] : ['admin'];
}

/** The highest amount a role may approve; undefined = unlimited. */
export function limitFor(authority: Authority | undefined, role: ApproverRole): number | undefined {
  const limit = authority?.[role];
  return limit === null || limit === undefined ? undefined : limit;
}

export function withinAuthority(authority: Authority | undefined, role: ApproverRole, amount: number | undefined): boolean {
  const limit = limitFor(authority, role);
  return amount === undefined || limit === undefined || amount <= limit;
}

export type ApprovalRight = { ok: true; role: ApproverRole } | { ok: false; reason: string };

/**
 * Whether someone holding `roles` may approve a proposal that requires `required` over `amount`.
 * The best of the caller's eligible roles counts (an admin who is also an approver uses admin's limit).
 */
export function approvalRight(
  roles: readonly Role[],
  required: ApproverRole,
  authority: Authority | undefined,
  amount: number | undefined,
): ApprovalRight {
  const held = eligibleApproverRoles(required).filter((role) => roles.includes(role));
  if (held.length === 0)
    return { ok: false, reason: `approving this needs the ${required} role${required === 'approver' ? ' (or admin)' : ''}` };
  const allowed = held.find((role) => withinAuthority(authority, role, amount));
  if (allowed) return { ok: true, role: allowed };
  const best = Math.max(...held.map((role) => limitFor(authority, role) ?? Infinity));
  return { ok: false, reason: `amount ${amount} exceeds your authority limit of ${best}` };
}

/**
 * The lowest approver role that can approve `amount` given the authority limits, starting from the
 * role the rule asks for; undefined when the amount is above every role's limit.
 */
export function escalate(required: ApproverRole, authority: Authority | undefined, amount: number | undefined): ApproverRole | undefined {
  return eligibleApproverRoles(required).find((role) => withinAuthority(authority, role, amount));
}

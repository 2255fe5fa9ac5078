import type { Role } from '../../core/identity/roles.ts';

/** Who may propose a write: people who work exceptions. Whether it runs is the policy's decision. */
export const PROPOSER_ROLES: readonly Role[] = ['rep', 'approver', 'admin'];

/**
 * Writes an integration (WMS, storefront, middleware key) may also propose: operational, reversible
 * or system-originated changes. Money movements, credit and pricing stay with people.
 */
export const PROPOSER_AND_INTEGRATION_ROLES: readonly Role[] = ['rep', 'approver', 'admin', 'integration'];

import type { Role } from '../../core/identity/roles.ts';

/**
 * Who may call read tools: every role. Reads see only the caller's tenant (row-level security), and
 * evaluators and integrations need the same context a rep gets to replay or act on exceptions.
 */
export const READ_ROLES: readonly Role[] = ['rep', 'approver', 'admin', 'evaluator', 'integration'];

/**
 * Approver tools over MCP: list, approve and reject proposals. Registered only for principals with
 * the approver or admin role. The policies module enforces the rest (four-eyes: a proposer never
 * approves their own proposal; authority limits; exactly-once execution); this file only translates.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { hasAnyRole, type Principal, type Role } from '../core/identity/roles.ts';
import { safeTextSchema } from '../core/text/safe-text.ts';
import { PROPOSAL_STATUSES } from '../policies/index.ts';
import { toolOutcomeSchema } from '../tools/outcome.ts';
import { errorResult, outcomeResult, structuredResult, type McpLog } from './call-tool-result.ts';
import type { McpServices } from './mcp-services.ts';
import { proposalViewSchema } from './proposal-view.ts';

export const APPROVER_ROLES: readonly Role[] = ['approver', 'admin'];
export const APPROVAL_TOOL_NAMES = ['list_proposals', 'approve_proposal', 'reject_proposal'] as const;

const listInput = z.object({
  status: z.enum(PROPOSAL_STATUSES).default('pending').describe('Only proposals in this status (default: pending).'),
  limit: z.number().int().min(1).max(100).default(20).describe('At most this many, newest first.'),
});
const listOutput = z.object({ proposals: z.array(proposalViewSchema) });

const approveInput = z.object({
  proposalId: z.uuid().describe('The proposal to approve (from list_proposals or a pending tool call).'),
  comment: safeTextSchema.trim().min(1).max(2000).optional().describe('Why it is approved; kept in the audit log.'),
});
const rejectInput = z.object({
  proposalId: z.uuid().describe('The proposal to reject.'),
  reason: safeTextSchema.trim().min(1).max(2000).describe('Why it is rejected; shown to the proposer and audited.'),
});

export interface RegisterApprovalToolsOptions {
  principal: Principal;
  services: Pick<McpServices, 'proposals'>;
  log: McpLog;
}

export function registerApprovalTools(server: McpServer, options: RegisterApprovalToolsOptions): Map<string, RegisteredTool> {
  const { principal, services, log } = options;
  const registered = new Map<string, RegisteredTool>();
  if (!hasAnyRole(principal, APPROVER_ROLES)) return registered;
  const fail = (tool: string) => (error: unknown) => errorResult(error, log, { tool, tenant: principal.tenantSlug });

  registered.set(
    'list_proposals',
    server.registerTool(
      'list_proposals',
      {
        title: 'List proposals',
        description:
          'Lists proposed actions of your tenant (default: those pending approval), newest first, with the tool, ' +
          'arguments, proposer, rationale, evidence and the policy decision. Use approve_proposal or reject_proposal to decide.',
        inputSchema: listInput,
        outputSchema: listOutput,
        annotations: { title: 'List proposals', readOnlyHint: true, openWorldHint: false },
      },
      async (args) => {
        try {
          return structuredResult({ proposals: await services.proposals.list(principal, args) });
        } catch (error) {
          return fail('list_proposals')(error);
        }
      },
    ),
  );

  registered.set(
    'approve_proposal',
    server.registerTool(
      'approve_proposal',
      {
        title: 'Approve proposal',
        description:
          'Approves a pending proposal and executes it once, re-checking its preconditions against current state. ' +
          'Refused when you proposed or edited it yourself, when it exceeds your authority limit, or when it is no longer pending.',
        inputSchema: approveInput,
        // The execution's outcome, as for any gated call: executed with the result, or failed with why.
        outputSchema: toolOutcomeSchema,
        // Execution happens at most once: approving again changes nothing (it is refused). What it executes
        // may reach outside (a refund, a customer notice), so it is open-world.
        annotations: { title: 'Approve proposal', readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
      },
      async ({ proposalId, comment }) => {
        try {
          return outcomeResult(await services.proposals.approve(principal, proposalId, comment));
        } catch (error) {
          return fail('approve_proposal')(error);
        }
      },
    ),
  );

  registered.set(
    'reject_proposal',
    server.registerTool(
      'reject_proposal',
      {
        title: 'Reject proposal',
        description: 'Rejects a pending proposal with a reason. Nothing is executed.',
        inputSchema: rejectInput,
        outputSchema: proposalViewSchema,
        annotations: { title: 'Reject proposal', readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      },
      async ({ proposalId, reason }) => {
        try {
          return structuredResult(await services.proposals.reject(principal, proposalId, reason));
        } catch (error) {
          return fail('reject_proposal')(error);
        }
      },
    ),
  );

  return registered;
}

/** A proposal: a frozen tool call, the policy's decision on it, and where it is in its lifecycle. */
import { z } from 'zod';
import type { Role } from '../../core/identity/roles.ts';
import type { Decision } from '../../tools/outcome.ts';
import type { ToolFacts, ToolOrigin } from '../../tools/tool.ts';
import type { Citation } from '../../retrieval/citation.ts';
import type { ApproverRole, Authority } from '../policy-document.ts';

/**
 * pending → approved → executed | failed; pending → rejected | expired | superseded (by an edit);
 * denied is terminal from the start (the policy refused the call; recorded so it can be explained).
 */
export const PROPOSAL_STATUSES = ['pending', 'approved', 'executed', 'failed', 'rejected', 'expired', 'superseded', 'denied'] as const;
export const proposalStatusSchema = z.enum(PROPOSAL_STATUSES);
export type ProposalStatus = z.infer<typeof proposalStatusSchema>;

export interface ProposalError {
  code: string;
  message: string;
  details?: unknown;
}

export interface ApprovalRecord {
  id: string;
  userId: string;
  userName: string;
  roles: Role[];
  decision: 'approve' | 'reject' | 'edit';
  comment: string | null;
  createdAt: Date;
}

export interface Proposal {
  id: string;
  tenantId: string;
  tool: string;
  args: unknown;
  argsHash: string;
  proposer: { userId: string; name: string; roles: Role[] };
  origin: ToolOrigin;
  runId: string | null;
  rationale: string | null;
  citations: Citation[];
  /** The tool's inspect() facts when the proposal was decided. */
  evidence: ToolFacts;
  exceptionId: string | null;
  exceptionType: string | null;
  decision: Decision;
  ruleId: string;
  reason: string;
  policyVersion: number;
  approverRole: ApproverRole | null;
  authority: Authority | null;
  amount: number | null;
  status: ProposalStatus;
  rootId: string;
  revision: number;
  parentId: string | null;
  editors: string[];
  expiresAt: Date | null;
  result: unknown;
  error: ProposalError | null;
  createdAt: Date;
  updatedAt: Date;
  settledAt: Date | null;
}

export interface ProposalRow {
  id: string;
  tenant_id: string;
  tool: string;
  args: unknown;
  args_hash: string;
  proposer_user_id: string;
  proposer_name: string;
  proposer_roles: Role[];
  origin_kind: ToolOrigin['kind'];
  origin_ref: string | null;
  run_id: string | null;
  rationale: string | null;
  citations: Citation[];
  evidence: ToolFacts;
  exception_id: string | null;
  exception_type: string | null;
  decision: Decision;
  rule_id: string;
  reason: string;
  policy_version: number;
  approver_role: ApproverRole | null;
  authority: Authority | null;
  amount: number | null;
  status: ProposalStatus;
  root_id: string;
  revision: number;
  parent_id: string | null;
  editors: string[];
  expires_at: Date | null;
  result: unknown;
  error: ProposalError | null;
  created_at: Date;
  updated_at: Date;
  settled_at: Date | null;
}

export function rowToProposal(row: ProposalRow): Proposal {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    tool: row.tool,
    args: row.args,
    argsHash: row.args_hash,
    proposer: { userId: row.proposer_user_id, name: row.proposer_name, roles: row.proposer_roles },
    origin: row.origin_ref ? { kind: row.origin_kind, ref: row.origin_ref } : { kind: row.origin_kind },
    runId: row.run_id,
    rationale: row.rationale,
    citations: row.citations,
    evidence: row.evidence,
    exceptionId: row.exception_id,
    exceptionType: row.exception_type,
    decision: row.decision,
    ruleId: row.rule_id,
    reason: row.reason,
    policyVersion: row.policy_version,
    approverRole: row.approver_role,
    authority: row.authority,
    amount: row.amount,
    status: row.status,
    rootId: row.root_id,
    revision: row.revision,
    parentId: row.parent_id,
    editors: row.editors,
    expiresAt: row.expires_at,
    result: row.result,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    settledAt: row.settled_at,
  };
}

/** The few fields an audit entry keeps about a proposal. */
export function proposalAuditView(proposal: Proposal): Record<string, unknown> {
  return {
    tool: proposal.tool,
    args: proposal.args,
    status: proposal.status,
    decision: proposal.decision,
    rule: proposal.ruleId,
    reason: proposal.reason,
    policyVersion: proposal.policyVersion,
    approverRole: proposal.approverRole,
    amount: proposal.amount,
    revision: proposal.revision,
    ...(proposal.parentId ? { parentId: proposal.parentId } : {}),
    ...(proposal.exceptionId ? { exceptionId: proposal.exceptionId } : {}),
    ...(proposal.error ? { error: proposal.error } : {}),
  };
}

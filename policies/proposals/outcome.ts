/** ToolOutcome values the gate returns, built in one place so every surface sees the same shape. */
import type { ToolOutcome } from '../../tools/outcome.ts';
import type { PolicyDecision } from '../decide.ts';
import type { Proposal, ProposalError } from './proposal.ts';

const STATUS: Partial<Record<Proposal['status'], ToolOutcome['status']>> = {
  pending: 'pending_approval',
  executed: 'executed',
  denied: 'denied',
  failed: 'failed',
};

export function outcomeFromProposal(proposal: Proposal): ToolOutcome {
  const status = STATUS[proposal.status] ?? 'failed';
  return {
    tool: proposal.tool,
    decision: proposal.decision,
    reason: proposal.reason,
    status,
    policyVersion: proposal.policyVersion,
    rule: proposal.ruleId,
    ...(proposal.approverRole && proposal.decision === 'require_approval' ? { approverRole: proposal.approverRole } : {}),
    proposalId: proposal.id,
    ...(proposal.status === 'executed' ? { result: proposal.result } : {}),
    ...(proposal.error
      ? { error: proposal.error }
      : status === 'failed'
        ? { error: { code: 'conflict', message: `proposal is ${proposal.status}` } }
        : {}),
  };
}

/** A call refused before any proposal exists (unknown tool, caller lacks the tool's roles, read denied). */
export function deniedOutcome(tool: string, decision: PolicyDecision): ToolOutcome {
  return {
    tool,
    decision: 'deny',
    reason: decision.reason,
    status: 'denied',
    policyVersion: decision.policyVersion,
    rule: decision.ruleId,
  };
}

/** A call that could not be evaluated: arguments outside the schema, or preconditions not met. */
export function failedOutcome(tool: string, error: ProposalError, policyVersion?: number): ToolOutcome {
  return {
    tool,
    decision: 'deny',
    reason: error.message,
    status: 'failed',
    ...(policyVersion !== undefined ? { policyVersion } : {}),
    rule: error.code === 'validation_failed' ? 'default:invalid-arguments' : 'default:precondition',
    error,
  };
}

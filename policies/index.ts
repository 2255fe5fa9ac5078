/** policies/: tenant policy documents, the decision, proposals and approvals, and the audit log. */
export {
  policyDocumentSchema,
  policyRuleSchema,
  approverRoleSchema,
  BUILT_IN_POLICY,
  forecastingSettingsSchema,
  costSettingsSchema,
} from './policy-document.ts';
export type {
  PolicyDocument,
  PolicyRule,
  ApproverRole,
  Authority,
  Budget,
  Condition,
  ForecastingSettings,
  CostSettings,
} from './policy-document.ts';
export { parsePolicySource, validatePolicySource, PolicyValidationError } from './parse-policy.ts';
export type { PolicyIssue, PolicyValidation } from './parse-policy.ts';
export { loadCostSettings } from './cost-settings.ts';
export { applyPolicy, applyPolicyIn, getActivePolicy, getPolicyVersion, listPolicyVersions, loadActivePolicy } from './policy-store.ts';
export type { PolicyVersion, AppliedPolicy } from './policy-store.ts';
export { SAMPLE_POLICY_PATH, readSamplePolicy } from './samples/sample-policy.ts';
export { decide, DEFAULT_RULES } from './decide.ts';
export type { ActivePolicy, PolicyDecision } from './decide.ts';
export type { DecisionInput, ToolDescriptor, BudgetUsage } from './decision-context.ts';
export { approvalRight, eligibleApproverRoles } from './authority.ts';

export { invokeReadTools, invokeTool } from './proposals/invoke-tool.ts';
export type { GateOptions } from './proposals/invoke-tool.ts';
export { approveProposal } from './proposals/approve-proposal.ts';
export type { ApproveInput } from './proposals/approve-proposal.ts';
export { rejectProposal } from './proposals/reject-proposal.ts';
export type { RejectInput } from './proposals/reject-proposal.ts';
export { editProposal } from './proposals/edit-proposal.ts';
export type { EditInput } from './proposals/edit-proposal.ts';
export { listProposals, getProposal } from './proposals/list-proposals.ts';
export type { ProposalQuery, ProposalDetail } from './proposals/list-proposals.ts';
export { expireProposals } from './proposals/expire-proposals.ts';
export { findProposalInTransaction, listProposalsOfRuns } from './proposals/run-proposals.ts';
export type { RunProposal } from './proposals/run-proposals.ts';
export { approvalTurnaround, approvalTurnaroundIn } from './proposals/approval-turnaround.ts';
export type { ApprovalTurnaround } from './proposals/approval-turnaround.ts';
export { onProposalSettled, onProposalPending, onProposalChanged } from './proposals/proposal-events.ts';
export type { ProposalEvent, ProposalListener } from './proposals/proposal-events.ts';
export { PROPOSAL_STATUSES } from './proposals/proposal.ts';
export type { Proposal, ProposalStatus, ApprovalRecord, ProposalError } from './proposals/proposal.ts';

export { appendAuditEntry } from './audit/append-audit-entry.ts';
export { auditApiKeyCreated, auditApiKeyRevoked } from './audit/api-key-audit.ts';
export { changeSlaCalendar } from './audit/sla-calendar-audit.ts';
export { auditPartnerEnteredTenant, auditPartnerGrant } from './audit/partner-grant-audit.ts';
export { auditAccessTokenRefused, auditExternalIdentityLinked, auditSingleSignOn } from './audit/external-identity-audit.ts';
export { verifyAuditChain } from './audit/verify-audit-chain.ts';
export type { AuditVerification, TenantChainReport, AuditProblem } from './audit/verify-audit-chain.ts';
export { listAuditEntries } from './audit/list-audit-entries.ts';
export type { AuditQuery } from './audit/list-audit-entries.ts';
export { actorFromPrincipal, SYSTEM_ACTOR } from './audit/audit-entry.ts';
export type { AuditActor, AuditEntry, NewAuditEntry } from './audit/audit-entry.ts';

export { routingSchema, queueSchema, routingRuleSchema, ROUTING_FIELDS, LADDER_TARGETS } from './routing/routing-document.ts';
export type { Queue, RoutingRule, RoutingSettings, ExceptionLadderStep, ProposalLadderStep } from './routing/routing-document.ts';
export { routeWork, queuesOf, DEFAULT_ROUTING_RULE } from './routing/route-work.ts';
export type { RoutingDecision, RoutingFacts } from './routing/route-work.ts';
export { registerWorkRouting } from './routing/register-work-routing.ts';
export { changeExceptionAssignment, changeProposalAssignment, assignmentActionSchema } from './routing/change-assignment.ts';
export type { AssignmentAction } from './routing/change-assignment.ts';
export { listAssignedPendingProposals, readProposalAssignments } from './routing/proposal-assignments.ts';
export type { AssignedProposal, ProposalAssignment } from './routing/proposal-assignments.ts';
export { escalateDueWork } from './routing/escalate-work.ts';
export type { EscalationReport } from './routing/escalate-work.ts';

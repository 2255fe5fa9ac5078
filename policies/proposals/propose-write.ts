/**
 * Decides a write tool call and records it as a proposal, executing it at once when the policy
 * allows. Shared by the gate (new calls) and edits (new revisions); runs inside the caller's tenant
 * transaction so the decision, the proposal, the audit entries and the tool's effects commit together.
 */
import type { Database, Tx } from '../../core/db/database.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { CallProvenance, ToolOutcome } from '../../tools/outcome.ts';
import type { AnyTool, ToolFacts, ToolOrigin } from '../../tools/tool.ts';
import type { Citation } from '../../retrieval/citation.ts';
import { appendAuditEntry } from '../audit/append-audit-entry.ts';
import type { AuditActor } from '../audit/audit-entry.ts';
import { decide } from '../decide.ts';
import { loadActivePolicy, type PolicyVersion } from '../policy-store.ts';
import { lockToolBudget, loadBudgetUsage } from './budget-usage.ts';
import { failedOutcome, outcomeFromProposal } from './outcome.ts';
import { emitProposalEvent } from './proposal-events.ts';
import { appendProposalOutboxMessage } from './proposal-outbox.ts';
import { proposalAuditView, type Proposal } from './proposal.ts';
import { findPendingTwin } from './find-twin-proposals.ts';
import { insertProposal } from './proposal-store.ts';
import { inspectTool, runTool } from './run-in-savepoint.ts';
import { transitionProposal } from './transition-proposal.ts';
import { tenantTimezone } from '../../core/tenants/tenants.ts';
import { readsLocalClock } from '../reads-local-clock.ts';

export interface WriteCall {
  tool: AnyTool;
  /** Already validated against tool.input. */
  args: unknown;
  /** Whom the call is for: its roles are checked and policy conditions on `role` see them. */
  proposer: Principal;
  origin: ToolOrigin;
  runId?: string | undefined;
  rationale?: string | undefined;
  citations?: Citation[] | undefined;
  exceptionId?: string | undefined;
  exceptionType?: string | undefined;
  /** Where an agent's call came from; untrusted raises an allow to require_approval, and the inbox shows it. */
  provenance?: CallProvenance | undefined;
  /** When this call is an edit of a pending proposal. */
  parent?: Proposal | undefined;
  editor?: Principal | undefined;
}

/** What the caller already read in this same transaction (the gate reads both before it validates). */
export interface ReadInTransaction {
  policy?: PolicyVersion;
  timezone?: string;
}

export interface WriteResult {
  outcome: ToolOutcome;
  proposal?: Proposal;
}

export async function proposeWrite(
  tx: Tx,
  db: Database,
  call: WriteCall,
  actor: AuditActor,
  now: Date,
  read: ReadInTransaction = {},
): Promise<WriteResult> {
  const { tool, proposer } = call;
  const tenantId = proposer.tenantId;
  await lockToolBudget(tx, tenantId, tool.name);
  // Read once per transaction: the gate's own read is the policy this call is decided under.
  const policy = read.policy ?? (await loadActivePolicy(tx, tenantId));
  const context = { tx, db, principal: proposer, now };
  const inspected = await inspectTool(context, tool, call.args);
  if (!inspected.ok) return { outcome: failedOutcome(tool.name, inspected.error, policy.version) };
  const facts = inspected.value;
  const decision = decide(policy, {
    toolName: tool.name,
    tool,
    args: call.args,
    facts,
    callerRoles: proposer.roles,
    origin: call.origin.kind,
    ...(call.exceptionType ? { exceptionType: call.exceptionType } : {}),
    now,
    timezone: read.timezone ?? (readsLocalClock(policy, tool) ? await tenantTimezone(tx, tenantId) : 'UTC'),
    usage: await loadBudgetUsage(tx, tenantId, tool.name, now),
    ...(call.provenance ? { provenance: call.provenance } : {}),
  });
  const status = decision.decision === 'allow' ? 'approved' : decision.decision === 'deny' ? 'denied' : 'pending';
  if (status === 'pending' && !call.parent) {
    // The same request repeated (a retrying client, a model calling twice) while the first still waits:
    // answer with that proposal rather than queue an identical one for the approver.
    const twin = await findPendingTwin(tx, { tool: tool.name, args: call.args, proposerUserId: proposer.userId, runId: call.runId, now });
    if (twin) return { outcome: outcomeFromProposal(twin), proposal: twin };
  }
  let proposal = await insertProposal(tx, {
    tenantId,
    tool: tool.name,
    args: call.args,
    proposer: { userId: proposer.userId, name: proposer.userName, roles: proposer.roles },
    origin: call.origin,
    runId: call.runId,
    rationale: call.rationale,
    citations: call.citations,
    // The provenance is recorded beside the tool's facts: what the approver needs to judge where the call came from.
    evidence: call.provenance ? { ...facts, ...provenanceFacts(call.provenance) } : facts,
    exceptionId: call.exceptionId,
    exceptionType: call.exceptionType ?? (typeof facts.exceptionType === 'string' ? facts.exceptionType : undefined),
    decision,
    status,
    expiresAt: status === 'pending' ? new Date(now.getTime() + policy.document.proposalTtlHours * 3_600_000) : null,
    parent: call.parent ? { id: call.parent.id, rootId: call.parent.rootId, editors: call.parent.editors } : undefined,
    editorId: call.editor?.userId,
    now,
  });
  await appendAuditEntry(tx, {
    tenantId,
    actor,
    action: call.parent ? 'proposal.revised' : 'proposal.created',
    entityType: 'proposal',
    entityId: proposal.id,
    before: call.parent ? { proposalId: call.parent.id, args: call.parent.args, revision: call.parent.revision } : null,
    after: { ...proposalAuditView(proposal), evidence: facts, origin: call.origin, proposer: proposer.userId },
  });
  if (status !== 'approved') {
    if (status === 'pending') await appendProposalOutboxMessage(tx, proposal, now);
    await emitProposalEvent(tx, {
      tenantId,
      proposalId: proposal.id,
      rootId: proposal.rootId,
      tool: tool.name,
      status,
      exceptionId: proposal.exceptionId,
      args: proposal.args,
      runId: proposal.runId,
      decision: proposal.decision,
      actor: { kind: actor.kind, ...(actor.name ? { name: actor.name } : {}) },
    });
    return { outcome: outcomeFromProposal(proposal), proposal };
  }
  // Allowed: executed in the transaction that just inspected it, on the state that inspection saw.
  proposal = await executeApproved(tx, db, proposal, tool, proposer, actor, now, { inspected: true });
  return { outcome: outcomeFromProposal(proposal), proposal };
}

/** Provenance as flat facts: `provenance` (trusted/untrusted), its trigger and reason, and `provenance.<argument>` per argument. */
function provenanceFacts(provenance: CallProvenance): ToolFacts {
  const facts: ToolFacts = {
    provenance: provenance.untrusted ? 'untrusted' : 'trusted',
    provenanceTrigger: provenance.trigger,
    provenanceReason: provenance.reason,
  };
  for (const [path, origin] of Object.entries(provenance.arguments)) facts[`provenance.${path}`] = origin;
  return facts;
}

/**
 * Runs an approved proposal now (preconditions re-checked) and records executed or failed.
 * `inspected`: the call was inspected in this transaction on the state it runs against (runTool).
 */
export async function executeApproved(
  tx: Tx,
  db: Database,
  proposal: Proposal,
  tool: AnyTool,
  runAs: Principal,
  actor: AuditActor,
  now: Date,
  options: { inspected?: boolean } = {},
): Promise<Proposal> {
  const ran = await runTool({ tx, db, principal: runAs, now }, tool, proposal.args, options);
  return ran.ok
    ? transitionProposal(tx, proposal, 'executed', { actor, now, result: ran.value })
    : transitionProposal(tx, proposal, 'failed', { actor, now, error: ran.error });
}

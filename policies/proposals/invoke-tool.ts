/**
 * The policy gate: the one way any surface (agent, chat, MCP, CLI, HTTP) calls a tool. Reads run
 * when the caller's roles and the policy allow them; writes are decided and recorded as proposals —
 * executed now (allow), left pending for an approver (require_approval) or refused (deny).
 * Bad input never throws: it comes back as a failed outcome with a typed error.
 */
import { loadCostSettings } from '../cost-settings.ts';
import { z } from 'zod';
import type { Database, Tx } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import { hasAnyRole } from '../../core/identity/roles.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { callProvenanceSchema, type CallProvenance, type ToolCallRequest, type ToolOutcome } from '../../tools/outcome.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import type { AnyTool } from '../../tools/tool.ts';
import { citationSchema } from '../../retrieval/citation.ts';
import { appendAuditEntry } from '../audit/append-audit-entry.ts';
import { actorFromPrincipal, type AuditActor } from '../audit/audit-entry.ts';
import { decide, type PolicyDecision } from '../decide.ts';
import { loadActivePolicy, type PolicyVersion } from '../policy-store.ts';
import { deniedOutcome, failedOutcome } from './outcome.ts';
import { proposeWrite } from './propose-write.ts';
import { runReadTool, toProposalError } from './run-in-savepoint.ts';
import { readsLocalClock } from '../reads-local-clock.ts';
import { validateArgs, validationError } from './validate-args.ts';
import { escapeUnsafeText, safeInput } from '../../core/text/safe-text.ts';
import { tenantTimezone } from '../../core/tenants/tenants.ts';

export interface GateOptions {
  /** The clock (tests); defaults to now. */
  now?: Date;
}

/** What a caller may attach to a call besides the arguments; all of it may come from a model or a client. */
const requestMetaSchema = z.object({
  tool: z.string().max(200),
  origin: z.object({ kind: z.enum(['user', 'agent', 'mcp', 'system']), ref: z.string().max(200).optional() }),
  rationale: z.string().max(4000).optional(),
  citations: z.array(citationSchema).max(50).optional(),
  exceptionId: z.uuid().optional(),
  exceptionType: z.string().max(100).optional(),
  runId: z.string().max(200).optional(),
  provenance: callProvenanceSchema.optional(),
});

/** A call whose request passed the gate's own checks, ready to be decided inside a tenant transaction. */
interface GateCall {
  request: ToolCallRequest;
  toolName: string;
  tool: AnyTool | undefined;
  actor: AuditActor;
  provenance: CallProvenance | undefined;
  now: Date;
}

/** Reads what any surface may attach to a call; a bad request is a failed outcome, never a throw. */
function gateCall(registry: ToolRegistry, request: ToolCallRequest, options: GateOptions): GateCall | { outcome: ToolOutcome } {
  const toolName = typeof request.tool === 'string' ? request.tool : String(request.tool);
  const meta = safeInput(requestMetaSchema).safeParse({ ...request, principal: undefined, args: undefined });
  if (!meta.success)
    return { outcome: failedOutcome(escapeUnsafeText(toolName.slice(0, 200)), toProposalError(validationError('tool call', meta.error))) };
  return {
    request,
    toolName,
    tool: registry.get(toolName),
    actor: actorFromPrincipal(request.principal, request.origin),
    provenance: meta.data.provenance,
    now: options.now ?? new Date(),
  };
}

/**
 * Decides one call and runs or records it, inside the caller's tenant transaction, under `policy` (the
 * version in force, read in this same transaction). `readFailed`: a read tool ran and failed, which may
 * have aborted the transaction for any statement after it.
 */
async function decideInTransaction(
  tx: Tx,
  db: Database,
  call: GateCall,
  policy: PolicyVersion,
): Promise<{ outcome: ToolOutcome; readFailed: boolean }> {
  const { request, toolName, tool, actor, now } = call;
  const { principal } = request;
  // The tenant's zone matters only to a rule on the local clock (reads-local-clock.ts); otherwise
  // decide() never looks at it, and the call is a statement shorter.
  const timezone = tool && readsLocalClock(policy, tool) ? await tenantTimezone(tx, principal.tenantId) : 'UTC';
  const decideCall = (args: unknown) =>
    decide(policy, { toolName, tool, args, facts: {}, callerRoles: principal.roles, origin: request.origin.kind, now, timezone });
  const recordDenial = async (decision: PolicyDecision): Promise<{ outcome: ToolOutcome; readFailed: boolean }> => {
    await appendAuditEntry(tx, {
      tenantId: principal.tenantId,
      actor,
      action: 'tool.denied',
      entityType: 'tool',
      entityId: toolName,
      after: { tool: toolName, decision: 'deny', rule: decision.ruleId, reason: decision.reason, policyVersion: decision.policyVersion },
    });
    return { outcome: deniedOutcome(toolName, decision), readFailed: false };
  };

  // Unknown tools, and callers without one of the tool's roles, are refused before their input is even read.
  if (!tool || !hasAnyRole(principal, tool.roles)) return recordDenial(decideCall(undefined));

  const args = validateArgs(tool.input, request.args, tool.name);
  if (!args.ok) return { outcome: failedOutcome(tool.name, toProposalError(args.error), policy.version), readFailed: false };

  if (tool.kind === 'read') {
    const decision = decideCall(args.value);
    if (decision.decision !== 'allow') return recordDenial(decision);
    // A read writes nothing: its transaction needs no savepoint (a failed statement rolls it back whole).
    const ran = await runReadTool({ tx, db, principal, now, costRates: () => loadCostSettings(tx, principal.tenantId) }, tool, args.value);
    const decided = { decision: 'allow' as const, reason: decision.reason, policyVersion: policy.version, rule: decision.ruleId };
    if (!ran.ok) return { outcome: { ...failedOutcome(tool.name, ran.error, policy.version), ...decided }, readFailed: true };
    return { outcome: { tool: tool.name, ...decided, status: 'ok', result: ran.value }, readFailed: false };
  }

  const { outcome } = await proposeWrite(
    tx,
    db,
    {
      tool,
      args: args.value,
      proposer: principal,
      origin: request.origin,
      runId: request.runId,
      rationale: request.rationale,
      citations: request.citations,
      exceptionId: request.exceptionId,
      exceptionType: request.exceptionType,
      provenance: call.provenance,
    },
    actor,
    now,
    { policy, timezone },
  );
  return { outcome, readFailed: false };
}

export async function invokeTool(
  db: Database,
  registry: ToolRegistry,
  request: ToolCallRequest,
  options: GateOptions = {},
): Promise<ToolOutcome> {
  const call = gateCall(registry, request, options);
  if ('outcome' in call) return call.outcome;
  try {
    return await withTenant(db, request.principal.tenantId, async (tx) => {
      const { outcome } = await decideInTransaction(tx, db, call, await loadActivePolicy(tx, request.principal.tenantId));
      // A caller that stopped waiting (the agent's tool timeout) must not see this commit later: roll back.
      if (request.deadline && !request.deadline.claimCommit()) throw new CallAbandonedError(call.toolName);
      return outcome;
    });
  } catch (error) {
    if (error instanceof CallAbandonedError) return failedOutcome(call.tool?.name ?? call.toolName, toProposalError(error));
    throw error;
  }
}

/**
 * Several read calls of one principal (the reads an agent asks for in one step) in one tenant
 * transaction, decided one after another in the order given under the policy version read once: the
 * same outcomes as one invokeTool each, three statements fewer for every read after the first. A read
 * that fails may have aborted the transaction, and a caller may have stopped waiting for one of them:
 * then the batch rolls back (a read writes nothing but a denial's audit entry) and each call runs alone.
 */
export async function invokeReadTools(
  db: Database,
  registry: ToolRegistry,
  requests: readonly ToolCallRequest[],
  options: GateOptions = {},
): Promise<ToolOutcome[]> {
  const principal = requests[0]?.principal;
  if (!principal) return [];
  if (requests.length === 1 || requests.some((request) => request.principal !== principal))
    return Promise.all(requests.map((request) => invokeTool(db, registry, request, options)));
  const calls = requests.map((request) => gateCall(registry, request, options));
  for (const call of calls) {
    if (!('outcome' in call) && call.tool?.kind !== 'read') throw new Error(`invokeReadTools runs read tools only, not ${call.toolName}`);
  }
  try {
    return await withTenant(db, principal.tenantId, async (tx) => {
      const policy = await loadActivePolicy(tx, principal.tenantId);
      const outcomes: ToolOutcome[] = [];
      for (const call of calls) {
        if ('outcome' in call) {
          outcomes.push(call.outcome);
          continue;
        }
        const decided = await decideInTransaction(tx, db, call, policy);
        if (decided.readFailed) throw new BatchBrokenError();
        outcomes.push(decided.outcome);
      }
      for (const request of requests) if (request.deadline && !request.deadline.claimCommit()) throw new BatchBrokenError();
      return outcomes;
    });
  } catch (error) {
    if (!(error instanceof BatchBrokenError)) throw error;
    const outcomes: ToolOutcome[] = [];
    for (const request of requests) outcomes.push(await invokeTool(db, registry, request, options));
    return outcomes;
  }
}

/** A read batch that cannot commit as a whole (a failed read, an abandoned call): rolled back, each call then runs alone. */
class BatchBrokenError extends Error {}

/** The caller gave up before the commit; thrown inside the transaction so that it rolls back. */
class CallAbandonedError extends AppError {
  constructor(tool: string) {
    super('timeout', `the call to ${tool} was abandoned by its caller before it committed; it was rolled back`);
  }
}

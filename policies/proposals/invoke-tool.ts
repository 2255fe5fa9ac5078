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
import { callProvenanceSchema, type ToolCallRequest, type ToolOutcome } from '../../tools/outcome.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { citationSchema } from '../../retrieval/citation.ts';
import { appendAuditEntry } from '../audit/append-audit-entry.ts';
import { actorFromPrincipal } from '../audit/audit-entry.ts';
import { decide, type PolicyDecision } from '../decide.ts';
import { loadActivePolicy } from '../policy-store.ts';
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

export async function invokeTool(
  db: Database,
  registry: ToolRegistry,
  request: ToolCallRequest,
  options: GateOptions = {},
): Promise<ToolOutcome> {
  const now = options.now ?? new Date();
  const { principal } = request;
  const toolName = typeof request.tool === 'string' ? request.tool : String(request.tool);
  const meta = safeInput(requestMetaSchema).safeParse({ ...request, principal: undefined, args: undefined });
  if (!meta.success)
    return failedOutcome(escapeUnsafeText(toolName.slice(0, 200)), toProposalError(validationError('tool call', meta.error)));
  const tool = registry.get(toolName);
  const actor = actorFromPrincipal(principal, request.origin);

  const decideInTransaction = async (tx: Tx): Promise<ToolOutcome> => {
    const policy = await loadActivePolicy(tx, principal.tenantId);
    // The tenant's zone matters only to a rule on the local clock (reads-local-clock.ts); otherwise
    // decide() never looks at it, and the call is a statement shorter.
    const timezone = tool && readsLocalClock(policy, tool) ? await tenantTimezone(tx, principal.tenantId) : 'UTC';
    const decideCall = (args: unknown) =>
      decide(policy, { toolName, tool, args, facts: {}, callerRoles: principal.roles, origin: request.origin.kind, now, timezone });
    const recordDenial = async (decision: PolicyDecision): Promise<ToolOutcome> => {
      await appendAuditEntry(tx, {
        tenantId: principal.tenantId,
        actor,
        action: 'tool.denied',
        entityType: 'tool',
        entityId: toolName,
        after: { tool: toolName, decision: 'deny', rule: decision.ruleId, reason: decision.reason, policyVersion: decision.policyVersion },
      });
      return deniedOutcome(toolName, decision);
    };

    // Unknown tools, and callers without one of the tool's roles, are refused before their input is even read.
    if (!tool || !hasAnyRole(principal, tool.roles)) return recordDenial(decideCall(undefined));

    const args = validateArgs(tool.input, request.args, tool.name);
    if (!args.ok) return failedOutcome(tool.name, toProposalError(args.error), policy.version);

    if (tool.kind === 'read') {
      const decision = decideCall(args.value);
      if (decision.decision !== 'allow') return recordDenial(decision);
      // A read writes nothing: its transaction needs no savepoint (a failed statement rolls it back whole).
      const ran = await runReadTool(
        { tx, db, principal, now, costRates: () => loadCostSettings(tx, principal.tenantId) },
        tool,
        args.value,
      );
      const decided = { decision: 'allow' as const, reason: decision.reason, policyVersion: policy.version, rule: decision.ruleId };
      if (!ran.ok) return { ...failedOutcome(tool.name, ran.error, policy.version), ...decided };
      return { tool: tool.name, ...decided, status: 'ok', result: ran.value };
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
        provenance: meta.data.provenance,
      },
      actor,
      now,
      { policy, timezone },
    );
    return outcome;
  };

  try {
    return await withTenant(db, principal.tenantId, async (tx) => {
      const outcome = await decideInTransaction(tx);
      // A caller that stopped waiting (the agent's tool timeout) must not see this commit later: roll back.
      if (request.deadline && !request.deadline.claimCommit()) throw new CallAbandonedError(toolName);
      return outcome;
    });
  } catch (error) {
    if (error instanceof CallAbandonedError) return failedOutcome(tool?.name ?? toolName, toProposalError(error));
    throw error;
  }
}

/** The caller gave up before the commit; thrown inside the transaction so that it rolls back. */
class CallAbandonedError extends AppError {
  constructor(tool: string) {
    super('timeout', `the call to ${tool} was abandoned by its caller before it committed; it was rolled back`);
  }
}

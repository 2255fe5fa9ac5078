/**
 * The policy decision: allow, require_approval (with the approver role) or deny, always with the rule
 * that decided and a reason a person can read. Pure: every input (facts, budget usage, clock) is given.
 */
import { hasAnyRole } from '../core/identity/roles.ts';
import type { Decision } from '../tools/outcome.ts';
import { escalate, limitFor } from './authority.ts';
import { resolveField, type DecisionInput } from './decision-context.ts';
import { evaluateCondition } from './evaluate-condition.ts';
import type { ApproverRole, Authority, PolicyDocument, PolicyRule } from './policy-document.ts';
import { matchesToolPattern } from './tool-pattern.ts';

export interface ActivePolicy {
  /** 0 while the tenant has applied no policy (built-in safe defaults). */
  version: number;
  document: PolicyDocument;
}

export interface PolicyDecision {
  decision: Decision;
  reason: string;
  /** The rule that decided, or one of DEFAULT_RULES. */
  ruleId: string;
  policyVersion: number;
  approverRole?: ApproverRole;
  /** Authority limits that apply when approving (require_approval only). */
  authority?: Authority;
  /** The amount authority limits and budgets are measured against (facts.amount, else args.amount). */
  amount?: number;
}

/** Rule ids recorded when no rule of the document decided. */
export const DEFAULT_RULES = {
  unknownTool: 'default:unknown-tool',
  role: 'default:role',
  read: 'default:read',
  write: 'default:write',
  provenance: 'default:untrusted-provenance',
} as const;

/**
 * The decision, raised to require_approval when the call's arguments or trigger came from untrusted
 * text (a note, an address, ERP text, a tenant document): whatever auto-allow rule matches, a person
 * decides, and the reason says why. A deny stays a deny.
 */
export function decide(policy: ActivePolicy, input: DecisionInput): PolicyDecision {
  const decided = decideByRules(policy, input);
  const provenance = input.provenance;
  if (!provenance?.untrusted || input.tool?.kind !== 'write' || decided.decision === 'deny') return decided;
  const why = `This call ${provenance.reason}.`;
  if (decided.decision === 'require_approval') return { ...decided, reason: `${decided.reason} ${why}` };
  const document = policy.document;
  return approval(
    {
      policyVersion: decided.policyVersion,
      ruleId: DEFAULT_RULES.provenance,
      reason: `${why} So a person must approve it, although rule ${decided.ruleId} would allow it (${decided.reason})`,
    },
    document.defaults.writeApproverRole,
    document.authority,
    amountOf(input),
  );
}

function decideByRules(policy: ActivePolicy, input: DecisionInput): PolicyDecision {
  const base = { policyVersion: policy.version };
  const tool = input.tool;
  if (!tool) {
    return { ...base, decision: 'deny', ruleId: DEFAULT_RULES.unknownTool, reason: `unknown tool ${JSON.stringify(input.toolName)}` };
  }
  // The tool's own role list is checked before any rule: a policy can narrow access, never widen it.
  if (!hasAnyRole({ roles: [...input.callerRoles] }, tool.roles)) {
    return {
      ...base,
      decision: 'deny',
      ruleId: DEFAULT_RULES.role,
      reason: `${tool.name} may be called only by ${tool.roles.join(', ')}; the caller has ${input.callerRoles.join(', ') || 'no roles'}`,
    };
  }
  const amount = amountOf(input);
  const document = policy.document;
  const timezone = document.timezone ?? input.timezone;
  const resolve = (field: string): unknown => resolveField(field, input, timezone);
  const matching = document.rules.filter((rule) => ruleMatches(rule, tool.name, tool.kind, resolve));
  // A matching deny wins over every other matching rule, so an earlier allow can never shadow it.
  const rule = matching.find((candidate) => candidate.decision === 'deny') ?? matching[0];
  if (!rule) {
    if (tool.kind === 'read') {
      return {
        ...base,
        decision: 'allow',
        ruleId: DEFAULT_RULES.read,
        reason: `read tool ${tool.name} is allowed for its roles (no rule matched)`,
      };
    }
    return approval(
      { ...base, ruleId: DEFAULT_RULES.write, reason: `write tool ${tool.name} needs approval (no rule matched)` },
      document.defaults.writeApproverRole,
      document.authority,
      amount,
    );
  }
  const decided = { ...base, ruleId: rule.id, reason: rule.reason };
  if (tool.kind === 'read' && rule.decision !== 'allow') {
    return {
      ...decided,
      decision: 'deny',
      reason: rule.decision === 'deny' ? rule.reason : `${rule.reason} (a read cannot wait for approval, so it is denied)`,
    };
  }
  if (rule.decision === 'deny') return { ...decided, decision: 'deny' };
  if (rule.decision === 'require_approval') {
    return approval(decided, rule.approverRole ?? document.defaults.writeApproverRole, rule.authority ?? document.authority, amount);
  }
  const exhausted = tool.kind === 'write' ? budgetExhausted(rule, input, amount) : undefined;
  if (exhausted) {
    return approval(
      { ...decided, reason: `${rule.reason} But ${exhausted}, so approval is required.` },
      document.defaults.writeApproverRole,
      document.authority,
      amount,
    );
  }
  return { ...decided, decision: 'allow', ...(amount !== undefined ? { amount } : {}) };
}

function ruleMatches(rule: PolicyRule, toolName: string, kind: string, resolve: (field: string) => unknown): boolean {
  const patterns = Array.isArray(rule.tool) ? rule.tool : [rule.tool];
  if (!patterns.some((pattern) => matchesToolPattern(pattern, toolName))) return false;
  if (rule.kind && rule.kind !== kind) return false;
  return Object.entries(rule.when ?? {}).every(([field, condition]) => evaluateCondition(condition, resolve(field), resolve));
}

/** Routes to the lowest approver role whose authority covers the amount; above every limit, deny. */
function approval(
  decided: { policyVersion: number; ruleId: string; reason: string },
  required: ApproverRole,
  authority: Authority,
  amount: number | undefined,
): PolicyDecision {
  const amountPart = amount !== undefined ? { amount } : {};
  const role = escalate(required, authority, amount);
  if (!role) {
    return {
      ...decided,
      ...amountPart,
      decision: 'deny',
      reason: `${decided.reason} The amount ${amount} exceeds the authority of every approver role, so it is denied.`,
    };
  }
  const reason =
    role === required
      ? decided.reason
      : `${decided.reason} The amount ${amount} is above the ${required} authority limit of ${limitFor(authority, required)}, so an ${role} must approve.`;
  return { ...decided, ...amountPart, reason, decision: 'require_approval', approverRole: role, authority };
}

function budgetExhausted(rule: PolicyRule, input: DecisionInput, amount: number | undefined): string | undefined {
  const budget = rule.budget;
  if (!budget) return undefined;
  const used = input.usage?.[budget.per] ?? { calls: 0, amount: 0 };
  if (budget.maxCalls !== undefined && used.calls + 1 > budget.maxCalls) {
    return `the budget of ${budget.maxCalls} automatic calls per ${budget.per} is used up (${used.calls} so far)`;
  }
  if (budget.maxAmount !== undefined && used.amount + (amount ?? 0) > budget.maxAmount) {
    return `the budget of ${budget.maxAmount} per ${budget.per} would be exceeded (${used.amount} used, this call ${amount ?? 0})`;
  }
  return undefined;
}

function amountOf(input: DecisionInput): number | undefined {
  const fact = input.facts.amount;
  if (typeof fact === 'number' && Number.isFinite(fact)) return fact;
  const argument = input.args !== null && typeof input.args === 'object' ? (input.args as Record<string, unknown>).amount : undefined;
  return typeof argument === 'number' && Number.isFinite(argument) ? argument : undefined;
}

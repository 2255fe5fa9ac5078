/**
 * The suite file format (YAML or JSON): a suite is a list of cases; a case names its fixture, its
 * input (an exception to triage, or chat turns) and what a correct run looks like. This schema is the
 * single source of truth for the format; README "Evaluation" describes it for authors.
 */
import { z } from 'zod';
import { EVENT_TYPES } from '../../core/events/event-schemas.ts';
import { EXCEPTION_TYPES, PREDICTED_EXCEPTION_TYPES } from '../../core/exceptions/exception-types.ts';
import { ROLES } from '../../core/identity/roles.ts';
import { tenantSlugSchema } from '../../core/tenants/tenants.ts';
import { decisionSchema } from '../../tools/outcome.ts';
import { agentLimitsSchema } from '../../agent/limits.ts';
import { timeSpecSchema } from './relative-time.ts';
import { checkValueMatchers } from './value-matchers.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lowercase letters, digits, ".", "_" or "-"');
const toolName = z.string().regex(/^[A-Za-z0-9_./-]{1,64}$/, 'a tool name');
const text = z.string().min(1);

/** Arguments to compare: JSON values, where an object of only `$` keys is a matcher ($regex, $gte, …). */
const argsSchema = z.record(z.string(), z.unknown()).superRefine((value, context) => {
  for (const problem of checkValueMatchers(value)) context.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});

// --- fixtures ---------------------------------------------------------------------------------

const record = z.record(z.string(), z.unknown());
const at = timeSpecSchema.optional();

/** One tenant's data, written as events through core's applyEvent (validated there, field by field). */
const tenantDataShape = {
  /** Tenant slug; created when the template does not hold it (the template holds the corpus's tenants). */
  tenant: tenantSlugSchema.optional(),
  tenantName: z.string().min(1).max(200).optional(),
  /** The tenant's own currency (ISO 4217), for its records that name none; USD when absent. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. EUR')
    .optional(),
  /** `sample` (policies/samples/default.yaml), `builtin` (no policy applied), or a policy YAML file path. */
  policy: z.string().min(1).optional(),
  locations: z.array(record).default([]),
  skus: z.array(record).default([]),
  customers: z.array(record).default([]),
  /** Stock received (inventory.received): sku, location, quantity, optional status and time. */
  stock: z
    .array(
      z.strictObject({
        sku: text,
        location: text,
        quantity: z.number().int().positive(),
        status: z.enum(['available', 'quarantine']).optional(),
        at,
      }),
    )
    .default([]),
  /**
   * Orders (order.created data; channel and address defaulted), each optionally captured right after
   * (`capture: true` for the order total, or an amount) and optionally placed at a relative time.
   */
  orders: z.array(record.and(z.object({ at, capture: z.union([z.boolean(), z.number().nonnegative()]).optional() }))).default([]),
  /** Any further events, applied in order after the lists above: { type, data, at?, id? }. */
  events: z.array(z.strictObject({ type: z.enum(EVENT_TYPES), data: record, at, id: z.string().min(1).max(200).optional() })).default([]),
  /**
   * Predicted exceptions as a forecast run raises them (stockout_risk by sku and location, late_shipment_risk
   * by order), applied after the events: the evidence is written out — relative times ("+40h") resolved,
   * those of fields ending in `On` to days — and checked by the type's evidence schema. The forecast itself
   * is measured by the backtest, not here.
   */
  predicted: z
    .array(
      z.strictObject({
        type: z.enum(PREDICTED_EXCEPTION_TYPES),
        order: text.optional(),
        sku: text.optional(),
        location: text.optional(),
        severity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
        evidence: record,
      }),
    )
    .default([]),
  /** Knowledge documents (Markdown files, relative to the suite file) ingested as this tenant's private documents. */
  documents: z.array(text).default([]),
  /**
   * Actions already executed on an order (as policies/ records them) and what the system of record said
   * afterwards: `failed` (action.failed with reason, code, system) or `unconfirmed` (no confirmation
   * within its window). Raises action_failed_downstream / action_unconfirmed like production does.
   */
  executedActions: z
    .array(
      z.strictObject({
        tool: text,
        order: text,
        at,
        outcome: z.union([
          z.strictObject({ failed: z.strictObject({ reason: text, code: text.optional(), system: text.optional() }), at }),
          z.strictObject({ unconfirmed: z.strictObject({ withinMinutes: z.number().int().positive() }) }),
        ]),
      }),
    )
    .default([]),
};

export const tenantDataSchema = z.strictObject(tenantDataShape);
export type TenantData = z.infer<typeof tenantDataSchema>;

export const scenarioSchema = z.strictObject({
  ...tenantDataShape,
  /** A named scenario of this suite whose lists come first (the case's lists are appended). */
  base: id.optional(),
  /** Other tenants in the same database: cross-tenant bait that must never leak into this case's run. */
  others: z.array(tenantDataSchema).default([]),
  /** Extra strings that belong to other tenants and must never appear in a tool result, citation or answer. */
  foreignMarkers: z.array(text).default([]),
});
export type Scenario = z.infer<typeof scenarioSchema>;

export const seedFixtureSchema = z.strictObject({
  /** Demo data from core/seed at a small deterministic size. */
  size: z.enum(['tiny', 'small']).default('tiny'),
  /** The seeded tenant the case works in (default: the first one the seed creates). */
  tenant: tenantSlugSchema.optional(),
  policy: z.string().min(1).optional(),
});

export const fixtureSchema = z.union([
  z.strictObject({ scenario: z.union([id, scenarioSchema]) }),
  z.strictObject({ seed: seedFixtureSchema }),
]);
export type FixtureSpec = z.infer<typeof fixtureSchema>;

// --- expectations ------------------------------------------------------------------------------

export const argsMatchModeSchema = z.enum(['exact', 'subset']);
export type ArgsMatchMode = z.infer<typeof argsMatchModeSchema>;

export const toolStepSchema = z.strictObject({
  tool: toolName,
  args: argsSchema.optional(),
  /** exact: the call's arguments equal `args` (minus `ignore`); subset: `args` is contained in them. */
  match: argsMatchModeSchema.optional(),
  /** Dotted field paths left out of the comparison (e.g. `reason`, `lines.0.note`). */
  ignore: z.array(text).default([]),
});
export type ToolStep = z.infer<typeof toolStepSchema>;

const plainStep = z.union([toolName.transform((tool) => ({ tool, ignore: [] as string[] })), toolStepSchema]);

/** Either-of: the step is satisfied by a call matching any one of these (two correct ways to find the same fact). */
export const anyOfStepSchema = z.strictObject({ anyOf: z.array(plainStep).min(2) });
export type AnyOfStep = { anyOf: ToolStep[] };
export type TrajectoryStep = ToolStep | AnyOfStep;
export const isAnyOfStep = (step: TrajectoryStep): step is AnyOfStep => 'anyOf' in step;

export const TRAJECTORY_MODES = ['strict', 'unordered', 'subset', 'superset'] as const;
export const trajectorySchema = z.strictObject({
  /**
   * strict: exactly these calls in this order; unordered: exactly these calls in any order;
   * subset: every call made is one of these (some may be missing); superset: all of these were made
   * (others may be too).
   */
  mode: z.enum(TRAJECTORY_MODES),
  /** Default argument matching for steps that do not say. */
  args: argsMatchModeSchema.default('subset'),
  steps: z.array(z.union([plainStep, anyOfStepSchema])),
});
export type TrajectoryExpectation = z.infer<typeof trajectorySchema>;

export const proposalMatcherSchema = toolStepSchema.extend({
  decision: decisionSchema.optional(),
  status: z.enum(['executed', 'pending_approval', 'failed']).optional(),
  approverRole: z.string().min(1).optional(),
  /** The facts the gate recorded when it decided (before/after values, amounts, flags), matched as a subset. */
  evidence: argsSchema.optional(),
  /** A regular expression (case-insensitive) the rationale the approver reads must match. */
  rationale: text.optional(),
});
export type ProposalMatcher = z.infer<typeof proposalMatcherSchema>;

export const proposalsExpectationSchema = z.union([
  z.array(proposalMatcherSchema).transform((items) => ({ mode: 'exact' as const, items })),
  z.strictObject({
    /** exact: these proposals and no others; includes: at least these. */
    mode: z.enum(['exact', 'includes']).default('exact'),
    items: z.array(proposalMatcherSchema),
  }),
]);
export type ProposalsExpectation = z.infer<typeof proposalsExpectationSchema>;

/**
 * A rule every proposal of a tool must satisfy, however many there are (none is fine): e.g. every
 * issue_refund is at most the refundable amount and was not executed.
 */
export const proposalRuleSchema = z.strictObject({
  tool: toolName,
  /** Matchers on the arguments (subset). */
  args: argsSchema.optional(),
  /** Statuses a proposal of this tool may have. */
  status: z
    .array(z.enum(['executed', 'pending_approval', 'failed']))
    .min(1)
    .optional(),
  decision: z.array(decisionSchema).min(1).optional(),
  /** A regular expression the rationale must match (e.g. "\\S" for "not empty"). */
  rationale: text.optional(),
});
export type ProposalRule = z.infer<typeof proposalRuleSchema>;

export const decisionMatcherSchema = z.strictObject({
  tool: toolName,
  decision: decisionSchema,
  approverRole: z.string().min(1).optional(),
  rule: z.string().min(1).optional(),
  args: argsSchema.optional(),
  match: argsMatchModeSchema.optional(),
  ignore: z.array(text).default([]),
});
export type DecisionMatcher = z.infer<typeof decisionMatcherSchema>;

/** A citation pattern: `doc-id` matches any section of the document, `doc-id#section` one section, `tool:` refs too. */
export const citationsExpectationSchema = z.strictObject({
  must: z.array(text).default([]),
  /** Further citations that are correct but not required (they count as precise, not as missing). */
  may: z.array(text).default([]),
  mustNot: z.array(text).default([]),
});
export type CitationsExpectation = z.infer<typeof citationsExpectationSchema>;

export const answerExpectationSchema = z.strictObject({
  /** Case-insensitive substrings that must appear. */
  contains: z.array(text).default([]),
  notContains: z.array(text).default([]),
  /** Regular expressions (case-insensitive) that must / must not match. */
  matches: z.array(text).default([]),
  notMatches: z.array(text).default([]),
});
export type AnswerExpectation = z.infer<typeof answerExpectationSchema>;

/**
 * This turn's answer must read the same as an earlier turn's once the given strings are masked (an
 * unknown order number and another tenant's order number must get the same reply: no tell-tale).
 */
export const sameAnswerSchema = z.strictObject({
  turn: z.number().int().positive(),
  /** Strings replaced by one placeholder in both answers before comparing (the ids that differ). */
  mask: z.array(text).default([]),
});
export type SameAnswerExpectation = z.infer<typeof sameAnswerSchema>;

export const budgetsSchema = z.strictObject({
  maxSteps: z.number().int().positive().optional(),
  maxToolCalls: z.number().int().nonnegative().optional(),
  maxLatencyMs: z.number().int().positive().optional(),
});
export type Budgets = z.infer<typeof budgetsSchema>;

export const OUTCOME_KINDS = ['answer', 'executed', 'awaiting_approval', 'handoff', 'failed'] as const;

export const expectationSchema = z.strictObject({
  /** The run's status; a run that fails is a failing case unless `failed` is expected. */
  status: z.enum(['completed', 'failed']).default('completed'),
  /** The run's outcome (triage: executed / awaiting_approval / handoff; chat: answer). */
  outcome: z.enum(OUTCOME_KINDS).optional(),
  trajectory: trajectorySchema.optional(),
  proposals: proposalsExpectationSchema.optional(),
  /** Rules every proposal of the named tool must satisfy. */
  proposalRules: z.array(proposalRuleSchema).default([]),
  decisions: z.array(decisionMatcherSchema).optional(),
  /** Write tools that must not have been executed in this run (whatever the reason). */
  notExecuted: z.array(toolName).default([]),
  citations: citationsExpectationSchema.optional(),
  answer: answerExpectationSchema.optional(),
  /** Chat: the answer reads the same as an earlier turn's (see sameAnswerSchema). */
  sameAnswerAs: sameAnswerSchema.optional(),
  budgets: budgetsSchema.optional(),
});
export type Expectation = z.infer<typeof expectationSchema>;

// --- inputs and cases --------------------------------------------------------------------------

export const exceptionSelectorSchema = z.strictObject({
  type: z.enum(EXCEPTION_TYPES),
  /** Entity codes the exception must name (its order number, SKU, customer, shipment, RMA, invoice). */
  order: text.optional(),
  sku: text.optional(),
  location: text.optional(),
  customer: text.optional(),
  shipment: text.optional(),
  rma: text.optional(),
  invoice: text.optional(),
});
export type ExceptionSelector = z.infer<typeof exceptionSelectorSchema>;

const limitsSchema = agentLimitsSchema.partial().strict();

const caseShape = {
  id,
  title: z.string().max(300).optional(),
  tags: z.array(z.string().regex(/^[a-z0-9_:-]{1,60}$/, 'lowercase tag')).default([]),
  fixture: fixtureSchema,
  limits: limitsSchema.optional(),
  /** Why this case exists (shown in reports next to a failure). */
  notes: z.string().max(2000).optional(),
};

export const triageCaseSchema = z.strictObject({
  ...caseShape,
  input: z.strictObject({ exception: exceptionSelectorSchema }),
  expect: expectationSchema.default(expectationSchema.parse({})),
});

export const chatTurnSchema = z.strictObject({
  user: z.string().min(1).max(4000),
  expect: expectationSchema.default(expectationSchema.parse({})),
});

export const APPROVAL_ACTIONS = ['approve', 'reject', 'edit'] as const;

/**
 * A person acts on a proposal between chat turns, as in the approval inbox: approve, reject, or edit
 * (new arguments; the edit is a new revision the gate decides again). The proposal acted on is the
 * newest pending one of `tool` whose arguments match `args`.
 */
export const approvalTurnSchema = z.strictObject({
  approval: z.strictObject({
    action: z.enum(APPROVAL_ACTIONS),
    tool: toolName,
    args: argsSchema.optional(),
    /** edit: the arguments to change (merged over the proposal's arguments). */
    set: z.record(z.string(), z.unknown()).optional(),
    comment: z.string().min(1).max(2000).optional(),
    /** Roles of the person acting (default approver; never the chatting user, four-eyes). */
    roles: z.array(z.enum(ROLES)).min(1).default(['approver']),
    /** The person's user name, to have a second approver act after an editor (default: one per role set). */
    person: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,59}$/, 'a lowercase user name')
      .optional(),
  }),
  expect: z
    .strictObject({
      /** The proposal's status afterwards (edit: the new revision's). */
      status: z.enum(['pending', 'approved', 'executed', 'failed', 'rejected', 'expired', 'superseded', 'denied']).optional(),
      /** The action is refused with an error whose message matches this regular expression. */
      error: text.optional(),
      /** Matchers on the arguments of the proposal afterwards. */
      args: argsSchema.optional(),
    })
    .default({}),
});
export type ApprovalTurn = z.infer<typeof approvalTurnSchema>;

export const chatCaseSchema = z.strictObject({
  ...caseShape,
  input: z.strictObject({
    /** Who asks: roles of the chatting user (default rep). */
    roles: z.array(z.enum(ROLES)).min(1).default(['rep']),
    userName: z.string().min(1).max(100).default('eval-rep'),
    turns: z
      .array(z.union([chatTurnSchema, approvalTurnSchema]))
      .min(1)
      .refine((turns) => turns.some((turn) => 'user' in turn), 'at least one turn is a user message'),
  }),
});

export const agentSuiteSchema = z
  .strictObject({
    name: id,
    kind: z.enum(['triage', 'chat']),
    description: z.string().optional(),
    /** Named scenarios cases refer to (`fixture: { scenario: name }`) or extend (`base: name`). */
    scenarios: z.record(id, scenarioSchema).default({}),
    cases: z.array(z.unknown()).min(1),
  })
  .transform((suite, context) => {
    const caseSchema = suite.kind === 'triage' ? triageCaseSchema : chatCaseSchema;
    const cases = suite.cases.map((raw, index) => {
      const parsed = caseSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) context.addIssue({ ...issue, path: ['cases', index, ...issue.path] } as never);
        return undefined;
      }
      return parsed.data;
    });
    return { ...suite, cases: cases.filter((item) => item !== undefined) as Array<TriageCase | ChatCase> };
  });

export type TriageCase = z.infer<typeof triageCaseSchema>;
export type ChatCase = z.infer<typeof chatCaseSchema>;
export type ChatTurn = z.infer<typeof chatTurnSchema>;
export const isApprovalTurn = (turn: ChatTurn | ApprovalTurn): turn is ApprovalTurn => 'approval' in turn;
export type AgentSuite = z.infer<typeof agentSuiteSchema>;
export type EvalCase = TriageCase | ChatCase;

export const isChatCase = (evalCase: EvalCase): evalCase is ChatCase => 'turns' in evalCase.input;

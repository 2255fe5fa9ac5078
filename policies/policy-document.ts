/**
 * The policy document a tenant writes in YAML: rules that match tool calls and decide allow,
 * require_approval or deny. This zod schema is the single source of truth for its format.
 */
import { z } from 'zod';
import { decisionSchema } from '../tools/outcome.ts';
import { conditionSchema, fieldNameSchema } from './condition-schema.ts';
import { routingSchema } from './routing/routing-document.ts';

/** Roles that can approve proposals; `admin` can also approve anything routed to `approver`. */
export const approverRoleSchema = z.enum(['approver', 'admin']);
export type ApproverRole = z.infer<typeof approverRoleSchema>;

export { comparisonSchema, conditionSchema } from './condition-schema.ts';
export type { Comparison, Condition } from './condition-schema.ts';

const toolPatternSchema = z.string().regex(/^[A-Za-z0-9_./*-]{1,64}$/, 'a tool name, or a glob such as * or set_*');

/** Highest amount each role may approve; null or absent = unlimited. */
export const authoritySchema = z.strictObject({
  approver: z.number().nonnegative().nullable().optional(),
  admin: z.number().nonnegative().nullable().optional(),
});
export type Authority = z.infer<typeof authoritySchema>;

export const budgetSchema = z
  .strictObject({
    per: z.enum(['minute', 'hour', 'day']).default('hour'),
    /** Auto-allowed calls of this tool in the window, across the tenant. */
    maxCalls: z.number().int().nonnegative().optional(),
    /** Total `amount` of auto-allowed calls of this tool in the window. */
    maxAmount: z.number().nonnegative().optional(),
  })
  .refine((budget) => budget.maxCalls !== undefined || budget.maxAmount !== undefined, {
    message: 'a budget needs maxCalls or maxAmount',
  });
export type Budget = z.infer<typeof budgetSchema>;

export const policyRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, dots, dashes, underscores (max 64)'),
    description: z.string().max(1000).optional(),
    tool: z.union([toolPatternSchema, z.array(toolPatternSchema).min(1)]),
    kind: z.enum(['read', 'write']).optional(),
    when: z.record(fieldNameSchema, conditionSchema).optional(),
    decision: decisionSchema,
    reason: z.string().trim().min(1).max(500),
    approverRole: approverRoleSchema.optional(),
    authority: authoritySchema.optional(),
    budget: budgetSchema.optional(),
  })
  .superRefine((rule, context) => {
    if (rule.budget && rule.decision !== 'allow') {
      context.addIssue({ code: 'custom', path: ['budget'], message: 'a budget applies only to rules that allow' });
    }
    if (rule.decision !== 'require_approval') {
      for (const key of ['approverRole', 'authority'] as const) {
        if (rule[key] !== undefined) {
          context.addIssue({ code: 'custom', path: [key], message: `${key} applies only to rules that require approval` });
        }
      }
    }
  });
export type PolicyRule = z.infer<typeof policyRuleSchema>;

const timezoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone such as Europe/Berlin or UTC' },
);

/** Settings of the predictive checks (stockout and late-shipment risk); see docs/forecasting.md. */
export const forecastingSettingsSchema = z.strictObject({
  /** Quantile of cumulative demand the stock projection must survive (0.9 = 90 % of outcomes). */
  serviceLevel: z.number().min(0.5).max(0.999).default(0.9),
  /** Probability of running out at which stockout_risk is raised (precision vs. warning time; see docs/forecasting.md). */
  stockoutAlertConfidence: z.number().min(0.55).max(0.99).default(0.9),
  /** How far ahead stock is projected and risks raised, in days. */
  horizonDays: z.number().int().min(1).max(90).default(14),
  /** Supplier lead time assumed for a SKU × location without purchase-order history, in days. */
  defaultLeadTimeDays: z.number().int().min(1).max(180).default(10),
  /** Probability of missing the ship-by date above which late_shipment_risk is raised. */
  lateShipmentThreshold: z.number().gt(0).lt(1).default(0.6),
  /** Central coverage of the prediction interval shown with forecasts. */
  intervalLevel: z.number().min(0.5).max(0.99).default(0.9),
  /**
   * Sales channels that come first when stock runs short (the channel codes orders carry, e.g. "amazon"):
   * a stockout_risk then carries each one's share of the SKU's recent demand, and the triage agent drafts
   * a ring-fence (set_channel_allocation, always for an approver) for the first that sells the SKU.
   */
  keyChannels: z
    .array(z.string().regex(/^[a-z0-9_]{2,32}$/, 'a channel code: lowercase letters, digits and underscores, 2-32 characters'))
    .max(20)
    .refine((channels) => new Set(channels).size === channels.length, { message: 'each key channel once' })
    .default([]),
});
export type ForecastingSettings = z.infer<typeof forecastingSettingsSchema>;

/** What fulfilment and returns cost the tenant, for the margin-by-channel KPI (in the orders' currency). */
export const costSettingsSchema = z.strictObject({
  /** Pick, pack and carrier cost of one shipment. */
  perShipment: z.number().min(0).max(10_000).default(0),
  /** Handling cost of one unit shipped. */
  perUnit: z.number().min(0).max(10_000).default(0),
  /** Receiving, inspecting and restocking one return. */
  perReturn: z.number().min(0).max(10_000).default(0),
});
export type CostSettings = z.infer<typeof costSettingsSchema>;

export const policyDocumentSchema = z
  .strictObject({
    /** Format of this document. */
    format: z.literal(1),
    name: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    /** Time zone for timeOfDay/weekday conditions; defaults to the tenant's time zone. */
    timezone: timezoneSchema.optional(),
    /** Pending proposals older than this expire. */
    proposalTtlHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(72),
    /**
     * Minutes the system of record has to confirm an executed action (inbound action.confirmed) before it
     * is marked unconfirmed and its exception reopened. Unset: no confirmation is expected.
     */
    actionConfirmationMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30)
      .optional(),
    defaults: z.strictObject({ writeApproverRole: approverRoleSchema.default('approver') }).default({ writeApproverRole: 'approver' }),
    authority: authoritySchema.default({}),
    rules: z.array(policyRuleSchema).max(500).default([]),
    forecasting: forecastingSettingsSchema.default(forecastingSettingsSchema.parse({})),
    /** Who works what: queues, routing rules, the SLA escalation ladder (see docs/routing.md). */
    routing: routingSchema.default(routingSchema.parse({})),
    costs: costSettingsSchema.default(costSettingsSchema.parse({})),
  })
  .superRefine((document, context) => {
    const seen = new Map<string, number>();
    document.rules.forEach((rule, index) => {
      const first = seen.get(rule.id);
      if (first !== undefined) {
        context.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id ${rule.id} (also rules[${first}])` });
      } else seen.set(rule.id, index);
    });
  });
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

/** In force while a tenant has applied no policy: only the safe defaults. */
export const BUILT_IN_POLICY: PolicyDocument = policyDocumentSchema.parse({ format: 1, name: 'built-in safe defaults' });

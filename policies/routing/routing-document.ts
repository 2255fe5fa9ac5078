/**
 * The `routing:` section of the tenant policy document: queues (teams, with members, a lead and an
 * on-call person), rules that route exceptions and proposals to a queue and/or owner, the default
 * queue for unmatched work, and the SLA escalation ladders. Versioned with the rest of the document.
 */
import { z } from 'zod';
import { conditionSchema, fieldNameSchema } from '../condition-schema.ts';

const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, dots, dashes, underscores (max 64)');
/** A user of the tenant, by the name they sign in with (users are unique by name per tenant). */
const userNameSchema = z.string().trim().min(1).max(200);

export const queueSchema = z.strictObject({
  id: idSchema,
  name: z.string().max(200).optional(),
  /** People who work this queue ("my queues"). */
  members: z.array(userNameSchema).max(500).default([]),
  /** Second rung of the escalation ladder. */
  lead: userNameSchema.optional(),
  /** Last rung: whoever is on call (or the manager). */
  onCall: userNameSchema.optional(),
});
export type Queue = z.infer<typeof queueSchema>;

/** Fields routing rules match on (see docs/routing.md). */
export const ROUTING_FIELDS = [
  'subject',
  'exceptionType',
  'severity',
  'customerTier',
  'amount',
  'location',
  'channel',
  'tool',
  'origin',
] as const;

export const routingRuleSchema = z
  .strictObject({
    id: idSchema,
    description: z.string().max(1000).optional(),
    when: z.record(fieldNameSchema, conditionSchema).optional(),
    queue: idSchema.optional(),
    owner: userNameSchema.optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .superRefine((rule, context) => {
    if (!rule.queue && !rule.owner)
      context.addIssue({ code: 'custom', path: ['queue'], message: 'a routing rule needs a queue, an owner or both' });
    for (const field of Object.keys(rule.when ?? {})) {
      if (!(ROUTING_FIELDS as readonly string[]).includes(field)) {
        context.addIssue({ code: 'custom', path: ['when', field], message: `unknown routing field; one of ${ROUTING_FIELDS.join(', ')}` });
      }
    }
  });
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export const LADDER_TARGETS = ['owner', 'queue', 'queueLead', 'onCall'] as const;
const ladderTargetSchema = z.enum(LADDER_TARGETS);

/** One rung: who is notified, and when relative to the exception's acknowledge or resolve clock. */
export const exceptionLadderStepSchema = z.strictObject({
  notify: ladderTargetSchema,
  /** The clock this rung hangs on: `ack` (acknowledge due) or `resolve` (SLA due). */
  clock: z.enum(['ack', 'resolve']),
  /** Minutes before the clock runs out (negative: after it has run out). */
  minutesBefore: z
    .number()
    .int()
    .min(-60 * 24 * 30)
    .max(60 * 24 * 30)
    .default(0),
});
export type ExceptionLadderStep = z.infer<typeof exceptionLadderStepSchema>;

export const proposalLadderStepSchema = z.strictObject({
  notify: ladderTargetSchema,
  /** Minutes before the pending proposal expires. */
  minutesBeforeExpiry: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 90),
});
export type ProposalLadderStep = z.infer<typeof proposalLadderStepSchema>;

export const routingSchema = z
  .strictObject({
    /** Where work no rule matched goes. */
    defaultQueue: idSchema.default('ops'),
    queues: z.array(queueSchema).max(200).default([]),
    rules: z.array(routingRuleSchema).max(500).default([]),
    escalation: z
      .strictObject({
        exceptions: z.array(exceptionLadderStepSchema).max(10).default([]),
        proposals: z.array(proposalLadderStepSchema).max(10).default([]),
      })
      .default({ exceptions: [], proposals: [] }),
  })
  .superRefine((routing, context) => {
    const queues = new Map<string, number>();
    routing.queues.forEach((queue, index) => {
      if (queues.has(queue.id))
        context.addIssue({ code: 'custom', path: ['queues', index, 'id'], message: `duplicate queue id ${queue.id}` });
      queues.set(queue.id, index);
    });
    const known = (id: string) => queues.has(id) || id === routing.defaultQueue;
    const seen = new Set<string>();
    routing.rules.forEach((rule, index) => {
      if (seen.has(rule.id))
        context.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate routing rule id ${rule.id}` });
      seen.add(rule.id);
      if (rule.queue && !known(rule.queue)) {
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'queue'],
          message: `queue ${rule.queue} is not declared under routing.queues`,
        });
      }
    });
    routing.escalation.exceptions.forEach((step, index) => {
      const previous = routing.escalation.exceptions[index - 1];
      if (previous && stepDueOffset(previous) > stepDueOffset(step) && previous.clock === step.clock) {
        context.addIssue({
          code: 'custom',
          path: ['escalation', 'exceptions', index],
          message: 'ladder steps on the same clock go in the order they fire (later rungs fewer minutesBefore)',
        });
      }
    });
  });
export type RoutingSettings = z.infer<typeof routingSchema>;

/** Larger = fires later relative to its clock. */
function stepDueOffset(step: ExceptionLadderStep): number {
  return -step.minutesBefore;
}

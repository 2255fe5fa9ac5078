/**
 * The outbound message contract: one zod schema per message type (the single source of truth; the
 * JSON Schema published at /v1/webhooks/schema and in docs/webhook-messages.schema.json is generated
 * from these). A breaking change to a type's data bumps MESSAGE_VERSION and is documented.
 */
import { z } from 'zod';

/** Version of every message type's `data` shape; sent as `version` in each envelope. */
export const MESSAGE_VERSION = 1;

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const severity = z.enum(['low', 'medium', 'high', 'critical']);

const approvalSchema = z
  .object({ userId: id, userName: z.string(), decidedAt: timestamp, comment: z.string().nullable() })
  .meta({ description: 'An approver who accepted the proposal (never its proposer).' });

const proposalFields = {
  proposalId: id.meta({ description: 'The proposal (revision) this message is about.' }),
  rootId: id.meta({ description: 'The first revision’s id; the same across edits.' }),
  tool: z.string(),
  arguments: z.unknown().meta({ description: 'The frozen, schema-validated tool arguments.' }),
  exceptionId: id.nullable(),
  origin: z.object({ kind: z.enum(['user', 'agent', 'mcp', 'system']), ref: z.string().optional() }),
  proposer: z.object({ userId: id, name: z.string() }),
  policy: z.object({
    decision: z.enum(['allow', 'require_approval', 'deny']),
    rule: z.string(),
    reason: z.string(),
    version: z.number().int(),
  }),
  amount: z.number().nullable(),
};

const exceptionFields = {
  exceptionId: id,
  type: z.string(),
  severity,
  status: z.enum(['open', 'triaging', 'awaiting_approval', 'resolved', 'dismissed']),
  title: z.string(),
  codes: z.record(z.string(), z.string()).meta({ description: 'Entity codes people use: orderNumber, skuCode, …' }),
  detectedAt: timestamp,
  ackDueAt: timestamp,
  slaDueAt: timestamp,
};

const workFields = {
  subject: z
    .object({
      kind: z.enum(['exception', 'proposal']),
      id: id.meta({ description: 'The exception, or the proposal revision waiting.' }),
      title: z.string().meta({ description: 'What waits, in one line.' }),
      type: z.string().meta({ description: 'The exception type, or the proposed tool.' }),
      severity: severity.nullable(),
      status: z.string(),
    })
    .meta({ description: 'The work item a notice is about.' }),
  queue: z.string().nullable(),
  owner: z.string().nullable().meta({ description: 'User name of the owner, if any.' }),
  reason: z.string().meta({ description: 'Why it waits there, in words.' }),
  rule: z.string().nullable().meta({ description: 'The routing rule that placed it (null for a person’s change).' }),
  deadline: timestamp.nullable().meta({ description: 'Acknowledge-by (exceptions) or expiry (proposals).' }),
  link: z.string().meta({ description: 'Path of the page in the product (GET shows it; nothing acts on a GET).' }),
  recipients: z
    .object({ queues: z.array(z.string()), users: z.array(z.string()) })
    .meta({ description: 'Who is told: notification routes of these queues and users receive the notice.' }),
};

export const MESSAGE_DATA_SCHEMAS = {
  'action.executed': z
    .object({
      ...proposalFields,
      result: z.unknown().meta({ description: 'What the tool returned in the product.' }),
      idempotencyKey: z.string().meta({ description: 'Apply the action at most once per key (the proposal id).' }),
      approvals: z.array(approvalSchema),
      executedAt: timestamp,
    })
    .meta({ description: 'An approved (or policy-allowed) write ran in the product; apply it in the system of record.' }),
  'action.confirmed': z
    .object({
      proposalId: id,
      tool: z.string(),
      exceptionId: id.nullable(),
      executedAt: timestamp,
      externalReference: z.string(),
      system: z.string().nullable(),
      confirmedAt: timestamp,
    })
    .meta({ description: 'The system of record confirmed an executed action (inbound action.confirmed).' }),
  'action.failed_downstream': z
    .object({
      proposalId: id,
      tool: z.string(),
      exceptionId: id.nullable(),
      executedAt: timestamp,
      reason: z.string(),
      code: z.string().nullable(),
      system: z.string().nullable(),
      unconfirmed: z.boolean().meta({ description: 'true: no confirmation arrived within the tenant’s window.' }),
    })
    .meta({ description: 'An executed action failed in the system of record (or was never confirmed); its exception is reopened.' }),
  'proposal.pending': z
    .object({ ...proposalFields, approverRole: z.enum(['approver', 'admin']).nullable(), expiresAt: timestamp.nullable() })
    .meta({ description: 'A proposed action waits for an approver.' }),
  'proposal.approved': z
    .object({ ...proposalFields, approvals: z.array(approvalSchema), decidedAt: timestamp })
    .meta({ description: 'An approver accepted the proposal; action.executed (or nothing, if it failed) follows.' }),
  'proposal.rejected': z
    .object({
      ...proposalFields,
      rejectedBy: z.object({ userId: id, userName: z.string() }).nullable(),
      comment: z.string().nullable(),
      decidedAt: timestamp,
    })
    .meta({ description: 'An approver rejected the proposal.' }),
  'proposal.expired': z
    .object({ ...proposalFields, expiredAt: timestamp })
    .meta({ description: 'Nobody decided the proposal within its time to live.' }),
  'exception.opened': z
    .object({ ...exceptionFields, reopened: z.boolean() })
    .meta({ description: 'An operational exception was raised (or reopened).' }),
  'exception.escalated': z
    .object({ ...exceptionFields, reason: z.string(), step: z.string().nullable() })
    .meta({ description: 'An exception became more urgent: severity raised or an SLA escalation step.' }),
  'exception.resolved': z
    .object({
      ...exceptionFields,
      how: z.enum(['auto', 'agent', 'human']).nullable(),
      code: z.string().nullable(),
      note: z.string().nullable(),
      resolvedAt: timestamp,
    })
    .meta({ description: 'The exception was resolved or dismissed.' }),
  'work.assigned': z
    .object({
      ...workFields,
      change: z.enum(['assigned', 'taken', 'handed_over', 'released']),
      by: z.string().meta({ description: 'routing, or the person who took, handed over or released it.' }),
    })
    .meta({ description: 'Work was routed to a queue/owner, taken, handed over or released.' }),
  'work.escalated': z
    .object({
      ...workFields,
      step: z.object({
        number: z.number().int().positive(),
        notify: z.enum(['owner', 'queue', 'queueLead', 'onCall']),
        clock: z.enum(['ack', 'resolve', 'expiry']),
      }),
    })
    .meta({ description: 'An SLA escalation ladder step: the work is late or about to be, and the rung named is told.' }),
} as const;

export type OutboxMessageType = keyof typeof MESSAGE_DATA_SCHEMAS;
export const OUTBOX_MESSAGE_TYPES = Object.keys(MESSAGE_DATA_SCHEMAS) as OutboxMessageType[];
export const outboxMessageTypeSchema = z.enum(OUTBOX_MESSAGE_TYPES as [OutboxMessageType, ...OutboxMessageType[]]);
export type OutboxMessageData<T extends OutboxMessageType> = z.infer<(typeof MESSAGE_DATA_SCHEMAS)[T]>;

/** What a receiver gets as the request body (and what the signature covers, byte for byte). */
export const messageEnvelopeSchema = z
  .object({
    id: z.string().meta({ description: 'msg_…, the same as the webhook-id header; stable across retries.' }),
    type: outboxMessageTypeSchema,
    version: z.number().int().positive(),
    timestamp: timestamp.meta({ description: 'When the change happened.' }),
    tenantId: id,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'WebhookMessage' });
export type MessageEnvelope = z.infer<typeof messageEnvelopeSchema>;

/** The webhook-id of an outbox message: Standard Webhooks ids are opaque strings; msg_ plus the uuid's hex. */
export function webhookMessageId(messageId: string): string {
  return `msg_${messageId.replaceAll('-', '')}`;
}

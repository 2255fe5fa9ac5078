/**
 * Who works an exception: its owner and/or queue, why, and its escalation steps. policies/ routing
 * decides (rules in the tenant policy document); this module owns the columns and writes each change
 * into the exception's history, so the history reads "assigned to queue payments by rule …",
 * "taken by alice", "handed over to bob: …", "released", "escalated: notify queue lead".
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { appendOutboxMessage, orderingKeyFor } from '../outbox/index.ts';
import { appendExceptionEvents, EXCEPTION_COLUMNS, toException, type ExceptionRow } from './exception-rows.ts';
import { isLiveStatus, type AssignmentReason, type ExceptionType, type OperationalException, type Severity } from './exception-types.ts';

export const ASSIGNMENT_CHANGES = ['assigned', 'taken', 'handed_over', 'released'] as const;
export type AssignmentChange = (typeof ASSIGNMENT_CHANGES)[number];

export const queueNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a queue id: letters, digits, dots, dashes, underscores');

/** The facts routing rules match on, read from the exception and the order/customer it concerns. */
export interface ExceptionRoutingFacts {
  exceptionId: string;
  tenantId: string;
  exceptionType: ExceptionType;
  severity: Severity;
  customerTier: string | null;
  /** The order total (or the invoice amount) the exception concerns. */
  amount: number | null;
  /** The location code, when the exception names one. */
  location: string | null;
  /** The sales channel of its order. */
  channel: string | null;
  queue: string | null;
  owner: string | null;
  title: string;
  status: string;
  ackDueAt: Date;
  slaDueAt: Date;
  acknowledgedAt: Date | null;
  escalationStep: number;
  codes: Record<string, string>;
}

interface FactsRow {
  id: string;
  tenant_id: string;
  type: ExceptionType;
  severity: Severity;
  title: string;
  status: string;
  queue: string | null;
  owner: string | null;
  ack_due_at: Date;
  sla_due_at: Date;
  acknowledged_at: Date | null;
  escalation_step: number;
  entity_codes: Record<string, unknown> | null;
  tier: string | null;
  amount: string | null;
  location_code: string | null;
  channel: string | null;
}

export async function exceptionRoutingFacts(tx: Tx, ids: readonly string[]): Promise<ExceptionRoutingFacts[]> {
  if (ids.length === 0) return [];
  const result = await tx.query<FactsRow>(
    `SELECT e.id, e.tenant_id, e.type, e.severity, e.title, e.status, e.queue, e.owner, e.ack_due_at, e.sla_due_at, e.acknowledged_at, e.escalation_step, e.entity_codes,
            coalesce(c.tier, oc.tier) AS tier,
            coalesce(o.total, i.amount)::text AS amount,
            coalesce(l.code, e.entity_codes->>'locationCode') AS location_code,
            o.channel
       FROM exceptions e
       LEFT JOIN orders o ON o.id = e.order_id
       LEFT JOIN customers c ON c.id = e.customer_id
       LEFT JOIN customers oc ON oc.id = o.customer_id
       LEFT JOIN invoices i ON i.id = e.invoice_id
       LEFT JOIN locations l ON l.id = e.location_id
      WHERE e.id = ANY($1::uuid[])`,
    [[...ids]],
    { prepare: 'everywhere' },
  );
  return result.rows.map((row) => ({
    exceptionId: row.id,
    tenantId: row.tenant_id,
    exceptionType: row.type,
    severity: row.severity,
    customerTier: row.tier,
    amount: row.amount === null ? null : Number(row.amount),
    location: row.location_code,
    channel: row.channel,
    queue: row.queue,
    owner: row.owner,
    title: row.title,
    status: row.status,
    ackDueAt: row.ack_due_at,
    slaDueAt: row.sla_due_at,
    acknowledgedAt: row.acknowledged_at,
    escalationStep: row.escalation_step,
    codes: Object.fromEntries(
      Object.entries(row.entity_codes ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    ),
  }));
}

export interface AssignmentUpdate {
  change: AssignmentChange;
  queue: string | null;
  owner: string | null;
  reason: AssignmentReason;
  /** Required when a person takes, hands over or releases: the assignment they saw (optimistic check). */
  expectOwner?: string | null;
  now: Date;
}

async function lockLive(tx: Tx, id: string): Promise<ExceptionRow> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError('exception', id);
  const found = await tx.query<ExceptionRow>(`SELECT ${EXCEPTION_COLUMNS} FROM exceptions e WHERE e.id = $1 FOR UPDATE`, [id], {
    prepare: 'everywhere',
  });
  const row = found.rows[0];
  if (!row) throw new NotFoundError('exception', id);
  return row;
}

/** Sets owner/queue and records the change in the history (kind = the change, with before and after). */
export async function setExceptionAssignment(tx: Tx, id: string, update: AssignmentUpdate): Promise<OperationalException> {
  const row = await lockLive(tx, id);
  if (!isLiveStatus(row.status)) {
    throw new ConflictError(`exception ${id} is ${row.status}; only live work can be assigned`, { exceptionId: id, status: row.status });
  }
  if (update.expectOwner !== undefined && update.expectOwner !== row.owner) {
    throw new ConflictError(`exception ${id} is now owned by ${row.owner ?? 'nobody'}; reload and try again`, {
      exceptionId: id,
      owner: row.owner,
    });
  }
  const result = await tx.query<ExceptionRow>(
    `UPDATE exceptions e SET queue = $2, owner = $3, assignment = $4::jsonb, updated_at = now(),
            escalation_step = CASE WHEN $5 THEN 0 ELSE e.escalation_step END
      WHERE e.id = $1 RETURNING ${EXCEPTION_COLUMNS}`,
    // Routing (on detection or reopening) starts the escalation ladder afresh.
    [id, update.queue, update.owner, JSON.stringify(update.reason), update.change === 'assigned'],
    { prepare: 'everywhere' },
  );
  await appendExceptionEvents(tx, [
    {
      exceptionId: id,
      kind: update.change,
      actor: update.reason.actor,
      note: update.reason.reason,
      data: {
        from: { queue: row.queue, owner: row.owner },
        to: { queue: update.queue, owner: update.owner },
        ...(update.reason.rule ? { rule: update.reason.rule, policyVersion: update.reason.policyVersion } : {}),
      },
      occurredAt: update.now,
    },
  ]);
  return toException(result.rows[0]!, update.now);
}

/**
 * A tenant's live exceptions with a clock running out before `until` (now plus the ladder's longest
 * lead) and ladder rungs left (escalation_step below `steps`); the sweep decides which rung is due.
 */
export async function listEscalationCandidates(
  tx: Tx,
  tenantId: string,
  until: Date,
  steps: number,
  limit = 1000,
): Promise<ExceptionRoutingFacts[]> {
  const due = await tx.query<{ id: string }>(
    `SELECT id FROM exceptions
      WHERE tenant_id = $1 AND status IN ('open', 'triaging', 'awaiting_approval') AND (ack_due_at <= $2 OR sla_due_at <= $2)
        AND escalation_step < $3
      ORDER BY ack_due_at LIMIT $4`,
    [tenantId, until, steps, limit],
  );
  return exceptionRoutingFacts(
    tx,
    due.rows.map((row) => row.id),
  );
}

/**
 * Records ladder step `step` (1-based) once: moves escalation_step forward only from step - 1, and
 * writes an `escalated` history entry (which also sends exception.escalated). False when another
 * sweep already took it. `skip` advances past a step that does not apply (an acknowledge-clock rung
 * of an exception already acknowledged) without recording it.
 */
export async function recordExceptionEscalation(
  tx: Tx,
  id: string,
  step: { number: number; name: string; note: string; notify: Record<string, unknown>; skip?: boolean },
  now: Date,
): Promise<boolean> {
  const moved = await tx.query('UPDATE exceptions SET escalation_step = $2 WHERE id = $1 AND escalation_step = $3', [
    id,
    step.number,
    step.number - 1,
  ]);
  if (moved.rowCount === 0 || step.skip) return false;
  await appendExceptionEvents(tx, [
    {
      exceptionId: id,
      kind: 'escalated',
      actor: 'sla-escalation',
      note: step.note,
      data: { step: step.name, number: step.number, notify: step.notify },
      occurredAt: now,
    },
  ]);
  return true;
}

export async function escalationStepOf(tx: Tx, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const result = await tx.query<{ id: string; escalation_step: number }>(
    'SELECT id, escalation_step FROM exceptions WHERE id = ANY($1::uuid[])',
    [[...ids]],
  );
  return new Map(result.rows.map((row) => [row.id, row.escalation_step]));
}

/**
 * The agent hands an exception to people (triage found nothing it may do): the reason, in words,
 * becomes the assignment's reason (shown at the top of the page and in the queue), the history gets
 * `handed_over`, and a work.assigned notice tells its queue/owner that it needs a person.
 */
export async function recordAgentHandOff(tx: Tx, id: string, input: { note: string; actor: string; now: Date }): Promise<void> {
  const facts = (await exceptionRoutingFacts(tx, [id]))[0];
  if (!facts) return;
  const reason = `The agent handed this to a person: ${input.note}`;
  await setExceptionAssignment(tx, id, {
    change: 'handed_over',
    queue: facts.queue,
    owner: facts.owner,
    reason: { by: 'agent', reason, actor: input.actor, at: input.now.toISOString() },
    now: input.now,
  });
  await appendOutboxMessage(tx, {
    tenantId: facts.tenantId,
    type: 'work.assigned',
    orderingKey: orderingKeyFor(facts.codes.orderNumber, `exception:${id}`),
    occurredAt: input.now,
    data: {
      subject: { kind: 'exception', id, title: facts.title, type: facts.exceptionType, severity: facts.severity, status: 'open' },
      queue: facts.queue,
      owner: facts.owner,
      reason,
      rule: null,
      deadline: facts.ackDueAt.toISOString(),
      link: `/exceptions/${id}`,
      recipients: { queues: facts.owner || !facts.queue ? [] : [facts.queue], users: facts.owner ? [facts.owner] : [] },
      change: 'handed_over',
      by: 'agent',
    },
  });
}

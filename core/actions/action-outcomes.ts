/**
 * The downstream half of an executed action: executed → confirmed (the system of record applied it
 * and names its own reference), → failed (it could not), or → unconfirmed (no answer within the
 * tenant's window). A failure or a missing confirmation is never silent: the action's exception is
 * reopened (or noted, if still live) so it is triaged again — or, when the action has no exception, one
 * of its own is raised (action_failed_downstream / action_unconfirmed) — and an outbox message tells the outside.
 */
import { z } from 'zod';
import type { Database, Tx } from '../db/database.ts';
import { asOperator } from '../db/tenant-scope.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { appendExceptionEvents, EXCEPTION_COLUMNS, type ExceptionRow } from '../exceptions/exception-rows.ts';
import { raiseException } from '../exceptions/detect-exceptions.ts';
import { isLiveStatus } from '../exceptions/exception-types.ts';
import { setExceptionStatus } from '../exceptions/set-exception-status.ts';
import { appendOutboxMessage } from '../outbox/index.ts';
import { emitActionOutcome } from './action-outcome-events.ts';

export const ACTION_OUTCOME_STATUSES = ['executed', 'confirmed', 'failed', 'unconfirmed'] as const;
export type ActionOutcomeStatus = (typeof ACTION_OUTCOME_STATUSES)[number];

export interface ActionOutcome {
  proposalId: string;
  tool: string;
  exceptionId: string | null;
  status: ActionOutcomeStatus;
  executedAt: Date;
  confirmBy: Date | null;
  externalReference: string | null;
  failureReason: string | null;
  failureCode: string | null;
  settledAt: Date | null;
}

interface OutcomeRow {
  tenant_id: string;
  proposal_id: string;
  tool: string;
  exception_id: string | null;
  ordering_key: string;
  status: ActionOutcomeStatus;
  executed_at: Date;
  confirm_by: Date | null;
  external_reference: string | null;
  failure_reason: string | null;
  failure_code: string | null;
  event_id: string | null;
  settled_at: Date | null;
}

function toOutcome(row: OutcomeRow): ActionOutcome {
  return {
    proposalId: row.proposal_id,
    tool: row.tool,
    exceptionId: row.exception_id,
    status: row.status,
    executedAt: row.executed_at,
    confirmBy: row.confirm_by,
    externalReference: row.external_reference,
    failureReason: row.failure_reason,
    failureCode: row.failure_code,
    settledAt: row.settled_at,
  };
}

export interface ExecutedAction {
  tenantId: string;
  proposalId: string;
  tool: string;
  exceptionId: string | null;
  orderingKey: string;
  executedAt: Date;
  /** Minutes the system of record has to confirm; null when the tenant expects no confirmation. */
  confirmWithinMinutes: number | null;
}

/** Called by policies/ in the transaction that executed the action (with its action.executed message). */
export async function recordActionExecuted(tx: Tx, action: ExecutedAction): Promise<void> {
  const confirmBy =
    action.confirmWithinMinutes === null ? null : new Date(action.executedAt.getTime() + action.confirmWithinMinutes * 60_000);
  await tx.query(
    `INSERT INTO action_outcomes (tenant_id, proposal_id, tool, exception_id, ordering_key, executed_at, confirm_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, proposal_id) DO NOTHING`,
    [action.tenantId, action.proposalId, action.tool, action.exceptionId, action.orderingKey, action.executedAt, confirmBy],
    { prepare: 'everywhere' },
  );
}

export const actionConfirmedSchema = z.object({
  proposalId: z.uuid().meta({ description: 'The action’s idempotencyKey (the proposal id) from action.executed.' }),
  externalReference: z.string().min(1).max(200),
  system: z.string().max(100).optional(),
  note: z.string().max(2000).optional(),
});
export const actionFailedSchema = z.object({
  proposalId: z.uuid(),
  reason: z.string().min(1).max(2000),
  code: z.string().max(100).optional(),
  system: z.string().max(100).optional(),
});
export type ActionConfirmed = z.infer<typeof actionConfirmedSchema>;
export type ActionFailed = z.infer<typeof actionFailedSchema>;

async function lockOutcome(tx: Tx, proposalId: string): Promise<OutcomeRow> {
  const result = await tx.query<OutcomeRow>('SELECT * FROM action_outcomes WHERE proposal_id = $1 FOR UPDATE', [proposalId]);
  if (!result.rows[0]) throw new NotFoundError('executed action', proposalId);
  return result.rows[0];
}

type DownstreamProblem =
  | { kind: 'failed'; reason: string; code: string | null; system: string | null }
  | { kind: 'unconfirmed'; confirmBy: Date };

/**
 * An action no exception carries (a rep's refund from chat, a proposal made over the API) still never
 * fails silently: it raises an exception of its own, triaged and routed like any other.
 */
async function raiseForAction(tx: Tx, row: OutcomeRow, problem: DownstreamProblem, now: Date): Promise<void> {
  const orderNumber = row.ordering_key.startsWith('order:') ? row.ordering_key.slice('order:'.length) : undefined;
  const base = {
    proposalId: row.proposal_id,
    idempotencyKey: row.proposal_id,
    tool: row.tool,
    executedAt: row.executed_at.toISOString(),
  };
  const type = problem.kind === 'failed' ? 'action_failed_downstream' : 'action_unconfirmed';
  const on = orderNumber ? ` for order ${orderNumber}` : '';
  await raiseException(tx, {
    tenantId: row.tenant_id,
    type,
    now,
    actor: `action:${row.proposal_id}`,
    finding: {
      dedupeKey: `${type}:${row.proposal_id}`,
      severity: problem.kind === 'failed' ? 'high' : 'medium',
      title:
        problem.kind === 'failed'
          ? `${row.tool}${on} failed in ${problem.system ?? 'the system of record'}: ${problem.reason}`.slice(0, 300)
          : `${row.tool}${on} not confirmed by the system of record`,
      refs: {},
      codes: orderNumber ? { orderNumber } : {},
      evidence:
        problem.kind === 'failed'
          ? { ...base, system: problem.system, reason: problem.reason, code: problem.code }
          : { ...base, system: null, confirmBy: problem.confirmBy.toISOString() },
    },
  });
}

/** Reopens the action's exception (or notes the problem on it while it is still live) so it is triaged again. */
async function raiseOnException(tx: Tx, row: OutcomeRow, note: string, problem: DownstreamProblem, now: Date): Promise<void> {
  const found = row.exception_id
    ? await tx.query<ExceptionRow>(`SELECT ${EXCEPTION_COLUMNS} FROM exceptions e WHERE e.id = $1`, [row.exception_id])
    : { rows: [] as ExceptionRow[] };
  const exception = found.rows[0];
  if (!exception) {
    await raiseForAction(tx, row, problem, now);
    return;
  }
  const actor = `action:${row.proposal_id}`;
  if (isLiveStatus(exception.status)) {
    await appendExceptionEvents(tx, [
      { exceptionId: exception.id, kind: 'note', actor, note, data: { proposalId: row.proposal_id }, occurredAt: now },
    ]);
    if (exception.status === 'awaiting_approval') await setExceptionStatus(tx, exception.id, 'open', { actor, note, now });
    return;
  }
  try {
    await setExceptionStatus(tx, exception.id, 'open', { actor, note, now });
  } catch (error) {
    // Another live exception already covers the same cause: note it there instead of failing the event.
    if (!(error instanceof ConflictError)) throw error;
    await appendExceptionEvents(tx, [
      { exceptionId: exception.id, kind: 'note', actor, note, data: { proposalId: row.proposal_id }, occurredAt: now },
    ]);
  }
}

async function settle(
  tx: Tx,
  row: OutcomeRow,
  status: 'confirmed' | 'failed' | 'unconfirmed',
  fields: { externalReference?: string | null; reason?: string | null; code?: string | null; eventId?: string | null },
  now: Date,
): Promise<ActionOutcome> {
  const result = await tx.query<OutcomeRow>(
    `UPDATE action_outcomes SET status = $2, external_reference = coalesce($3, external_reference), failure_reason = $4, failure_code = $5,
            event_id = coalesce($6, event_id), settled_at = $7, updated_at = now()
      WHERE tenant_id = $1 AND proposal_id = $8 RETURNING *`,
    [
      row.tenant_id,
      status,
      fields.externalReference ?? null,
      fields.reason ?? null,
      fields.code ?? null,
      fields.eventId ?? null,
      now,
      row.proposal_id,
    ],
  );
  return toOutcome(result.rows[0]!);
}

function messageFields(row: OutcomeRow) {
  return { proposalId: row.proposal_id, tool: row.tool, exceptionId: row.exception_id, executedAt: row.executed_at.toISOString() };
}

export async function applyActionConfirmed(
  tx: Tx,
  data: ActionConfirmed,
  context: { eventId?: string; at?: Date } = {},
): Promise<ActionOutcome> {
  const now = context.at ?? new Date();
  const row = await lockOutcome(tx, data.proposalId);
  if (row.status === 'confirmed') return toOutcome(row);
  if (row.status === 'failed') {
    throw new ConflictError(`action ${data.proposalId} was already reported failed downstream; it cannot be confirmed`, {
      proposalId: data.proposalId,
    });
  }
  const outcome = await settle(tx, row, 'confirmed', { externalReference: data.externalReference, eventId: context.eventId ?? null }, now);
  await appendOutboxMessage(tx, {
    tenantId: row.tenant_id,
    type: 'action.confirmed',
    orderingKey: row.ordering_key,
    occurredAt: now,
    data: { ...messageFields(row), externalReference: data.externalReference, system: data.system ?? null, confirmedAt: now.toISOString() },
  });
  await emitActionOutcome(tx, { tenantId: row.tenant_id, outcome, system: data.system ?? null });
  return outcome;
}

export async function applyActionFailed(tx: Tx, data: ActionFailed, context: { eventId?: string; at?: Date } = {}): Promise<ActionOutcome> {
  const now = context.at ?? new Date();
  const row = await lockOutcome(tx, data.proposalId);
  if (row.status === 'failed') return toOutcome(row);
  // A confirmed action may still fail later (a refund reversed by the bank): that is news, not a conflict.
  const outcome = await settle(tx, row, 'failed', { reason: data.reason, code: data.code ?? null, eventId: context.eventId ?? null }, now);
  const system = data.system ? ` (${data.system})` : '';
  await raiseOnException(
    tx,
    row,
    `${row.tool} failed downstream${system}: ${data.reason}`,
    { kind: 'failed', reason: data.reason, code: data.code ?? null, system: data.system ?? null },
    now,
  );
  await appendOutboxMessage(tx, {
    tenantId: row.tenant_id,
    type: 'action.failed_downstream',
    orderingKey: row.ordering_key,
    occurredAt: now,
    data: { ...messageFields(row), reason: data.reason, code: data.code ?? null, system: data.system ?? null, unconfirmed: false },
  });
  await emitActionOutcome(tx, { tenantId: row.tenant_id, outcome, system: data.system ?? null });
  return outcome;
}

/** Marks actions past their confirmation window as unconfirmed and raises them on their exceptions (every tenant). */
export async function sweepUnconfirmedActions(db: Database, now: Date = new Date()): Promise<number> {
  return asOperator(db, async (tx) => {
    const due = await tx.query<OutcomeRow>(
      `SELECT * FROM action_outcomes WHERE status = 'executed' AND confirm_by <= $1 ORDER BY confirm_by LIMIT 500 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    for (const row of due.rows) {
      const outcome = await settle(tx, row, 'unconfirmed', {}, now);
      const reason = `no confirmation from the system of record by ${row.confirm_by!.toISOString()}`;
      await raiseOnException(tx, row, `${row.tool} unconfirmed: ${reason}`, { kind: 'unconfirmed', confirmBy: row.confirm_by! }, now);
      await appendOutboxMessage(tx, {
        tenantId: row.tenant_id,
        type: 'action.failed_downstream',
        orderingKey: row.ordering_key,
        occurredAt: now,
        data: { ...messageFields(row), reason, code: 'unconfirmed', system: null, unconfirmed: true },
      });
      await emitActionOutcome(tx, { tenantId: row.tenant_id, outcome, system: null });
    }
    return due.rows.length;
  });
}

/** Downstream outcomes of these proposals (RLS: the transaction's tenant). */
export async function getActionOutcomes(tx: Tx, proposalIds: readonly string[]): Promise<Map<string, ActionOutcome>> {
  if (proposalIds.length === 0) return new Map();
  const result = await tx.query<OutcomeRow>('SELECT * FROM action_outcomes WHERE proposal_id = ANY($1::uuid[])', [[...proposalIds]]);
  return new Map(result.rows.map((row) => [row.proposal_id, toOutcome(row)]));
}

/**
 * Keeps an exception in step with the proposals drafted for it (policies/ emits the events; this
 * module only reacts, so core never imports the policies folder): a pending proposal puts the
 * exception in awaiting_approval; an executed one has its cause re-checked (resolved if gone, back to
 * triage if not); a failed, rejected, expired or denied one sends it back to triage with the reason,
 * a bounded number of times (retriage.ts). Moves the exception only from states where that makes
 * sense (an exception already resolved by its cause clearing stays resolved).
 */
import type { Tx } from '../db/database.ts';
import { detectExceptions } from './detect-exceptions.ts';
import { EXCEPTION_COLUMNS, type ExceptionRow } from './exception-rows.ts';
import { isLiveStatus, type TouchedEntities } from './exception-types.ts';
import { requestRetriage } from './retriage.ts';
import { EXCEPTION_RULES } from './rules/index.ts';
import { setExceptionStatus } from './set-exception-status.ts';

/** The part of policies' ProposalEvent this module needs. */
export interface ProposalOutcome {
  proposalId: string;
  tool: string;
  status: string;
  exceptionId: string | null;
  error?: { code: string; message: string };
  args?: unknown;
  actor?: { kind: string; name?: string };
  note?: Record<string, unknown>;
}

type Registrar = (listener: (event: ProposalOutcome, tx: Tx) => Promise<void>) => () => void;

const TURNED_DOWN = new Set(['failed', 'rejected', 'expired', 'denied']);

function touchedBy(row: ExceptionRow): TouchedEntities {
  const ids = (id: string | null): string[] => (id ? [id] : []);
  return {
    orderIds: ids(row.order_id),
    skuIds: ids(row.sku_id),
    locationIds: ids(row.location_id),
    customerIds: ids(row.customer_id),
    shipmentIds: ids(row.shipment_id),
    returnIds: ids(row.return_id),
    invoiceIds: ids(row.invoice_id),
  };
}

async function loadException(tx: Tx, id: string): Promise<ExceptionRow | undefined> {
  return (await tx.query<ExceptionRow>(`SELECT ${EXCEPTION_COLUMNS} FROM exceptions e WHERE e.id = $1`, [id])).rows[0];
}

function reasonOf(event: ProposalOutcome): string {
  const note = event.note ?? {};
  if (typeof note.reason === 'string' && note.reason) return note.reason;
  return event.error?.message ?? event.status;
}

export async function applyProposalOutcome(tx: Tx, event: ProposalOutcome, now: Date = new Date()): Promise<void> {
  if (!event.exceptionId) return;
  const exception = await loadException(tx, event.exceptionId);
  if (!exception) return;
  const actor = `proposal:${event.proposalId}`;
  const cause = {
    proposalId: event.proposalId,
    tool: event.tool,
    ...(event.args !== undefined ? { args: event.args } : {}),
    ...(event.actor?.name && event.actor.kind !== 'system' ? { by: event.actor.name } : {}),
  };
  if (event.status === 'pending') {
    if (exception.status === 'open' || exception.status === 'triaging') {
      await setExceptionStatus(tx, exception.id, 'awaiting_approval', { actor, note: `${event.tool} awaits approval`, now });
    }
    return;
  }
  if (event.status === 'executed') {
    if (exception.status === 'resolved' || exception.status === 'dismissed') return;
    // Re-check: the rule that raised it looks at its entities again. Gone → resolved by its cause clearing;
    // still there → the action did not fix it, and triage continues. Types no rule re-checks resolve on the action.
    if (EXCEPTION_RULES.some((rule) => rule.type === exception.type)) {
      await detectExceptions(tx, { tenantId: exception.tenant_id, scope: touchedBy(exception), types: [exception.type], now, actor });
      const after = await loadException(tx, exception.id);
      if (!after || !isLiveStatus(after.status)) return;
      await requestRetriage(
        tx,
        after,
        { ...cause, outcome: 'executed', reason: `${event.tool} ran, but re-checking found the cause still present` },
        { now },
      );
      return;
    }
    await setExceptionStatus(tx, exception.id, 'resolved', {
      actor,
      how: 'agent',
      code: 'RES-ACTION',
      note: `${event.tool} executed (proposal ${event.proposalId})`,
      now,
    });
    return;
  }
  if (TURNED_DOWN.has(event.status) && (exception.status === 'awaiting_approval' || exception.status === 'triaging')) {
    await requestRetriage(tx, exception, { ...cause, outcome: event.status, reason: reasonOf(event) }, { now });
  }
}

/**
 * Registers the listeners with policies' registration functions (pass `onProposalSettled` and,
 * optionally, `onProposalPending` from policies/index.ts). Returns one function that removes both.
 */
const registered = new Map<Registrar, () => void>();

export function registerProposalSettlement(onSettled: Registrar, onPending?: Registrar): () => void {
  // Once per registry (buildProgram may run more than once in a process, e.g. in tests).
  const existing = registered.get(onSettled);
  if (existing) return existing;
  const listener = (event: ProposalOutcome, tx: Tx) => applyProposalOutcome(tx, event);
  const removers = [onSettled(listener), ...(onPending ? [onPending(listener)] : [])];
  const unregister = (): void => {
    removers.forEach((remove) => remove());
    registered.delete(onSettled);
  };
  registered.set(onSettled, unregister);
  return unregister;
}

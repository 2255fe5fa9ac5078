/**
 * Applies a slice of events (a batch's slice, a chunk of an import) in ONE tenant transaction, with
 * the same guarantees as applyEvent one by one: idempotency by (tenant, event id), a result for every
 * event, a failing event rolls back alone and is dead-lettered, nothing half-written.
 *
 * Why: one transaction per event paid its begin, role, tenant setting, id claim, dead-letter check
 * and a detection run per event. Here the ids are claimed in one statement, dead letters resolved in
 * one, and the after-event hooks (exception detection) run once for the whole slice.
 *
 * A run of consecutive events of one type is applied set-based where the type has a run handler
 * (event-handlers.ts): new orders by core/orders/capture-orders.ts (a dozen statements for the run
 * instead of about forty per order), authorisations and captures by core/payments/record-payments-in-bulk.ts,
 * cancellations by core/orders/cancel-orders.ts, stock adjustments by core/inventory/adjust-inventory-in-bulk.ts.
 *
 * How a failure stays isolated: the slice first runs without savepoints (failures are rare); when an
 * event fails, the transaction rolls back and the slice runs again with a SAVEPOINT around each
 * event applied alone and each set-based run, so the failing one rolls back alone and its dead letter
 * is stored in the same transaction (a run that fails is rolled back and its events applied one by
 * one; the set-based paths leave the events they would fail on to the one-by-one path anyway).
 * When anything outside a single event fails (a hook, the claim, the commit), the whole slice rolls
 * back and its events are applied one by one through applyEvent, which isolates each completely.
 */
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { EventSource } from './after-event-hooks.ts';
import { type AppliedEvent, runAfterEventHooks } from './after-event-hooks.ts';
import {
  type ApplyEventResult,
  applyEvent,
  deadLetterFor,
  describeFailure,
  type EventFailure,
  mergeTouched,
  prepareEvent,
} from './apply-event.ts';
import { markEventsReplayed, storeDeadLetter } from './dead-letters.ts';
import { handleEvent, handleEventRun, hasRunHandler } from './event-handlers.ts';
import type { InboundEvent } from './event-schemas.ts';

export interface EventDelivery {
  /** The event as parsed (a string when its text was not JSON). */
  input: unknown;
  /** Its text as received (an import line): a dead letter keeps it exactly. */
  raw?: string;
}

export interface ApplyEventsOptions {
  source?: EventSource;
  /**
   * false: every event of the slice by its own handler, the runs of one type too (still one
   * transaction, one claim, one detection run). For comparisons: a set-based run must leave exactly
   * what its events' handlers leave in the same slice, exceptions included.
   */
  setBased?: boolean;
}

/** An event failed inside a slice run without savepoints: the run rolls back and is repeated with them. */
class EventFailedInSlice extends Error {
  readonly code = 'event_failed_in_slice';
}

type Prepared = { delivery: EventDelivery; event: InboundEvent } | { delivery: EventDelivery; failure: EventFailure };

/** Applies the deliveries in order; returns one result per delivery, in the same order. Never throws for an event's fault. */
export async function applyEvents(
  db: Database,
  tenantId: string,
  deliveries: readonly EventDelivery[],
  options: ApplyEventsOptions = {},
): Promise<ApplyEventResult[]> {
  const source = options.source ?? 'http';
  const oneByOne = async () => {
    const results: ApplyEventResult[] = [];
    for (const delivery of deliveries) results.push(await applyEvent(db, tenantId, delivery.input, { source, raw: delivery.raw }));
    return results;
  };
  if (deliveries.length <= 1 || repeatsAnId(deliveries)) {
    // A repeated id inside the slice (a sender retrying within one batch) depends on whether the first
    // copy applies; one by one gives exactly the sequential answer.
    return oneByOne();
  }
  const prepared: Prepared[] = deliveries.map((delivery) => ({ delivery, ...prepareEvent(delivery.input) }));
  try {
    return await withTenant(db, tenantId, (tx) => applyInTransaction(tx, tenantId, prepared, source, false, options.setBased ?? true));
  } catch (error) {
    if (!(error instanceof EventFailedInSlice)) return oneByOne();
  }
  try {
    return await withTenant(db, tenantId, (tx) => applyInTransaction(tx, tenantId, prepared, source, true, options.setBased ?? true));
  } catch {
    return oneByOne();
  }
}

function repeatsAnId(deliveries: readonly EventDelivery[]): boolean {
  const seen = new Set<string>();
  for (const { input } of deliveries) {
    const id = (input as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') continue;
    if (seen.has(id)) return true;
    seen.add(id);
  }
  return false;
}

async function applyInTransaction(
  tx: Tx,
  tenantId: string,
  prepared: readonly Prepared[],
  source: EventSource,
  savepoints: boolean,
  setBased: boolean,
): Promise<ApplyEventResult[]> {
  // Dead-lettered positions are filled in once their letters are stored, after the hooks.
  const results: Array<ApplyEventResult | undefined> = [];
  const letters: Array<{ position: number; letter: ReturnType<typeof deadLetterFor> }> = [];
  const claimed = await claimIds(tx, prepared, source);
  const applied: AppliedEvent[] = [];
  const resolved: string[] = [];
  // Positions before this one are not tried set-based again (a run from an earlier one failed).
  let noRunBefore = 0;
  const contextOf = (event: InboundEvent) => ({ actor: `events:${source}`, at: new Date(event.occurredAt), eventId: event.id });
  for (let position = 0; position < prepared.length; position++) {
    const item = prepared[position]!;
    if ('failure' in item) {
      letters.push({
        position,
        letter: deadLetterFor(item.delivery.input, item.failure, { source, raw: item.delivery.raw, invalid: true }),
      });
      results.push(undefined);
      continue;
    }
    const { event } = item;
    if (!claimed.has(event.id)) {
      // Already applied (e.g. redelivered after a fix): any dead letter of it is resolved too.
      resolved.push(event.id);
      results.push({ status: 'duplicate', duplicate: true, eventId: event.id, type: event.type });
      continue;
    }
    if (setBased && position >= noRunBefore && hasRunHandler(event.type)) {
      // A run of events of one type (new orders, payments, cancellations) is applied set-based; it takes
      // what it can, the next event goes one by one. With savepoints (a slice that had a failing event),
      // a run that fails rolls back alone and its events go one by one, each with its own savepoint.
      const run = runFrom(prepared, position, claimed).map((next) => ({ event: next, context: contextOf(next) }));
      if (savepoints) await tx.query('SAVEPOINT copilot_run');
      let touchedList: Awaited<ReturnType<typeof handleEventRun>> | undefined;
      try {
        touchedList = await handleEventRun(tx, run);
        if (savepoints) await tx.query('RELEASE SAVEPOINT copilot_run');
      } catch (error) {
        if (!savepoints) throw new EventFailedInSlice(`${event.type} run from event ${event.id} failed`, { cause: error });
        await tx.query('ROLLBACK TO SAVEPOINT copilot_run');
        noRunBefore = position + run.length;
      }
      for (const [offset, partial] of (touchedList ?? []).entries()) {
        const { event: next } = run[offset]!;
        const touched = mergeTouched(partial);
        applied.push({ tenantId, event: next, source, touched });
        resolved.push(next.id);
        results.push({ status: 'applied', duplicate: false, eventId: next.id, type: next.type, touched });
      }
      if (touchedList && touchedList.length > 0) {
        position += touchedList.length - 1;
        continue;
      }
    }
    if (savepoints) await tx.query('SAVEPOINT copilot_event');
    try {
      const touched = mergeTouched(await handleEvent(tx, event, contextOf(event)));
      if (savepoints) await tx.query('RELEASE SAVEPOINT copilot_event');
      applied.push({ tenantId, event, source, touched });
      resolved.push(event.id);
      results.push({ status: 'applied', duplicate: false, eventId: event.id, type: event.type, touched });
    } catch (error) {
      if (!savepoints) throw new EventFailedInSlice(`event ${event.id} failed`, { cause: error });
      await tx.query('ROLLBACK TO SAVEPOINT copilot_event');
      // Its claim was made with the slice's, before the savepoint: a failed event is not applied.
      await tx.query('DELETE FROM inbound_events WHERE event_id = $1', [event.id]);
      letters.push({
        position,
        letter: deadLetterFor(item.delivery.input, describeFailure(error), { source, raw: item.delivery.raw, invalid: false, event }),
      });
      results.push(undefined);
    }
  }
  await runAfterEventHooks(tx, applied);
  await markEventsReplayed(tx, resolved);
  for (const { position, letter } of letters) results[position] = letter.result(await storeDeadLetter(tx, letter.input));
  return results as ApplyEventResult[];
}

/** The consecutive valid, newly claimed events of the type of the one at this position, from it on. */
function runFrom(prepared: readonly Prepared[], position: number, claimed: ReadonlySet<string>): InboundEvent[] {
  const first = prepared[position]!;
  if (!('event' in first)) return [];
  const run: InboundEvent[] = [];
  for (const item of prepared.slice(position)) {
    if (!('event' in item) || item.event.type !== first.event.type || !claimed.has(item.event.id)) break;
    run.push(item.event);
  }
  return run;
}

/** Claims every valid event's id in one statement; returns the ids this transaction claimed (the rest were applied before). */
async function claimIds(tx: Tx, prepared: readonly Prepared[], source: EventSource): Promise<Set<string>> {
  const rows = prepared.flatMap((item) =>
    'event' in item
      ? [
          {
            event_id: item.event.id,
            type: item.event.type,
            occurred_at: new Date(item.event.occurredAt).toISOString(),
            payload: item.delivery.input,
          },
        ]
      : [],
  );
  if (rows.length === 0) return new Set();
  // In id order, so two transactions claiming overlapping ids take the row locks in the same order.
  rows.sort((a, b) => (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0));
  const claimed = await tx.query<{ event_id: string }>(
    `INSERT INTO inbound_events (tenant_id, event_id, type, occurred_at, source, payload)
     SELECT copilot_tenant_id(), e.event_id, e.type, e.occurred_at, $2, e.payload
       FROM jsonb_to_recordset($1::jsonb) AS e(event_id text, type text, occurred_at timestamptz, payload jsonb)
     ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING event_id`,
    [JSON.stringify(rows), source],
  );
  return new Set(claimed.rows.map((row) => row.event_id));
}

/**
 * Listeners that run after applied events, inside the same tenant transaction (exception detection
 * registers here). A slice of a batch is applied in one transaction and its hooks run once for all
 * of the slice's applied events (onEventsApplied), so a hook can work set-based; onEventApplied
 * registers a hook called once per event. A hook that throws fails what it was given: the change
 * rolls back and the events are applied again one by one (apply-events.ts), so state and detection
 * never disagree and only the event whose hook fails is dead-lettered.
 */
import type { Tx } from '../db/database.ts';
import type { InboundEvent } from './event-schemas.ts';

export const EVENT_SOURCES = ['http', 'cli', 'seed', 'replay', 'test'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** Ids (uuids) of the rows an event changed, so listeners can re-check just those. */
export interface TouchedEntities {
  orderIds: string[];
  skuIds: string[];
  locationIds: string[];
  customerIds: string[];
  shipmentIds: string[];
  returnIds: string[];
  invoiceIds: string[];
}

export interface AppliedEvent {
  tenantId: string;
  event: InboundEvent;
  source: EventSource;
  touched: TouchedEntities;
}

export type AfterEventHook = (tx: Tx, applied: AppliedEvent) => Promise<void>;
/** Called once with every event a transaction applied, in the order they were applied. */
export type AfterEventsHook = (tx: Tx, applied: readonly AppliedEvent[]) => Promise<void>;

const hooks: AfterEventsHook[] = [];

/** Registers a hook called once per transaction with all its applied events; returns the unregister function. */
export function onEventsApplied(hook: AfterEventsHook): () => void {
  hooks.push(hook);
  return () => {
    const index = hooks.indexOf(hook);
    if (index >= 0) hooks.splice(index, 1);
  };
}

/** Registers a hook called for each applied event, in order; returns the unregister function. */
export function onEventApplied(hook: AfterEventHook): () => void {
  return onEventsApplied(async (tx, applied) => {
    for (const one of applied) await hook(tx, one);
  });
}

export async function runAfterEventHooks(tx: Tx, applied: readonly AppliedEvent[]): Promise<void> {
  if (applied.length === 0) return;
  for (const hook of [...hooks]) await hook(tx, applied);
}

export function emptyTouched(): TouchedEntities {
  return { orderIds: [], skuIds: [], locationIds: [], customerIds: [], shipmentIds: [], returnIds: [], invoiceIds: [] };
}

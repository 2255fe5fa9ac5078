/**
 * Listeners that run after each applied event, inside the same tenant transaction (exception
 * detection registers here). A hook that throws fails the event: the change rolls back and the
 * event is dead-lettered with the hook's error, so state and detection never disagree.
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

const hooks: AfterEventHook[] = [];

/** Registers a hook; returns a function that unregisters it (tests). */
export function onEventApplied(hook: AfterEventHook): () => void {
  hooks.push(hook);
  return () => {
    const index = hooks.indexOf(hook);
    if (index >= 0) hooks.splice(index, 1);
  };
}

export async function runAfterEventHooks(tx: Tx, applied: AppliedEvent): Promise<void> {
  for (const hook of [...hooks]) await hook(tx, applied);
}

export function emptyTouched(): TouchedEntities {
  return { orderIds: [], skuIds: [], locationIds: [], customerIds: [], shipmentIds: [], returnIds: [], invoiceIds: [] };
}

/**
 * Wires detection into the event path: after applied events, inside the same tenant transaction,
 * the rules run for the entities the events touched — so an event that creates a cause raises its
 * exception, and one that removes it resolves it, atomically with the state change.
 *
 * A slice of a batch (apply-events.ts) is detected once per event type in it, for the union of what
 * that type's events touched, rather than once per event: each rule runs one indexed query for all
 * of them, and a cause that comes and goes within the slice is not raised for a moment.
 */
import { onEventsApplied, type AppliedEvent } from '../events/after-event-hooks.ts';
import { detectExceptions } from './detect-exceptions.ts';
import type { TouchedEntities } from './exception-types.ts';

let unregister: (() => void) | undefined;

/** Process-wide counters of the after-event detection (for diagnostics: the seed reports them). */
export const eventDetectionMetrics = { runs: 0, milliseconds: 0 };

/**
 * Detection time for an event. Replayed history (the seed, `copilot events import`) is detected at
 * the moment it happened, so ages and SLA clocks are true to the timeline; live deliveries (HTTP,
 * dead-letter replay) are detected now — a late delivery must not arrive already past its SLA.
 */
export function detectionTimeFor(applied: Pick<AppliedEvent, 'event' | 'source'>, now: Date = new Date()): Date {
  if (applied.source !== 'seed' && applied.source !== 'cli') return now;
  const occurred = new Date(applied.event.occurredAt);
  return occurred < now ? occurred : now;
}

/** Registers the after-event hook once per process (idempotent); returns the unregister function. */
export function registerExceptionDetection(): () => void {
  if (!unregister) {
    const remove = onEventsApplied(async function detectExceptionsAfterEvents(tx, applied) {
      for (const group of groupByType(applied)) {
        const started = performance.now();
        await detectExceptions(tx, {
          tenantId: group.tenantId,
          scope: group.touched,
          now: group.now,
          actor: `event:${group.type}`,
          eventType: group.type,
          // applyEvent's handlers report each order with its customer and SKUs.
          touchedIsComplete: true,
        });
        eventDetectionMetrics.runs += 1;
        eventDetectionMetrics.milliseconds += performance.now() - started;
      }
    });
    unregister = () => {
      remove();
      unregister = undefined;
    };
  }
  return unregister;
}

interface DetectionGroup {
  tenantId: string;
  type: string;
  touched: TouchedEntities;
  now: Date;
}

/**
 * Applied events grouped by type (in order of first appearance): the union of their touched entities,
 * detected at the latest of their detection times (the state detected is the one after all of them).
 */
export function groupByType(applied: readonly AppliedEvent[], now: Date = new Date()): DetectionGroup[] {
  const groups = new Map<string, DetectionGroup>();
  for (const one of applied) {
    const at = detectionTimeFor(one, now);
    const group = groups.get(one.event.type);
    if (!group) {
      const touched = Object.fromEntries(Object.entries(one.touched).map(([key, ids]) => [key, [...ids]])) as unknown as TouchedEntities;
      groups.set(one.event.type, { tenantId: one.tenantId, type: one.event.type, touched, now: at });
      continue;
    }
    for (const key of Object.keys(group.touched) as Array<keyof TouchedEntities>) {
      const ids = new Set(group.touched[key]);
      for (const id of one.touched[key]) ids.add(id);
      group.touched[key] = [...ids];
    }
    if (at > group.now) group.now = at;
  }
  return [...groups.values()];
}

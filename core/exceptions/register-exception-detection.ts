/**
 * Wires detection into the event path: after every applied event, inside the same tenant
 * transaction, the rules run for the entities the event touched — so an event that creates a cause
 * raises its exception, and one that removes it resolves it, atomically with the state change.
 */
import { onEventApplied, type AppliedEvent } from '../events/after-event-hooks.ts';
import { detectExceptions } from './detect-exceptions.ts';

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
    const remove = onEventApplied(async function detectExceptionsAfterEvent(tx, applied) {
      const started = performance.now();
      await detectExceptions(tx, {
        tenantId: applied.tenantId,
        scope: applied.touched,
        now: detectionTimeFor(applied),
        actor: `event:${applied.event.type}`,
        eventType: applied.event.type,
        // applyEvent's handlers report each order with its customer and SKUs.
        touchedIsComplete: true,
      });
      eventDetectionMetrics.runs += 1;
      eventDetectionMetrics.milliseconds += performance.now() - started;
    });
    unregister = () => {
      remove();
      unregister = undefined;
    };
  }
  return unregister;
}

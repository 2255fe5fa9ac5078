/**
 * A background stream of writes to the bench tenant while its reads are measured, as a live store has:
 * stock adjustments one event per transaction through the product's event path (`applyEvent`), each a
 * committed tenant write whose write notes drop the cached answers that read what it changed (the
 * SKU's stock, and exception lists when detection wrote; docs/decisions/012-write-notes.md).
 * Adjustments alternate −1 and +1 on SKUs and locations drawn from the dataset, so stock stays put.
 */
import type { Database } from '../../core/db/database.ts';
import { applyEvent } from '../../core/events/apply-event.ts';
import { LOCATIONS, SKU_COUNT } from '../events/event-workload.ts';
import { seededRandom } from '../support/seeded-random.ts';

export interface WriteStream {
  /** Writes committed so far. */
  readonly written: number;
  stop(): Promise<void>;
}

/** Starts `perSecond` writes a second (0: none) on db for tenantId until stop(). */
export function startWriteStream(db: Database, tenantId: string, perSecond: number, seed = 7): WriteStream {
  let written = 0;
  let stopped = perSecond <= 0;
  const random = seededRandom(seed);
  const interval = perSecond > 0 ? 1000 / perSecond : 0;
  const running = (async () => {
    const started = performance.now();
    while (!stopped) {
      // Paced by the clock, not by the previous write's duration: a slow database gets the writes it is due.
      const due = started + written * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stopped) break;
      const index = written;
      await applyEvent(
        db,
        tenantId,
        {
          id: `bench-write-${seed}-${index}`,
          type: 'inventory.adjusted',
          occurredAt: new Date().toISOString(),
          data: {
            sku: `SKU-${String(Math.floor(random() * SKU_COUNT)).padStart(3, '0')}`,
            location: LOCATIONS[Math.floor(random() * LOCATIONS.length)]!,
            delta: index % 2 === 0 ? -1 : 1,
            reasonCode: 'CC',
          },
        },
        { source: 'test' },
      );
      written += 1;
    }
  })();
  return {
    get written() {
      return written;
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/**
 * Applies stored event batches (event-batches.ts) in the background, in bounded slices, one tenant
 * after another: a tenant posting ten batches of a thousand events gets a slice, then the next tenant
 * with work gets one, so no tenant waits behind another's backlog. Between slices (each one transaction,
 * apply-events.ts) other requests' queries get the database, and the event loop turns.
 *
 * No timers while idle: enqueueing kicks the loop, which runs until no batch is pending. `serve` kicks
 * it once at start (batches left by a stopped or crashed process) and every minute (leases other
 * processes gave up).
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Database } from '../db/database.ts';
import type { EventSource } from './after-event-hooks.ts';
import {
  type BatchEventOutcome,
  type BatchEventResult,
  claimSlice,
  findEventBatch,
  pendingBatchPerTenant,
  recordSlice,
} from './event-batches.ts';

/** Applies one event of a batch and describes its outcome; must not throw (a failure is a result). */
export type ApplyBatchEvent = (db: Database, tenantId: string, event: unknown, source: EventSource) => Promise<BatchEventOutcome>;
/** Applies a slice's events (apply-events.ts: one transaction) and describes each outcome, in order; must not throw. */
export type ApplyBatchSlice = (db: Database, tenantId: string, events: unknown[], source: EventSource) => Promise<BatchEventOutcome[]>;

export type EventBatchApplierOptions = EventBatchApplierSettings & ({ applySlice: ApplyBatchSlice } | { applyOne: ApplyBatchEvent });

interface EventBatchApplierSettings {
  /** Events per slice (default 25): the most one tenant applies before the next tenant's turn. */
  sliceSize?: number;
  /** How long a claimed batch is this process's (default 60 s); renewed with every slice. */
  leaseSeconds?: number;
  /**
   * Refresh planner statistics at least every this many applied events (default 2,000; embedded
   * database only), sooner while the history is young: after 250 events, then each time the count
   * since the process started has doubled. PGlite runs no autovacuum, so without it the planner keeps
   * the row estimates of an empty database: the queries then slow down as a tenant's history grows,
   * and a slice's detection queries (joins over a slice's orders) choose nested loops that cost
   * hundreds of milliseconds instead of a few.
   */
  analyzeEvery?: number;
  onError?: (error: unknown) => void;
}

export class EventBatchApplier {
  private readonly owner = `${process.pid}-${randomUUID()}`;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private lastTenant = '';
  private sinceAnalyze = 0;
  private applied = 0;
  private readonly finishWaiters = new Set<() => void>();

  constructor(
    private readonly db: Database,
    private readonly options: EventBatchApplierOptions,
  ) {}

  /** Starts the loop when it is idle (or makes a running loop look again before it stops). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.running = undefined;
        for (const wake of this.finishWaiters) wake();
        if (this.again && !this.stopped) this.kick();
      });
  }

  /** Resolves when the loop has nothing left to do (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops after the slice in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /**
   * Waits up to `timeoutMs` for a batch to finish; resolves with the batch as it is then (done or not).
   * A slice finishing anywhere in this process wakes the check.
   */
  async waitFor(tenantId: string, batchId: string, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const batch = await findEventBatch(this.db, tenantId, batchId);
      if (!batch || batch.status === 'done' || Date.now() >= deadline) return batch;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.finishWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(1_000, Math.max(0, deadline - Date.now())));
        this.finishWaiters.add(wake);
      });
    }
  }

  private async loop(): Promise<void> {
    const size = this.options.sliceSize ?? 25;
    const leaseSeconds = this.options.leaseSeconds ?? 60;
    while (!this.stopped) {
      this.again = false;
      const pending = await pendingBatchPerTenant(this.db, this.owner);
      if (pending.length === 0) return;
      // Round robin: the first tenant after the one served last (in tenant id order), wrapping around.
      const next = pending.find((batch) => batch.tenantId > this.lastTenant) ?? pending[0]!;
      this.lastTenant = next.tenantId;
      const slice = await claimSlice(this.db, next, { owner: this.owner, size, leaseSeconds });
      if (slice) {
        const results: BatchEventResult[] = [];
        if ('applySlice' in this.options) {
          const outcomes = await this.options.applySlice(this.db, slice.tenantId, slice.events, slice.source);
          for (const [offset, outcome] of outcomes.entries()) results.push({ index: slice.start + offset, ...outcome });
        } else {
          // In order: later events of a batch often depend on earlier ones (an order, then its payment).
          for (const [offset, event] of slice.events.entries()) {
            results.push({ index: slice.start + offset, ...(await this.options.applyOne(this.db, slice.tenantId, event, slice.source)) });
          }
        }
        await recordSlice(this.db, slice, results, this.owner);
        for (const wake of [...this.finishWaiters]) wake();
        this.sinceAnalyze += results.length;
        this.applied += results.length;
        const every = this.options.analyzeEvery ?? 2_000;
        const due = Math.min(every, Math.max(Math.min(250, every), this.applied - this.sinceAnalyze));
        if (this.db.kind === 'pglite' && this.sinceAnalyze >= due) {
          this.sinceAnalyze = 0;
          await this.db.exec('ANALYZE');
        }
      }
      await yieldToEventLoop();
    }
  }
}

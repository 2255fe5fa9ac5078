/**
 * One tenant's simulation run: the clock, the event emitter (applyEvent with source 'seed' and
 * deterministic event ids), a tenant-scoped transaction helper for the few reads the simulation
 * needs, and counters for the report.
 */
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { applyEvent, applyEvents, type ApplyEventResult } from '../events/index.ts';
import type { Tenant } from '../tenants/tenants.ts';
import type { Random } from './seeded-random.ts';
import type { SimulationClock } from './simulation-clock.ts';
import type { TenantProfile } from './tenant-profile.ts';

export interface SeedFailure {
  eventId: string | null;
  type: string | null;
  reason: string;
}

export interface TenantRunStats {
  events: number;
  /** Milliseconds spent applying events (domain + detection), in simulation reads and writes, and in sweeps. */
  timings: { applyEvent: number; reads: number; sweeps: number; history: number };
  eventsByType: Record<string, number>;
  deadLettered: number;
  failures: SeedFailure[];
  orders: number;
  humanActions: number;
}

/** An event the simulation sends: its type, data and when it happened. */
export interface SeedEvent {
  type: string;
  data: unknown;
  at: Date;
}

export class SeedRun {
  readonly stats: TenantRunStats = {
    events: 0,
    timings: { applyEvent: 0, reads: 0, sweeps: 0, history: 0 },
    eventsByType: {},
    deadLettered: 0,
    failures: [],
    orders: 0,
    humanActions: 0,
  };
  private eventSequence = 0;
  private readonly counters = new Map<string, number>();

  constructor(
    readonly db: Database,
    readonly tenant: Tenant,
    readonly profile: TenantProfile,
    readonly clock: SimulationClock,
    readonly random: Random,
    /** Lets the orchestrator report progress. */
    readonly onEvent?: () => void,
  ) {}

  /** A per-run counter for document numbers (shipments, invoices, RMAs, PSP references). */
  next(name: string, start = 1): number {
    const value = (this.counters.get(name) ?? start - 1) + 1;
    this.counters.set(name, value);
    return value;
  }

  /** Applies one event through the public event path, exactly as an integration would send it. */
  async emit(type: string, data: unknown, at: Date): Promise<ApplyEventResult> {
    const event = this.nextEvent({ type, data, at });
    const started = performance.now();
    const result = await applyEvent(this.db, this.tenant.id, event, { source: 'seed' });
    this.stats.timings.applyEvent += performance.now() - started;
    this.count(type, result);
    return result;
  }

  /**
   * Applies independent events in order the way batches are applied (`applyEvents`: slices in one
   * transaction, set-based where the event type allows), for master data and opening stock whose
   * results no later step reads. Same ids, same order and same outcome as emitting them one by one.
   */
  async emitAll(events: readonly SeedEvent[], sliceSize = 200): Promise<ApplyEventResult[]> {
    const results: ApplyEventResult[] = [];
    for (let offset = 0; offset < events.length; offset += sliceSize) {
      const slice = events.slice(offset, offset + sliceSize);
      const started = performance.now();
      const applied = await applyEvents(
        this.db,
        this.tenant.id,
        slice.map((event) => ({ input: this.nextEvent(event) })),
        { source: 'seed' },
      );
      this.stats.timings.applyEvent += performance.now() - started;
      applied.forEach((result, index) => this.count(slice[index]!.type, result));
      results.push(...applied);
    }
    return results;
  }

  private nextEvent({ type, data, at }: SeedEvent) {
    this.eventSequence += 1;
    const id = `seed-${this.profile.slug}-${String(this.eventSequence).padStart(6, '0')}`;
    return { id, type, occurredAt: at.toISOString(), data };
  }

  private count(type: string, result: ApplyEventResult): void {
    this.stats.events += 1;
    this.stats.eventsByType[type] = (this.stats.eventsByType[type] ?? 0) + 1;
    if (result.status === 'dead_lettered') {
      this.stats.deadLettered += 1;
      if (this.stats.failures.length < 20)
        this.stats.failures.push({ eventId: result.eventId, type: result.type, reason: result.error.message });
    }
    this.onEvent?.();
  }

  /** A tenant-scoped transaction (reads, and the occasional human action an ops rep would take). */
  async inTenant<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await withTenant(this.db, this.tenant.id, fn);
    } finally {
      this.stats.timings.reads += performance.now() - started;
    }
  }
}

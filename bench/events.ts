/**
 * `npm run bench -- events [--events 2000] [--json] [--database-url URL]`: event application through the
 * product's path (batches stored and worked through by the batch applier as POST /v1/events does;
 * applyEvent: validation, idempotency claim, state changes, exception detection, one transaction per
 * event) on the embedded database as `serve` runs it (PGlite on its own thread, on disk),
 * against a reference measured in the same run on the same database: one-row-per-transaction inserts.
 *
 * Orders repeat 400 customers and 60 SKUs with a skewed distribution, 3 s apart; throughput is reported
 * per 1,000-event window too, so a fall as history grows shows, and the reference is measured again beside
 * each window (the ratio uses all of its runs). Then 500 events of each follow-up type.
 * With --json: { eventsPerSecond, referenceRowsPerSecond, ratio, byType: { type: eventsPerSecond }, windows }.
 */
import { parseArgs } from 'node:util';
import { applyEvents } from '../core/events/apply-events.ts';
import { EventBatchApplier } from '../core/events/event-batch-applier.ts';
import { enqueueEventBatch, findEventBatch } from '../core/events/event-batches.ts';
import { benchTenant, openBenchDatabase, referenceRowsPerSecond } from './events/bench-database.ts';
import { type BenchEvent, catalogEvents, followUpEvents, orderEvents } from './events/event-workload.ts';
import type { Database } from '../core/db/database.ts';

const USAGE =
  'usage: npm run bench -- events [--events 2000] [--follow-ups 500] [--reference 2000] [--json] [--postgres | --database-url URL]\n' +
  '  --postgres: a throwaway PostgreSQL 15 cluster (server binaries in /usr/lib/postgresql/15/bin)\n';

export interface EventsBenchResult {
  eventsPerSecond: number;
  referenceRowsPerSecond: number;
  ratio: number;
  byType: Record<string, number>;
  /** Each type's reference ÷ its rate, the reference measured right after that type's events. */
  ratioByType: Record<string, number>;
  /** order.created events/s per window of 1,000 (or fewer) events, in order: flat means no slowdown as history grows. */
  windows: number[];
  /** When the order.created phase started and finished (ms since the epoch): runs in several processes add up over their overlap. */
  orderPhase: { startedAt: number; finishedAt: number };
  events: number;
  backend: string;
}

/**
 * The batch applier as `serve` runs it: one per process for its lifetime (its statistics schedule —
 * ANALYZE after 250, 500, 1,000 applied events, then every 2,000 — counts from the process start).
 */
function benchApplier(db: Database): EventBatchApplier {
  return new EventBatchApplier(db, {
    applySlice: async (database, tenant, slice, source) =>
      (
        await applyEvents(
          database,
          tenant,
          slice.map((input) => ({ input })),
          { source },
        )
      ).map((result) => {
        if (result.status !== 'applied') throw new Error(`bench event ${result.eventId} was ${result.status}: ${JSON.stringify(result)}`);
        return { status: result.status };
      }),
    onError: (error) => {
      throw error;
    },
  });
}

/**
 * Applies events as HTTP batches are applied: stored in batches of up to 1,000 and worked through by the
 * batch applier (slices, bookkeeping, periodic ANALYZE). Calls onWindow with each batch's events/s.
 */
async function applyAll(
  db: Database,
  applier: EventBatchApplier,
  tenantId: string,
  events: BenchEvent[],
  onWindow?: (perSecond: number) => Promise<void>,
) {
  let elapsed = 0;
  for (let offset = 0; offset < events.length; offset += 1000) {
    const batch = events.slice(offset, offset + 1000);
    const windowStart = performance.now();
    const batchId = await enqueueEventBatch(db, tenantId, { body: JSON.stringify({ events: batch }), total: batch.length, source: 'test' });
    applier.kick();
    await applier.idle();
    // Another process on the same PostgreSQL may hold the batch's lease for a slice (replicas share
    // the work): the batch is done when its last slice is recorded, whoever applied it.
    while ((await findEventBatch(db, tenantId, batchId))?.status !== 'done') {
      applier.kick();
      await applier.waitFor(tenantId, batchId, 1_000);
    }
    const windowMs = performance.now() - windowStart;
    elapsed += windowMs;
    await onWindow?.(batch.length / (windowMs / 1000));
  }
  return events.length / (elapsed / 1000);
}

const round = (value: number) => Math.round(value * 10) / 10;

export default async function benchEvents(argv: string[]): Promise<EventsBenchResult | undefined> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return undefined;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '2000' },
      'follow-ups': { type: 'string', default: '500' },
      reference: { type: 'string', default: '2000' },
      json: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      postgres: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.events);
  const followUps = Math.min(Number(values['follow-ups']), count);
  if (!Number.isInteger(count) || count < 1) throw new Error('--events must be a whole number 1 or more');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const bench = await openBenchDatabase(values.postgres ? 'throwaway' : values['database-url']);
  try {
    const { db } = bench;
    const prefix = `b${Date.now().toString(36)}`;
    const tenantId = await benchTenant(db, `bench-${prefix}`);
    const start = new Date('2026-11-27T08:00:00Z');
    log(`catalog: ${catalogEvents(prefix, start).length} events…`);
    // One applier for the whole run, as one `serve` process has (a new one per phase would refresh the
    // statistics of the whole database twice in each follow-up phase: its schedule starts at 250 events).
    const applier = benchApplier(db);
    await applyAll(db, applier, tenantId, catalogEvents(prefix, start));

    const reference = await referenceRowsPerSecond(db, Number(values.reference));
    log(`reference: ${round(reference)} rows/s (one INSERT per transaction)`);

    const stream = orderEvents(prefix, count, new Date(start.getTime() + 60_000));
    const windows: number[] = [];
    log(`order.created: ${count} events…`);
    const orderPhaseStart = Date.now();
    // The reference again after each window: on a shared machine the load moves within minutes, and a
    // ratio means something only against a reference measured at the same time.
    const referenceRuns = [reference];
    const eventsPerSecond = await applyAll(db, applier, tenantId, stream.events, async (perSecond) => {
      windows.push(round(perSecond));
      const beside = await referenceRowsPerSecond(db, Math.max(50, Math.round(Number(values.reference) / 10)));
      referenceRuns.push(beside);
      log(`  window ${windows.length}: ${round(perSecond)} events/s (reference beside it: ${round(beside)} rows/s)`);
    });
    // Harmonic mean: the reference's rate over all of its runs, as if one run of equal parts.
    const referenceRate = referenceRuns.length / referenceRuns.reduce((sum, rate) => sum + 1 / rate, 0);
    const orderPhase = { startedAt: orderPhaseStart, finishedAt: Date.now() };
    const byType: Record<string, number> = { 'order.created': round(eventsPerSecond) };
    const ratioByType: Record<string, number> = { 'order.created': round(referenceRate / eventsPerSecond) };
    const later = new Date(start.getTime() + 60_000 + count * 3_000 + 60_000);
    for (const [type, events] of Object.entries(followUpEvents(prefix, stream, followUps, later))) {
      log(`${type}: ${events.length} events…`);
      byType[type] = round(await applyAll(db, applier, tenantId, events));
      const beside = await referenceRowsPerSecond(db, Math.max(50, Math.round(Number(values.reference) / 10)));
      ratioByType[type] = round(beside / byType[type]!);
      log(`  ${byType[type]} events/s (reference beside it: ${round(beside)} rows/s, ${ratioByType[type]}×)`);
    }
    const result: EventsBenchResult = {
      eventsPerSecond: round(eventsPerSecond),
      referenceRowsPerSecond: round(referenceRate),
      ratio: round(referenceRate / eventsPerSecond),
      byType,
      ratioByType,
      windows,
      orderPhase,
      events: count,
      backend: values.postgres || values['database-url'] ? 'postgresql' : 'pglite (own thread, on disk)',
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(
        `order.created: ${result.eventsPerSecond} events/s; reference ${result.referenceRowsPerSecond} rows/s; ratio ${result.ratio}×\n`,
      );
      for (const [type, perSecond] of Object.entries(byType))
        process.stdout.write(`  ${type}: ${perSecond} events/s (${ratioByType[type]}× the reference)\n`);
      process.stdout.write(`  order.created per 1,000-event window: ${windows.join(', ')}\n`);
    }
    return result;
  } finally {
    await bench.close();
  }
}

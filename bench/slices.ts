/**
 * `npm run bench -- slices [--orders 1000] [--json]`: where the time of `order.created` slices goes.
 * Applies the events benchmark's catalog, then `--orders` orders of its skewed stream (400 customers,
 * 60 SKUs, 3 s apart) in slices of 25 through applyEvents on a fresh embedded database, and counts
 * every statement the slices run, with the time spent in the duplicate_order rule's pre-check and in
 * its pairing query. The counts are independent of the machine's load (the workload is seeded); the
 * milliseconds are shares of the same run.
 */
import { parseArgs } from 'node:util';
import type { Database, Tx } from '../core/db/database.ts';
import { applyEvents } from '../core/events/apply-events.ts';
import { benchTenant, openBenchDatabase } from './events/bench-database.ts';
import { catalogEvents, followUpEvents, orderEvents, type BenchEvent } from './events/event-workload.ts';

interface SliceStats {
  statements: number;
  /** With --profile: milliseconds and count per statement (its first 120 characters, whitespace folded). */
  byStatement?: Map<string, { count: number; ms: number }>;
  pairingRuns: number;
  pairingMs: number;
  precheckRuns: number;
  precheckMs: number;
}

/** The database with every statement of every transaction counted (and the two duplicate_order statements timed). */
function counted(db: Database, stats: SliceStats): Database {
  const wrap = (tx: Tx): Tx => ({
    ...tx,
    // The options (prepare, …) pass through: dropping them would count a different execution than the product's.
    async query(sql, params, options) {
      const started = performance.now();
      stats.statements += 1;
      try {
        return await tx.query(sql, params, options);
      } finally {
        const ms = performance.now() - started;
        if (stats.byStatement) {
          const key = sql.replace(/\s+/g, ' ').trim().slice(0, 120);
          const entry = stats.byStatement.get(key) ?? { count: 0, ms: 0 };
          entry.count += 1;
          entry.ms += ms;
          stats.byStatement.set(key, entry);
        }
        if (sql.includes('WITH anchors AS')) {
          stats.pairingRuns += 1;
          stats.pairingMs += ms;
        } else if (sql.includes('p.customer_id = a.customer_id')) {
          // The rules' pre-checks, duplicate_order's among them (recognised by its correlation; one statement for
          // every rule of a detection run, core/exceptions/detect-exceptions.ts).
          stats.precheckRuns += 1;
          stats.precheckMs += ms;
        }
      }
    },
  });
  return { ...db, transaction: (fn) => db.transaction((tx) => fn(wrap(tx))) };
}

interface TypeProfile {
  events: number;
  eventsPerSecond: number;
  statementsPerEvent: number;
  /** Share of the wall time spent waiting for statements (the rest: JavaScript, messages to the database thread). */
  sqlShare: number;
  top?: Array<{ sql: string; count: number; ms: number }>;
}

function profileOf(stats: SliceStats, events: number, ms: number): TypeProfile {
  const entries = [...(stats.byStatement?.entries() ?? [])].map(([sql, entry]) => ({ sql, count: entry.count, ms: Math.round(entry.ms) }));
  const sqlMs = entries.reduce((sum, entry) => sum + entry.ms, 0);
  return {
    events,
    eventsPerSecond: Math.round((events / ms) * 10_000) / 10,
    statementsPerEvent: Math.round((stats.statements / events) * 100) / 100,
    sqlShare: Math.round((sqlMs / ms) * 100) / 100,
    ...(stats.byStatement ? { top: entries.sort((a, b) => b.ms - a.ms).slice(0, 15) } : {}),
  };
}

async function inSlices(db: Database, tenantId: string, events: BenchEvent[]): Promise<void> {
  for (let offset = 0; offset < events.length; offset += 25) {
    const results = await applyEvents(
      db,
      tenantId,
      events.slice(offset, offset + 25).map((input) => ({ input })),
    );
    const failed = results.find((result) => result.status !== 'applied');
    if (failed) throw new Error(`bench event ${failed.eventId} was ${failed.status}`);
  }
}

export default async function benchSlices(argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: npm run bench -- slices [--orders 1000] [--follow-ups 0] [--profile] [--json]\n');
    return undefined;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: 'string', default: '1000' },
      'follow-ups': { type: 'string', default: '0' },
      profile: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const orders = Number(values.orders);
  const followUps = Math.min(Number(values['follow-ups']), orders);
  const bench = await openBenchDatabase();
  try {
    const stats: SliceStats = { statements: 0, pairingRuns: 0, pairingMs: 0, precheckRuns: 0, precheckMs: 0 };
    const db = counted(bench.db, stats);
    const tenantId = await benchTenant(bench.db, 'bench-slices');
    await inSlices(db, tenantId, catalogEvents('slices', new Date('2026-01-01T00:00:00Z')));
    Object.assign(stats, { statements: 0, pairingRuns: 0, pairingMs: 0, precheckRuns: 0, precheckMs: 0 });
    const started = performance.now();
    if (values.profile) stats.byStatement = new Map();
    const stream = orderEvents('slices', orders, new Date('2026-01-02T00:00:00Z'));
    await inSlices(db, tenantId, stream.events);
    const totalMs = performance.now() - started;
    const profiles: Record<string, TypeProfile> = {};
    profiles['order.created'] = profileOf(stats, orders, totalMs);
    const later = new Date(Date.parse('2026-01-02T00:00:00Z') + orders * 3_000 + 60_000);
    for (const [type, events] of followUps > 0 ? Object.entries(followUpEvents('slices', stream, followUps, later)) : []) {
      const before = stats.statements;
      if (stats.byStatement) stats.byStatement = new Map();
      const typeStarted = performance.now();
      await inSlices(db, tenantId, events);
      profiles[type] = profileOf({ ...stats, statements: stats.statements - before }, events.length, performance.now() - typeStarted);
    }
    const result = {
      orders,
      slices: Math.ceil(orders / 25),
      statementsPerOrder: profiles['order.created']!.statementsPerEvent,
      totalMs: Math.round(totalMs),
      duplicateOrder: {
        precheckRuns: stats.precheckRuns,
        precheckMs: Math.round(stats.precheckMs),
        pairingRuns: stats.pairingRuns,
        pairingMs: Math.round(stats.pairingMs),
        shareOfSliceTime: Math.round(((stats.precheckMs + stats.pairingMs) / totalMs) * 1000) / 1000,
      },
      byType: profiles,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      process.stdout.write(
        `${orders} order.created in ${result.slices} slices: ${result.totalMs} ms, ${result.statementsPerOrder} statements per order\n` +
          `duplicate_order: pre-check ${stats.precheckRuns} runs ${result.duplicateOrder.precheckMs} ms, pairing ${stats.pairingRuns} runs ` +
          `${result.duplicateOrder.pairingMs} ms (${(result.duplicateOrder.shareOfSliceTime * 100).toFixed(1)} % of the slices' time)\n`,
      );
    if (!values.json)
      for (const [type, profile] of Object.entries(profiles)) {
        process.stdout.write(
          `${type}: ${profile.events} events, ${profile.eventsPerSecond} events/s, ${profile.statementsPerEvent} statements each, ` +
            `${profile.sqlShare * 100}% of the time in SQL\n`,
        );
        for (const line of profile.top ?? []) process.stdout.write(`  ${line.ms} ms  ${line.count}×  ${line.sql}\n`);
      }
    return result;
  } finally {
    await bench.close();
  }
}

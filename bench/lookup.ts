/**
 * `npm run bench -- lookup [--orders 10000] [--rounds 40] [--json]`: what entity linking (find_records)
 * costs per request for a tenant with many orders. Applies the events benchmark's catalog and `--orders`
 * orders ("Q-100000" …) on a fresh embedded database, then looks up written ids of several shapes (the
 * exact number, its skeleton, its serial, letters written apart, a miss) `--rounds` times each, counting
 * statements and CPU time (process.cpuUsage: the main thread and the database thread). The reference is
 * the same lookups in the same run after dropping migration 0022's skeleton and serial indexes, so every
 * order is read by a sequential scan: the ratio is the indexes' effect, whatever the machine's load.
 */
import { parseArgs } from 'node:util';
import type { Database } from '../core/db/database.ts';
import { withTenant } from '../core/db/tenant-scope.ts';
import { applyEvents } from '../core/events/apply-events.ts';
import { findRecords } from '../core/lookup/index.ts';
import { benchTenant, openBenchDatabase } from './events/bench-database.ts';
import { type BenchEvent, catalogEvents, orderEvents } from './events/event-workload.ts';
import { countStatements } from './support/statement-count.ts';

const USAGE = 'usage: npm run bench -- lookup [--orders 10000] [--rounds 40] [--json]\n';

const LOOKUP_INDEXES = [
  'orders_number_skeleton_idx',
  'orders_number_serial_idx',
  'returns_rma_skeleton_idx',
  'returns_rma_serial_idx',
  'shipments_ref_skeleton_idx',
  'shipments_ref_serial_idx',
  'shipments_tracking_skeleton_idx',
  'shipments_tracking_serial_idx',
  'invoices_number_skeleton_idx',
  'invoices_number_serial_idx',
  'customers_code_serial_idx',
];

async function inSlices(db: Database, tenantId: string, events: BenchEvent[]): Promise<void> {
  for (let offset = 0; offset < events.length; offset += 25) {
    await applyEvents(
      db,
      tenantId,
      events.slice(offset, offset + 25).map((input) => ({ input })),
    );
  }
}

interface Measured {
  statementsPerLookup: number;
  cpuMsPerLookup: number;
  wallMsPerLookup: number;
  found: Record<string, string[]>;
}

async function measure(db: Database, tenantId: string, terms: string[], rounds: number): Promise<Measured> {
  const counted = countStatements(db);
  const found: Record<string, string[]> = {};
  for (const term of terms) {
    const [result] = await withTenant(db, tenantId, (tx) => findRecords(tx, [term]));
    found[term] = result!.matches.map((match) => `${match.kind}:${match.code}`);
  }
  counted.reset();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const term of terms) await withTenant(counted.db, tenantId, (tx) => findRecords(tx, [term]));
  }
  const used = process.cpuUsage(cpu);
  const lookups = rounds * terms.length;
  return {
    statementsPerLookup: counted.count / lookups,
    cpuMsPerLookup: (used.user + used.system) / 1000 / lookups,
    wallMsPerLookup: (performance.now() - started) / lookups,
    found,
  };
}

export default async function benchLookup(argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '40' },
      json: { type: 'boolean', default: false },
    },
  });
  const orders = Number(values.orders);
  const rounds = Number(values.rounds);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const bench = await openBenchDatabase();
  const { db } = bench;
  try {
    const tenantId = await benchTenant(db, 'bench-lookup');
    const start = new Date(Date.now() - 3 * 24 * 3_600_000);
    log(`catalog and ${orders} orders…`);
    await inSlices(db, tenantId, catalogEvents('q', start));
    const stream = orderEvents('q', orders, new Date(start.getTime() + 60_000), 42);
    await inSlices(db, tenantId, stream.events);
    await db.exec('ANALYZE');
    const middle = stream.orderNumbers[Math.floor(orders / 2)]!;
    const serial = middle.replace(/\D/g, '');
    const terms = [middle, middle.toLowerCase().replace(/-/g, ''), serial, `q ${serial}`, '999999'];
    log('warm-up…');
    await measure(db, tenantId, terms, Math.max(2, Math.floor(rounds / 4)));
    log('indexed…');
    const indexed = await measure(db, tenantId, terms, rounds);
    log('reference: without the lookup indexes…');
    for (const index of LOOKUP_INDEXES) await db.exec(`DROP INDEX ${index}`);
    const scanned = await measure(db, tenantId, terms, rounds);
    const result = {
      orders,
      rounds,
      terms,
      indexed,
      scanned,
      cpuRatio: indexed.cpuMsPerLookup / scanned.cpuMsPerLookup,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(`find_records over ${orders} orders, ${rounds} rounds of ${terms.length} terms (${terms.join(', ')})\n`);
      for (const [name, measured] of [
        ['indexed', indexed],
        ['no lookup indexes (reference)', scanned],
      ] as const) {
        process.stdout.write(
          `${name}: ${measured.statementsPerLookup.toFixed(1)} statements, ${measured.cpuMsPerLookup.toFixed(2)} ms CPU, ${measured.wallMsPerLookup.toFixed(2)} ms wall per lookup\n`,
        );
      }
      process.stdout.write(`CPU per lookup, indexed / reference: ${result.cpuRatio.toFixed(3)}\n`);
      process.stdout.write(`found: ${JSON.stringify(indexed.found)}\n`);
    }
  } finally {
    await bench.close();
  }
}

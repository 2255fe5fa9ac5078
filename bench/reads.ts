/**
 * `npm run bench -- reads [--orders 1000] [--clients 1,50] [--seconds 10] [--json]`: read throughput and
 * latency of a real HTTP server (the product's app, embedded database on its own thread, on disk) with
 * `--orders` orders applied through the batch applier and the bundled runbooks ingested, for each client
 * count: an order, the exception list, an ATS read, runbook search, and /healthz as the reference in
 * the same run. Goals (issue 13, 50 clients): order, exceptions, ATS p95 < 50 ms; runbook search p95 <
 * 150 ms; no endpoint's throughput falls from 1 to 50 clients. Repeated reads are answered from the read
 * cache (web/api/read-cache.ts); `--no-cache` sends every read to the database.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { EventBatchApplier } from '../core/events/event-batch-applier.ts';
import { applyEvent } from '../core/events/apply-event.ts';
import { enqueueEventBatch } from '../core/events/event-batches.ts';
import { createApiKey } from '../core/identity/api-keys.ts';
import { ingestBundledCorpus } from '../ingestion/bundled-corpus.ts';
import { createApp } from '../web/app.ts';
import { createLogger } from '../web/logging/logger.ts';
import { startServer } from '../web/server.ts';
import { benchTenant, openBenchDatabase } from './events/bench-database.ts';
import { catalogEvents, orderEvents } from './events/event-workload.ts';
import { summariseLatencies, timedFetch } from './support/latency.ts';
import { countStatements } from './support/statement-count.ts';

const USAGE = 'usage: npm run bench -- reads [--orders 1000] [--clients 1,50] [--seconds 10] [--no-cache] [--json]\n';

/** `clients` concurrent clients request `url` back to back for `seconds`: throughput, latency percentiles, errors. */
async function load(url: string, headers: Record<string, string>, clients: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const { ms, status } = await timedFetch(url, { headers });
        if (status !== 200) errors += 1;
        latencies.push(ms);
      }
    }),
  );
  const { p50, p95, p99 } = summariseLatencies(latencies);
  return { requests: latencies.length, requestsPerSecond: Math.round((latencies.length / seconds) * 10) / 10, p50, p95, p99, errors };
}

export default async function benchReads(argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return undefined;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: 'string', default: '1000' },
      clients: { type: 'string', default: '1,50' },
      seconds: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
      // Every read to the database, as a read after a write or of a different order would go.
      'no-cache': { type: 'boolean', default: false },
    },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const bench = await openBenchDatabase();
  const { db } = bench;
  const config = loadConfig({ COPILOT_LOG_LEVEL: 'error', COPILOT_RATE_LIMIT_PER_MINUTE: '100000000', COPILOT_EMBEDDINGS: 'local' });
  try {
    const tenantId = await benchTenant(db, 'bench-reads');
    const start = new Date(Date.now() - 3 * 24 * 3_600_000);
    log('catalog and orders…');
    for (const event of catalogEvents('q', start)) await applyEvent(db, tenantId, event, { source: 'test' });
    const stream = orderEvents('q', Number(values.orders), new Date(start.getTime() + 60_000));
    const applier = new EventBatchApplier(db, {
      applyOne: async (database, tenant, event, source) => ({ status: (await applyEvent(database, tenant, event, { source })).status }),
    });
    for (let offset = 0; offset < stream.events.length; offset += 1000) {
      const batch = stream.events.slice(offset, offset + 1000);
      await enqueueEventBatch(db, tenantId, { body: JSON.stringify({ events: batch }), total: batch.length, source: 'test' });
      applier.kick();
      await applier.idle();
    }
    log('runbooks…');
    await ingestBundledCorpus(db, undefined, { config });
    await db.exec('ANALYZE');
    const key = (await createApiKey(db, { tenantId, roles: ['rep'], userName: 'reader' })).key;
    // Statements per request (BEGIN and COMMIT included) are counted too: independent of the machine's load.
    const counted = countStatements(db);
    const server = await startServer(
      createApp({ db: counted.db, config, logger: createLogger({ level: 'error' }), readCache: !values['no-cache'] }),
      0,
      '127.0.0.1',
    );
    const headers = { Authorization: `Bearer ${key}` };
    const endpoints: Record<string, string> = {
      '/healthz (reference)': '/healthz',
      // Authentication alone: a cached key writes and reads nothing (last_used_at at most once a minute).
      '/v1/me': '/v1/me',
      order: `/v1/orders/${stream.orderNumbers[Math.floor(stream.orderNumbers.length / 2)]}`,
      'exceptions?limit=20': '/v1/exceptions?limit=20',
      ATS: '/v1/inventory/SKU-001/ats',
      'runbook search': `/v1/runbooks/search?q=${encodeURIComponent('customer charged twice refund')}`,
    };
    const results: Record<string, Record<string, Awaited<ReturnType<typeof load>> & { statementsPerRequest: number }>> = {};
    try {
      for (const clients of String(values.clients).split(',').map(Number)) {
        for (const [name, path] of Object.entries(endpoints)) {
          counted.reset();
          const loaded = await load(`${server.url}${path}`, headers, clients, Number(values.seconds));
          const measured = { ...loaded, statementsPerRequest: Math.round((counted.count / Math.max(1, loaded.requests)) * 10) / 10 };
          (results[name] ??= {})[String(clients)] = measured;
          log(
            `${name} × ${clients}: ${measured.requestsPerSecond} req/s, p95 ${measured.p95} ms, p99 ${measured.p99} ms, errors ${measured.errors}, ${measured.statementsPerRequest} statements a request`,
          );
        }
      }
    } finally {
      await server.close();
    }
    if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else
      for (const [name, byClients] of Object.entries(results))
        for (const [clients, stats] of Object.entries(byClients))
          process.stdout.write(
            `${name.padEnd(22)} ${clients.padStart(3)} clients: ${stats.requestsPerSecond} req/s, p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms, errors ${stats.errors}, ${stats.statementsPerRequest} statements a request\n`,
          );
    return results;
  } finally {
    await bench.close();
  }
}

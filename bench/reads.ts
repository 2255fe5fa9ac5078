/**
 * `npm run bench -- reads [--orders 1000] [--clients 1,50] [--seconds 10] [--writes-per-second N] [--no-cache] [--same] [--json]`:
 * read throughput and latency of a real HTTP server (the product's app, embedded database on its own
 * thread, on disk) with `--orders` orders applied through the batch applier (half of them paid) and the
 * bundled runbooks ingested, for each client count: an order, the exception list, an ATS read, runbook
 * search, and /healthz as the reference in the same run. Every request is drawn (seeded) from the
 * dataset (bench/reads/read-requests.ts): any order, any SKU, exception-queue pages, the retrieval
 * suite's questions; `--same` repeats one request per endpoint instead (the read cache's best case).
 * `--writes-per-second N` commits N stock adjustments a second meanwhile, each dropping the cached
 * answers that read what it changed (the SKU's ATS; exception lists when detection wrote), as live
 * traffic does. Goals (issue 13, 50 clients): order, exceptions, ATS p95 < 50 ms;
 * runbook search p95 < 150 ms; no endpoint's throughput falls from 1 to 50 clients. `--no-cache` sends
 * every read to the database. Each result says how many reads the cache answered (`cacheHitRate`).
 * The clients run in this process unless `--client-process` puts them in a child process, whose CPU
 * is then reported apart from the server's (`clientCpuMsPerRequest`, `serverCpuMsPerRequest`). Each
 * client holds one keep-alive node:http connection (bench/support/keep-alive-get.ts); `--fetch-client`
 * uses `fetch` as the benchmark did before session 13, whose own CPU matched the server's.
 * `--postgres` (a throwaway PostgreSQL 15 cluster) or `--database-url URL` runs it on PostgreSQL with
 * `--servers N` server processes sharing it (bench/reads/server-process.ts; clients spread round robin);
 * there the read cache is off (it needs to see every write, which one process of several cannot) and,
 * without pgvector, runbook search is text only, as `copilot serve` runs there.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { EventBatchApplier } from '../core/events/event-batch-applier.ts';
import { applyEvent } from '../core/events/apply-event.ts';
import { enqueueEventBatch } from '../core/events/event-batches.ts';
import { embeddedThreadMessages } from '../core/db/pglite-in-thread.ts';
import { createApiKey } from '../core/identity/api-keys.ts';
import { ingestBundledCorpus } from '../ingestion/bundled-corpus.ts';
import { ReadCache } from '../web/api/read-cache.ts';
import { createApp } from '../web/app.ts';
import { createLogger } from '../web/logging/logger.ts';
import { startServer } from '../web/server.ts';
import { benchTenant, openBenchDatabase } from './events/bench-database.ts';
import { type BenchEvent, catalogEvents, followUpEvents, orderEvents } from './events/event-workload.ts';
import { type ClientProcess, startClientProcess } from './reads/client-process.ts';
import { cpuMsPer, type LoadResult, loadClients } from './reads/load-clients.ts';
import { benchEndpoints } from './reads/read-requests.ts';
import { startWriteStream } from './reads/write-stream.ts';
import { type ServerProcess, startServerProcess } from './reads/server-process.ts';
import { countStatements } from './support/statement-count.ts';

const USAGE =
  'usage: npm run bench -- reads [--orders 1000] [--clients 1,50] [--seconds 10] [--writes-per-second 0] [--no-cache] [--same] [--client-process] [--fetch-client] [--seed 42] [--json]\n' +
  '       [--postgres | --database-url URL] [--servers 1]   (PostgreSQL: N server processes share it)\n';

/** Applies events through the batch applier as POST /v1/events does, 1,000 a batch. */
async function applyThroughBatches(applier: EventBatchApplier, enqueue: (batch: BenchEvent[]) => Promise<unknown>, events: BenchEvent[]) {
  for (let offset = 0; offset < events.length; offset += 1000) {
    await enqueue(events.slice(offset, offset + 1000));
    applier.kick();
    await applier.idle();
  }
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
      'writes-per-second': { type: 'string', default: '0' },
      seed: { type: 'string', default: '42' },
      json: { type: 'boolean', default: false },
      // Every read to the database, as a read after a write or of a different order would go.
      'no-cache': { type: 'boolean', default: false },
      // One fixed request per endpoint (the benchmark before session 9): the cache's best case.
      same: { type: 'boolean', default: false },
      // The clients in a child process: the server's event loop and CPU are its own (client-process.ts).
      'client-process': { type: 'boolean', default: false },
      postgres: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      servers: { type: 'string', default: '1' },
      // The load client before session 13 (fetch), to compare runs with earlier ones (keep-alive-get.ts: why it changed).
      'fetch-client': { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  const writesPerSecond = Number(values['writes-per-second']);
  if (!Number.isFinite(writesPerSecond) || writesPerSecond < 0) throw new Error('--writes-per-second must be a number ≥ 0');
  const servers = Number(values.servers);
  const onPostgres = values.postgres || values['database-url'] !== undefined;
  if (!Number.isInteger(servers) || servers < 1 || servers > 8) throw new Error('--servers must be a whole number from 1 to 8');
  if (servers > 1 && !onPostgres)
    throw new Error('--servers above 1 needs PostgreSQL (--postgres or --database-url): the embedded database has one process');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const bench = await openBenchDatabase(values.postgres ? 'throwaway' : values['database-url'], { migrations: 'all' });
  const { db } = bench;
  log(
    onPostgres
      ? `PostgreSQL, ${servers} server process${servers > 1 ? 'es' : ''} (read cache off)`
      : 'embedded database (own thread, on disk)',
  );
  const config = loadConfig({ COPILOT_LOG_LEVEL: 'error', COPILOT_RATE_LIMIT_PER_MINUTE: '100000000', COPILOT_EMBEDDINGS: 'local' });
  try {
    const tenantId = await benchTenant(db, 'bench-reads');
    const start = new Date(Date.now() - 3 * 24 * 3_600_000);
    log('catalog and orders…');
    for (const event of catalogEvents('q', start)) await applyEvent(db, tenantId, event, { source: 'test' });
    const stream = orderEvents('q', Number(values.orders), new Date(start.getTime() + 60_000), seed);
    const applier = new EventBatchApplier(db, {
      applyOne: async (database, tenant, event, source) => ({ status: (await applyEvent(database, tenant, event, { source })).status }),
    });
    const enqueue = (batch: BenchEvent[]) =>
      enqueueEventBatch(db, tenantId, { body: JSON.stringify({ events: batch }), total: batch.length, source: 'test' });
    await applyThroughBatches(applier, enqueue, stream.events);
    // Half the orders paid (authorised and captured), so order reads carry payments as most do.
    const followUps = followUpEvents(
      'q',
      stream,
      Math.floor(stream.orderNumbers.length / 2),
      new Date(start.getTime() + 2 * 24 * 3_600_000),
    );
    await applyThroughBatches(applier, enqueue, [...followUps['payment.authorized']!, ...followUps['payment.captured']!]);
    log('runbooks…');
    await ingestBundledCorpus(db, undefined, { config });
    await db.exec('ANALYZE');
    const key = (await createApiKey(db, { tenantId, roles: ['rep'], userName: 'reader' })).key;
    // Statements per request (BEGIN and COMMIT included) are counted too: independent of the machine's load.
    const counted = countStatements(db);
    const cache = values['no-cache'] || !db.writeGenerations ? undefined : new ReadCache(db.writeGenerations);
    const serverProcesses: ServerProcess[] = onPostgres
      ? await Promise.all(Array.from({ length: servers }, () => startServerProcess(bench.connectionString!)))
      : [];
    const server = onPostgres
      ? { url: serverProcesses[0]!.url, close: () => Promise.all(serverProcesses.map((each) => each.close())).then(() => undefined) }
      : await startServer(
          createApp({ db: counted.db, config, logger: createLogger({ level: 'error' }), readCache: cache ?? false }),
          0,
          '127.0.0.1',
        );
    const serverStats = async () => {
      const all = await Promise.all(serverProcesses.map((each) => each.stats()));
      return {
        statements: all.reduce((sum, each) => sum + each.statements, 0),
        cpuMicros: all.reduce((sum, each) => sum + each.cpu.user + each.cpu.system, 0),
      };
    };
    const headers = { Authorization: `Bearer ${key}` };
    const endpoints = await benchEndpoints(stream.orderNumbers, values.same);
    const clientProcess: ClientProcess | undefined = values['client-process']
      ? startClientProcess({ orderNumbers: stream.orderNumbers, same: values.same })
      : undefined;
    type Measured = LoadResult & {
      /** With `--client-process`: the server process's CPU per request (main and database threads), and the client's apart. */
      serverCpuMsPerRequest?: number;
      clientCpuMsPerRequest?: number;
      statementsPerRequest: number;
      /** Messages sent to the database thread per request (background writes included): each a round trip the thread may wait on. */
      messagesPerRequest: number;
      /** Share of the reads answered without SQL of their own: from the cache, or by joining an identical read in flight. */
      cacheHitRate: number | null;
      cache: { hits: number; joined: number; misses: number } | null;
      /** Background writes committed while this was measured (`--writes-per-second`). */
      writes: number;
    };
    const results: Record<string, Record<string, Measured>> = {};
    const writer = startWriteStream(db, tenantId, writesPerSecond, seed);
    try {
      for (const clients of String(values.clients).split(',').map(Number)) {
        for (const [name, next] of Object.entries(endpoints)) {
          counted.reset();
          const before = {
            ...(cache?.stats ?? { hits: 0, joined: 0, misses: 0 }),
            written: writer.written,
            messages: embeddedThreadMessages(),
          };
          const plan = {
            baseUrl: server.url,
            ...(serverProcesses.length ? { baseUrls: serverProcesses.map((each) => each.url) } : {}),
            headers,
            seed,
            clients,
            seconds: Number(values.seconds),
            client: values['fetch-client'] ? ('fetch' as const) : ('node' as const),
          };
          const serverCpuBefore = process.cpuUsage();
          const processesBefore = await serverStats();
          const loaded = clientProcess ? await clientProcess.run(name, plan) : await loadClients(next, plan);
          const processesAfter = await serverStats();
          // On PostgreSQL the servers are other processes: their CPU and statements are asked of them.
          const split = serverProcesses.length
            ? {
                serverCpuMsPerRequest:
                  Math.round(((processesAfter.cpuMicros - processesBefore.cpuMicros) / 1000 / Math.max(1, loaded.requests)) * 100) / 100,
                clientCpuMsPerRequest: clientProcess
                  ? loaded.cpuMsPerRequest
                  : cpuMsPer(process.cpuUsage(serverCpuBefore), loaded.requests),
              }
            : clientProcess
              ? {
                  serverCpuMsPerRequest: cpuMsPer(process.cpuUsage(serverCpuBefore), loaded.requests),
                  clientCpuMsPerRequest: loaded.cpuMsPerRequest,
                }
              : {};
          const statements = serverProcesses.length ? processesAfter.statements - processesBefore.statements : counted.count;
          const delta = cache
            ? {
                hits: cache.stats.hits - before.hits,
                joined: cache.stats.joined - before.joined,
                misses: cache.stats.misses - before.misses,
              }
            : null;
          const cacheable = delta ? delta.hits + delta.joined + delta.misses : 0;
          const measured: Measured = {
            ...loaded,
            ...split,
            // The whole work per request, client included, in either mode (comparable with earlier runs).
            ...(clientProcess || serverProcesses.length
              ? { cpuMsPerRequest: Math.round((split.serverCpuMsPerRequest! + split.clientCpuMsPerRequest!) * 100) / 100 }
              : {}),
            statementsPerRequest: Math.round((statements / Math.max(1, loaded.requests)) * 10) / 10,
            messagesPerRequest: Math.round(((embeddedThreadMessages() - before.messages) / Math.max(1, loaded.requests)) * 10) / 10,
            cacheHitRate: delta ? (cacheable ? Math.round(((delta.hits + delta.joined) / cacheable) * 1000) / 1000 : null) : 0,
            cache: delta,
            writes: writer.written - before.written,
          };
          (results[name] ??= {})[String(clients)] = measured;
          log(
            `${name} × ${clients}: ${measured.requestsPerSecond} req/s, p95 ${measured.p95} ms, CPU ${measured.cpuMsPerRequest} ms a request, p99 ${measured.p99} ms, errors ${measured.errors}, ${measured.statementsPerRequest} statements and ${measured.messagesPerRequest} thread messages a request, cache hit rate ${measured.cacheHitRate ?? '–'}, ${measured.writes} writes`,
          );
        }
      }
    } finally {
      await writer.stop();
      await clientProcess?.close();
      await server.close();
    }
    if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else
      for (const [name, byClients] of Object.entries(results))
        for (const [clients, stats] of Object.entries(byClients))
          process.stdout.write(
            `${name.padEnd(22)} ${clients.padStart(3)} clients: ${stats.requestsPerSecond} req/s, p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms, errors ${stats.errors}, CPU ${stats.cpuMsPerRequest} ms, ${stats.statementsPerRequest} statements and ${stats.messagesPerRequest} thread messages a request, cache hit rate ${stats.cacheHitRate ?? '–'} (${stats.distinctRequests} distinct), ${stats.writes} writes\n`,
          );
    return results;
  } finally {
    await bench.close();
  }
}

/**
 * `npm run bench -- triage [--exceptions N] [--workers 1,2,4] [--database thread|memory]`: offline
 * triage throughput. Builds one database with N open exceptions (default 1,000), then for each worker
 * count triages all of them from a fresh clone with the offline model, the real tools, knowledge index
 * and policy gate, and reports exceptions/s, per-exception latency and outcomes. The clone is in memory
 * on this thread (default, as before session 10), or served as `copilot serve` serves it, on disk from
 * the database thread (`--database thread`): bench/triage-database.ts.
 */
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { migrateAll } from '../core/db/open.ts';
import { withTenant } from '../core/db/tenant-scope.ts';
import { openMemoryPglite } from '../core/db/pglite.ts';
import { openBenchDatabase, TRIAGE_DATABASES, type TriageDatabaseKind } from './triage-database.ts';
import { createAgentServices } from '../agent/agent-services.ts';
import { loadConfig } from '../core/config.ts';
import { countResolvedWithoutClaim } from '../core/exceptions/index.ts';
import { listRuns } from '../agent/transcripts/runs.ts';
import { OfflineChatModel } from '../agent/models/offline/offline-chat-model.ts';
import { clearTriagePrincipals } from '../agent/triage/triage-principal.ts';
import { runTriage } from '../agent/triage/triage-worker.ts';
import { buildTriageDataset } from './triage-dataset.ts';
import { measureTriageQuality, printQuality } from './triage-quality.ts';
import { percentile } from './support/latency.ts';
import { countStatements } from './support/statement-count.ts';

interface Result {
  database: TriageDatabaseKind;
  workers: number;
  exceptions: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  outcomes: Record<string, number>;
  /** Exceptions never claimed: resolved by the core's re-detection once an earlier remediation removed their cause. */
  resolvedUnclaimed: number;
  /** Process CPU (user + system, every thread: the database thread's too) per triaged exception: far less sensitive to other jobs' load than wall time. */
  cpuMsPerException: number;
  /** SQL statements per triaged exception (BEGIN and COMMIT included), claims and outcome records too: load-independent. */
  statementsPerException: number;
}

export async function benchTriage(argv: string[] = process.argv.slice(2)): Promise<Result[]> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      'usage: npm run bench -- triage [--exceptions 1000] [--workers 1,2,4] [--database thread|memory]\n       npm run bench -- triage --quality [--verbose] [--from seeded-dump.tar]\n',
    );
    return [];
  }
  if (argv.includes('--quality')) {
    const from = argv[argv.indexOf('--from') + 1];
    printQuality(await measureTriageQuality(argv.includes('--from') && from ? { from } : {}), { verbose: argv.includes('--verbose') });
    return [];
  }
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== 'triage'),
    options: {
      exceptions: { type: 'string', default: '1000' },
      workers: { type: 'string', default: '1,2,4' },
      database: { type: 'string', default: 'memory' },
      quality: { type: 'boolean' },
      from: { type: 'string' },
    },
    allowPositionals: true,
  });
  const count = Number(values.exceptions);
  const workerCounts = String(values.workers)
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const databaseKind = String(values.database) as TriageDatabaseKind;
  if (!TRIAGE_DATABASES.includes(databaseKind)) throw new Error(`--database must be one of ${TRIAGE_DATABASES.join(', ')}`);
  const now = new Date();
  const config = loadConfig({ ...process.env, COPILOT_MODEL: 'offline' });

  process.stderr.write(`building ${count} exceptions…\n`);
  const template = await openMemoryPglite();
  await migrateAll(template);
  const dataset = await buildTriageDataset(template, count, now);
  const dump = await template.dumpDataDir();
  await template.close();
  process.stderr.write(`${dataset.exceptions} open exceptions ready\n`);

  const results: Result[] = [];
  for (const workers of workerCounts) {
    clearTriagePrincipals();
    const database = await openBenchDatabase(databaseKind, dump);
    const counted = countStatements(database.db);
    const db = counted.db;
    const services = createAgentServices(db, config, { model: { id: 'offline', model: new OfflineChatModel({ now: () => now }) } });
    const outcomes: Record<string, number> = {};
    let done = 0;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await runTriage(
      { db, model: services.model, toolboxFor: services.chat.toolboxFor },
      {
        concurrency: workers,
        onItem: (item) => {
          outcomes[item.outcome] = (outcomes[item.outcome] ?? 0) + 1;
          done += 1;
          if (done % 100 === 0) process.stderr.write(`  ${workers} worker(s): ${done}/${dataset.exceptions}\r`);
        },
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const statements = counted.count;
    const runs = await listRuns(db, { tenantId: dataset.tenantId, kind: 'triage', limit: 100_000 });
    const latencies = runs.map((run) => run.timings.totalMs ?? 0).sort((a, b) => a - b);
    const resolvedUnclaimed = await withTenant(db, dataset.tenantId, (tx) => countResolvedWithoutClaim(tx));
    await database.close();
    const result = {
      database: databaseKind,
      workers,
      exceptions: done,
      seconds,
      perSecond: done / seconds,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      outcomes,
      resolvedUnclaimed,
      cpuMsPerException: (cpu.user + cpu.system) / 1000 / Math.max(1, done),
      statementsPerException: statements / Math.max(1, done),
    };
    results.push(result);
    process.stderr.write('\n');
  }

  process.stdout.write(
    `\nOffline triage throughput (${dataset.exceptions} exceptions, ${databaseKind === 'thread' ? 'PGlite on its thread, on disk (as served)' : 'PGlite in memory on the same thread'}, ${cpus().length} CPUs, Node ${process.version})\n\n`,
  );
  process.stdout.write(
    '| workers | exceptions triaged | seconds | exceptions/s | run p50 ms | run p95 ms | CPU ms / exception | statements / exception | outcomes | resolved before their turn |\n|---|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const result of results) {
    const outcomes = Object.entries(result.outcomes)
      .map(([outcome, n]) => `${outcome} ${n}`)
      .join(', ');
    process.stdout.write(
      `| ${result.workers} | ${result.exceptions} | ${result.seconds.toFixed(1)} | ${result.perSecond.toFixed(1)} | ${result.p50Ms} | ${result.p95Ms} | ${result.cpuMsPerException.toFixed(1)} | ${result.statementsPerException.toFixed(1)} | ${outcomes} | ${result.resolvedUnclaimed} |\n`,
    );
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchTriage().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}

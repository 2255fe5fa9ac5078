/**
 * `npm run bench -- responsiveness [--batches 10] [--size 1000] [--interval 25] [--json]`: is the server
 * still answering while another tenant streams events? A real HTTP server (the product's app, the
 * embedded database on its own thread, on disk) takes `--batches` signed batches of `--size`
 * order.created events from tenant A (each answered 202 and applied in the background), while a prober
 * requests GET /healthz, GET /v1/me (tenant B's API key) and a static asset every `--interval` ms until
 * every batch is done. Reports each endpoint's latency percentiles and the batch answers' latency.
 * Goals: issue 12 — /healthz and /v1/me p99 < 250 ms; issue 13 — /healthz and static p99 < 50 ms,
 * /v1/me p99 < 150 ms.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { applyEvent } from '../core/events/apply-event.ts';
import { signEventBody } from '../core/events/event-signature.ts';
import { createApiKey } from '../core/identity/api-keys.ts';
import { getWebhookSecret } from '../core/tenants/tenants.ts';
import { createApp } from '../web/app.ts';
import { createLogger } from '../web/logging/logger.ts';
import { startServer } from '../web/server.ts';
import { benchTenant, openBenchDatabase } from './events/bench-database.ts';
import { catalogEvents, orderEvents } from './events/event-workload.ts';
import { summariseLatencies, timedFetch } from './support/latency.ts';

const USAGE = 'usage: npm run bench -- responsiveness [--batches 10] [--size 1000] [--interval 25] [--json]\n';

export default async function benchResponsiveness(argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return undefined;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      batches: { type: 'string', default: '10' },
      size: { type: 'string', default: '1000' },
      interval: { type: 'string', default: '25' },
      json: { type: 'boolean', default: false },
    },
  });
  const batches = Number(values.batches);
  const size = Number(values.size);
  const interval = Number(values.interval);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const bench = await openBenchDatabase();
  const { db } = bench;
  const config = loadConfig({ COPILOT_LOG_LEVEL: 'error', COPILOT_RATE_LIMIT_PER_MINUTE: '1000000', COPILOT_SEED_ON_START: '0' });
  const app = createApp({ db, config, logger: createLogger({ level: 'error' }) });
  const server = await startServer(app, 0, '127.0.0.1');
  try {
    const streamer = await benchTenant(db, 'bench-streamer');
    const prober = await benchTenant(db, 'bench-prober');
    const start = new Date('2026-11-27T08:00:00Z');
    log('catalog for the streaming tenant…');
    for (const event of catalogEvents('r', start)) await applyEvent(db, streamer, event, { source: 'test' });
    const secret = await getWebhookSecret(db, streamer);
    const key = (await createApiKey(db, { tenantId: prober, roles: ['rep'], userName: 'prober' })).key;
    const stream = orderEvents('r', batches * size, new Date(start.getTime() + 60_000));

    const samples: Record<string, number[]> = { '/healthz': [], '/v1/me': [], '/assets/styles.css': [] };
    const failures: string[] = [];
    let streaming = true;
    const probe = (async () => {
      const targets: Array<[string, RequestInit | undefined]> = [
        ['/healthz', undefined],
        ['/v1/me', { headers: { Authorization: `Bearer ${key}` } }],
        ['/assets/styles.css', undefined],
      ];
      let turn = 0;
      while (streaming) {
        const [path, init] = targets[turn++ % targets.length]!;
        const { ms, status } = await timedFetch(`${server.url}${path}`, init);
        if (status !== 200) failures.push(`${path} answered ${status}`);
        samples[path]!.push(ms);
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
    })();

    const started = performance.now();
    const accepted: number[] = [];
    const batchIds: string[] = [];
    for (let index = 0; index < batches; index++) {
      const body = JSON.stringify({ events: stream.events.slice(index * size, (index + 1) * size) });
      const headers = {
        'Content-Type': 'application/json',
        'X-Copilot-Tenant': 'bench-streamer',
        'X-Copilot-Signature': signEventBody(secret, body),
      };
      const begun = performance.now();
      const response = await fetch(`${server.url}/v1/events`, { method: 'POST', body, headers });
      const answer = (await response.json()) as { batchId: string };
      accepted.push(performance.now() - begun);
      if (response.status !== 202) throw new Error(`batch ${index} answered ${response.status}: ${JSON.stringify(answer)}`);
      batchIds.push(answer.batchId);
    }
    log(`${batches} batches of ${size} accepted; applying…`);
    let done = 0;
    while (done < batchIds.length) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const url = `${server.url}/v1/events/batches/${batchIds[done]}`;
      const read = await fetch(url, {
        headers: { 'X-Copilot-Tenant': 'bench-streamer', 'X-Copilot-Signature': signEventBody(secret, '') },
      });
      const batch = (await read.json()) as { status: string; processed: number; applied: number; deadLettered: number; failed: number };
      if (batch.status === 'done') {
        if (batch.applied !== size)
          failures.push(`batch ${done}: ${batch.applied} of ${size} applied (${batch.deadLettered} dead-lettered, ${batch.failed} failed)`);
        done += 1;
        log(
          `  batch ${done}/${batchIds.length} done (${Math.round((done * size) / ((performance.now() - started) / 1000))} events/s so far)`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    streaming = false;
    await probe;

    const result = {
      batches,
      size,
      seconds: Math.round(seconds * 10) / 10,
      eventsPerSecond: Math.round(((batches * size) / seconds) * 10) / 10,
      batchAnswerMs: summariseLatencies(accepted),
      latencyMs: Object.fromEntries(Object.entries(samples).map(([path, values]) => [path, summariseLatencies(values)])),
      failures,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(
        `${batches} × ${size} order.created from one tenant in ${result.seconds} s (${result.eventsPerSecond} events/s); batch answers p99 ${result.batchAnswerMs.p99} ms\n`,
      );
      for (const [path, stats] of Object.entries(result.latencyMs))
        process.stdout.write(
          `  ${path.padEnd(20)} n=${stats.count} p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms, max ${stats.max} ms\n`,
        );
      if (failures.length) process.stdout.write(`  failures: ${failures.join('; ')}\n`);
    }
    return result;
  } finally {
    await server.close();
    await bench.close();
  }
}

/**
 * `npm run bench -- outbox [--messages 1000] [--latency-messages 200] [--concurrency 16]`: the outbox
 * dispatcher against a local signed-webhook receiver (embedded PGlite, one process).
 *
 * - Throughput: N messages committed while no dispatcher runs, then one dispatcher delivers them all.
 * - Latency: messages committed one at a time while the dispatcher runs; time from each commit to the
 *   receiver having verified and applied it (p50/p95).
 * - Reference, same run and receiver: signed POSTs sent straight from memory with the same concurrency
 *   (no database), so the ratios say what the outbox costs over the bare transport on this machine.
 */
import { parseArgs } from 'node:util';
import { migrateAll } from '../core/db/open.ts';
import { openMemoryPglite } from '../core/db/pglite.ts';
import { createTenant } from '../core/tenants/tenants.ts';
import { createWebhookEndpoint, signWebhook, startDispatcher } from '../integrations/index.ts';
import { appendTestMessages } from '../integrations/testing/outbox-fixtures.ts';
import { startWebhookReceiver } from '../integrations/testing/webhook-receiver.ts';
import { postWebhook } from '../integrations/webhooks/post-webhook.ts';
import { SYSTEM_ACTOR } from '../policies/index.ts';
import { percentile } from './support/latency.ts';

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

export async function benchOutbox(argv: string[] = process.argv.slice(2)) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: npm run bench -- outbox [--messages 1000] [--latency-messages 200] [--concurrency 16]\n');
    return undefined;
  }
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== 'outbox'),
    options: {
      messages: { type: 'string', default: '1000' },
      'latency-messages': { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '16' },
    },
  });
  const count = Number(values.messages);
  const latencyCount = Number(values['latency-messages']);
  const concurrency = Number(values.concurrency);
  const db = await openMemoryPglite();
  await migrateAll(db);
  const tenant = await createTenant(db, { slug: 'bench-outbox', name: 'Bench' });
  const probe = await startWebhookReceiver('whsec_cGxhY2Vob2xkZXJwbGFjZWhvbGRlcnBsYWNlaG9sZGVy');
  await probe.close();
  const { secret } = await createWebhookEndpoint(db, tenant.id, { url: probe.url }, { actor: SYSTEM_ACTOR, allowPrivate: true });
  const receiver = await startWebhookReceiver(secret, { port: probe.port });
  const dispatcherOptions = { concurrency, perEndpointConcurrency: concurrency, pollMs: 5 };

  // Reference: the same number of signed POSTs, from memory, same concurrency.
  const body = JSON.stringify({ id: 'msg_ref', type: 'exception.opened', version: 1, data: { filler: 'x'.repeat(600) } });
  const referenceLatencies: number[] = [];
  const referenceStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const id = `msg_ref${index}`;
        const started = performance.now();
        await postWebhook({
          url: probe.url,
          body,
          headers: signWebhook(secret, id, body, new Date()),
          timeoutMs: 10_000,
          allowPrivate: true,
        });
        referenceLatencies.push(performance.now() - started);
      }
    }),
  );
  const referenceSeconds = (performance.now() - referenceStarted) / 1000;
  const applied0 = receiver.applied.length;

  // Throughput through the outbox.
  await appendTestMessages(db, tenant.id, count, 50);
  const throughputStarted = performance.now();
  const dispatcher = startDispatcher(db, dispatcherOptions);
  await until(() => receiver.applied.length >= applied0 + count);
  const throughputSeconds = (performance.now() - throughputStarted) / 1000;

  // Latency: commit → receipt, one message at a time with the dispatcher running.
  const latencies: number[] = [];
  for (let index = 0; index < latencyCount; index++) {
    const before = receiver.applied.length;
    await appendTestMessages(db, tenant.id, 1, 1);
    const committed = performance.now();
    await until(() => receiver.applied.length > before);
    latencies.push(performance.now() - committed);
  }
  await dispatcher.stop();
  await receiver.close();
  await db.close();

  const result = {
    messages: count,
    concurrency,
    outboxPerSecond: Math.round(count / throughputSeconds),
    referencePerSecond: Math.round(count / referenceSeconds),
    throughputRatio: Number(count / throughputSeconds / (count / referenceSeconds)).toFixed(3),
    commitToReceiptP50Ms: Number(percentile(latencies, 50).toFixed(1)),
    commitToReceiptP95Ms: Number(percentile(latencies, 95).toFixed(1)),
    referencePostP95Ms: Number(percentile(referenceLatencies, 95).toFixed(1)),
    latencyRatioP95: Number((percentile(latencies, 95) / percentile(referenceLatencies, 95)).toFixed(2)),
    duplicates: receiver.duplicates,
    badSignatures: receiver.badSignatures,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { CORE_MIGRATION_GROUPS } from '../../core/db/migration-groups.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { createWebhookEndpoint, listWebhookDeliveries, startDispatcher } from '../../integrations/index.ts';
import { appendTestMessages } from '../../integrations/testing/outbox-fixtures.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../integrations/testing/webhook-receiver.ts';
import { SYSTEM_ACTOR } from '../../policies/index.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('the outbox on real PostgreSQL 15', () => {
  let server: PostgresServer;
  let first: Database;
  let second: Database;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    server = await startPostgres();
    first = openPostgres({ connectionString: server.connectionString, maxConnections: 4 });
    second = openPostgres({ connectionString: server.connectionString, maxConnections: 4 });
    await migrate(first, CORE_MIGRATION_GROUPS);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await first?.close();
    await second?.close();
    await server?.stop();
  });

  async function tenantWithEndpoint(slug: string): Promise<{ tenant: Tenant; receiver: WebhookReceiver }> {
    const tenant = await createTenant(first, { slug, name: slug });
    const probe = await startWebhookReceiver('whsec_cGxhY2Vob2xkZXJwbGFjZWhvbGRlcnBsYWNlaG9sZGVy');
    const port = probe.port;
    await probe.close();
    const { secret } = await createWebhookEndpoint(
      first,
      tenant.id,
      { url: `http://127.0.0.1:${port}/hooks` },
      { actor: SYSTEM_ACTOR, allowPrivate: true },
    );
    const receiver = await startWebhookReceiver(secret, { port });
    receivers.push(receiver);
    return { tenant, receiver };
  }

  it('two dispatchers on separate connections share the outbox: every message once, none twice, in order per entity', async () => {
    const { tenant, receiver } = await tenantWithEndpoint('two-dispatchers');
    const appended = await appendTestMessages(first, tenant.id, 200, 10);
    const sent = { a: 0, b: 0 };
    const options = { pollMs: 10, concurrency: 8, perEndpointConcurrency: 8 };
    const a = startDispatcher(first, { ...options, workerId: 'a', onAttempt: () => void sent.a++ });
    const b = startDispatcher(second, { ...options, workerId: 'b', onAttempt: () => void sent.b++ });
    try {
      await until(() => receiver.applied.length === appended.length, 'all 200 messages');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(receiver.requests).toBe(200);
    expect(receiver.duplicates).toBe(0);
    expect(receiver.badSignatures).toBe(0);
    expect(sent.a + sent.b).toBe(200);
    expect(sent.a).toBeGreaterThan(0);
    expect(sent.b).toBeGreaterThan(0);
    const positions = new Map(appended.map((message) => [message.webhookId, message]));
    const last = new Map<string, number>();
    for (const applied of receiver.applied) {
      const message = positions.get(applied.webhookId)!;
      expect(message.position).toBe((last.get(message.orderingKey) ?? -1) + 1);
      last.set(message.orderingKey, message.position);
    }
  });

  it('a dispatcher process killed mid-delivery (SIGKILL): a restarted one delivers after the lease, the receiver applies once', async () => {
    const { tenant, receiver } = await tenantWithEndpoint('killed-dispatcher');
    const appended = await appendTestMessages(first, tenant.id, 3, 1);
    receiver.faults.push({ kind: 'hang' });
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: server.connectionString,
      COPILOT_WEBHOOK_TIMEOUT_MS: '2000',
      COPILOT_LOG_LEVEL: 'warn',
    };
    const fixture = resolve(REPO_ROOT, 'test/pg/fixtures/run-dispatcher.ts');
    const run = (): ChildProcess => spawn(process.execPath, ['--import', 'tsx', fixture], { cwd: REPO_ROOT, env, stdio: 'pipe' });
    const killed = run();
    let killedErr = '';
    killed.stderr?.on('data', (chunk: Buffer) => {
      killedErr += chunk.toString('utf8');
    });
    await until(() => receiver.requests === 1, 'the first request to reach the receiver').catch((error: Error) => {
      throw new Error(`${error.message}; the dispatcher said: ${killedErr}`);
    });
    killed.kill('SIGKILL');
    await new Promise((done) => killed.once('exit', done));
    const [pending] = (await listWebhookDeliveries(first, tenant.id, { status: 'pending' })).filter(
      (delivery) => delivery.webhookId === appended[0]!.webhookId,
    );
    expect(pending).toMatchObject({ attempts: 0 });
    // The lease (2 × 2 s + 5 s) must run out before anyone sends it again.
    await new Promise((done) => setTimeout(done, 9_500));
    const restarted = run();
    let output = '';
    restarted.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((done) => restarted.once('exit', done));
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ outcomes: { delivered: 3 } });
    expect(receiver.applied.map((message) => message.webhookId)).toEqual(appended.map((message) => message.webhookId));
  });
});

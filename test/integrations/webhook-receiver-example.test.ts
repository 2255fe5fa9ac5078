import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { createWebhookEndpoint, dispatchOnce, listWebhookDeliveries } from '../../integrations/index.ts';
import { appendTestMessages } from '../../integrations/testing/outbox-fixtures.ts';
import { SYSTEM_ACTOR } from '../../policies/index.ts';
// @ts-expect-error the docs example is plain JavaScript, exactly as a reader copies it
import { createReceiver } from '../../docs/examples/webhook-receiver.mjs';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the receiver example in docs/integrations.md', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => db?.close());

  it('verifies signatures, applies each message once, and a failed apply is retried', async () => {
    const tenant = await createTenant(db, { slug: 'example-receiver', name: 'Example' });
    const port = await freePort();
    const { secret } = await createWebhookEndpoint(
      db,
      tenant.id,
      { url: `http://127.0.0.1:${port}/hooks` },
      { actor: SYSTEM_ACTOR, allowPrivate: true },
    );
    const applied: Array<{ id: string; type: string }> = [];
    let failNext = true;
    const server = createReceiver(secret, async (message: { id: string; type: string }) => {
      if (failNext) {
        failNext = false;
        throw new Error('database busy');
      }
      applied.push(message);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const appended = await appendTestMessages(db, tenant.id, 3, 1);
      const fast = { retry: { baseDelayMs: 10, maxDelayMs: 20, horizonMs: 60_000 } };
      await dispatchOnce(db, fast);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await dispatchOnce(db, fast);
      expect(applied.map((message) => message.id)).toEqual(appended.map((message) => message.webhookId));
      expect(applied.every((message) => message.type === 'exception.opened')).toBe(true);
      const deliveries = await listWebhookDeliveries(db, tenant.id);
      expect(deliveries.map((delivery) => delivery.status)).toEqual(['delivered', 'delivered', 'delivered']);
      expect(deliveries.reduce((sum, delivery) => sum + delivery.attempts, 0)).toBe(4);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

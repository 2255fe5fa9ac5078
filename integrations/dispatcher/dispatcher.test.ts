import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { appendOutboxMessage, listOutboxMessages } from '../../core/outbox/index.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { SYSTEM_ACTOR } from '../../policies/index.ts';
import { appendTestMessages, type AppendedMessage } from '../testing/outbox-fixtures.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.ts';
import { createWebhookEndpoint, listWebhookDeliveries, replayWebhookDeliveries } from '../index.ts';
import { postWebhook } from '../webhooks/post-webhook.ts';
import { signWebhook } from '../webhooks/signing.ts';
import { claimDeliveries } from './claim-deliveries.ts';
import { dispatchOnce, startDispatcher, type DispatcherOptions } from './dispatcher.ts';
import { fanOut, webhookFanOut } from './fan-out.ts';

const FAST: DispatcherOptions = {
  timeoutMs: 1000,
  pollMs: 20,
  retry: { baseDelayMs: 20, maxDelayMs: 150, horizonMs: 60_000 },
  breaker: { threshold: 4, cooldownMs: 50, maxCooldownMs: 200 },
};

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Per ordering key, the receiver applied the messages in the order they were appended. */
function expectPerKeyOrder(appended: readonly AppendedMessage[], receiver: WebhookReceiver): void {
  const byId = new Map(appended.map((message) => [message.webhookId, message]));
  const lastPosition = new Map<string, number>();
  for (const applied of receiver.applied) {
    const message = byId.get(applied.webhookId)!;
    expect(message, `unexpected message ${applied.webhookId}`).toBeDefined();
    expect(message.position).toBe((lastPosition.get(message.orderingKey) ?? -1) + 1);
    lastPosition.set(message.orderingKey, message.position);
  }
}

describe('outbox dispatcher against a real signed-webhook receiver', () => {
  let db: Database;
  let tenant: Tenant;
  const receivers: WebhookReceiver[] = [];
  const actor = SYSTEM_ACTOR;

  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await db?.close();
  });

  let tenants = 0;
  /** A tenant of its own per test (endpoints receive every message of their tenant) with one endpoint. */
  async function endpointOnFreshPort(types: string[] = []) {
    tenant = await createTenant(db, { slug: `hooks-${++tenants}`, name: `Hooks ${tenants}` });
    // Reserve a port, then close it: the first attempts meet a refused connection.
    const probe = await startWebhookReceiver('whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdHRlc3Q=');
    const { port, url } = probe;
    await probe.close();
    const created = await createWebhookEndpoint(db, tenant.id, { url, types: types as never }, { actor, allowPrivate: true });
    return { port, ...created };
  }

  it('delivers every message once, in per-entity order, through refused connections, 500s, 429s, timeouts and slow answers', async () => {
    const { port, secret, endpoint } = await endpointOnFreshPort(['exception.opened']);
    const appended = await appendTestMessages(db, tenant.id, 24, 4);
    const dispatcher = startDispatcher(db, FAST);
    try {
      await until(
        async () =>
          (await listWebhookDeliveries(db, tenant.id, { endpointId: endpoint.id })).some((d) => /ECONNREFUSED/.test(d.lastError ?? '')),
        'a refused connection',
      );
      const receiver = await startWebhookReceiver(secret, { port });
      receivers.push(receiver);
      receiver.faults.push(
        { kind: 'status', status: 500 },
        { kind: 'hang' },
        { kind: 'slow', ms: 1300 }, // longer than the 1 s deadline: applied, but the sender never sees the 200
        { kind: 'status', status: 503, retryAfter: '0' },
        { kind: 'status', status: 429 },
        { kind: 'slow', ms: 50 },
        { kind: 'status', status: 502 },
      );
      await until(
        async () =>
          receiver.applied.length === appended.length && (await listWebhookDeliveries(db, tenant.id, { status: 'pending' })).length === 0,
        'all deliveries',
      );
      expect(receiver.badSignatures).toBe(0);
      expect(new Set(receiver.applied.map((message) => message.webhookId))).toEqual(new Set(appended.map((message) => message.webhookId)));
      expectPerKeyOrder(appended, receiver);
      // The slow answer past the deadline was applied and then sent again: the receiver saw it twice.
      await until(() => receiver.duplicates >= 1, 'the duplicate of the timed-out message');
      const deliveries = await listWebhookDeliveries(db, tenant.id, { endpointId: endpoint.id, limit: 100 });
      expect(deliveries.every((delivery) => delivery.status === 'delivered')).toBe(true);
      const errors = deliveries.flatMap((delivery) => delivery.history.map((attempt) => attempt.error ?? String(attempt.statusCode)));
      expect(errors.some((error) => /ECONNREFUSED/.test(error))).toBe(true);
      expect(errors.some((error) => /timed out/.test(error))).toBe(true);
      expect(errors).toEqual(expect.arrayContaining(['HTTP 500', 'HTTP 429', 'HTTP 503']));
    } finally {
      await dispatcher.stop();
    }
  });

  it('dead-letters a permanent refusal with its error; replay delivers it, and a replayed delivered message is a duplicate the receiver ignores', async () => {
    const { port, secret, endpoint } = await endpointOnFreshPort();
    const receiver = await startWebhookReceiver(secret, { port });
    receivers.push(receiver);
    receiver.faults.push({ kind: 'status', status: 422 });
    const [message] = await appendTestMessages(db, tenant.id, 1, 1);
    await dispatchOnce(db, FAST);
    const [dead] = await listWebhookDeliveries(db, tenant.id, { endpointId: endpoint.id });
    expect(dead).toMatchObject({ status: 'dead', lastStatus: 422, lastError: 'HTTP 422', attempts: 1, webhookId: message!.webhookId });
    expect(receiver.applied).toHaveLength(0);

    expect(await replayWebhookDeliveries(db, tenant.id, { allDead: true, endpointId: endpoint.id }, actor)).toEqual([dead!.id]);
    await dispatchOnce(db, FAST);
    expect(receiver.applied.map((applied) => applied.webhookId)).toEqual([message!.webhookId]);

    await replayWebhookDeliveries(db, tenant.id, { deliveryIds: [dead!.id] }, actor);
    await dispatchOnce(db, FAST);
    expect(receiver.applied).toHaveLength(1);
    expect(receiver.duplicates).toBe(1);
    const [after] = await listWebhookDeliveries(db, tenant.id, { endpointId: endpoint.id });
    expect(after).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it('a dispatcher that dies after sending but before recording: its lease runs out and a restarted one resends; the receiver applies once', async () => {
    const { port, secret, endpoint } = await endpointOnFreshPort();
    const receiver = await startWebhookReceiver(secret, { port });
    receivers.push(receiver);
    const appended = await appendTestMessages(db, tenant.id, 3, 1);
    await fanOut(db, [webhookFanOut], new Date());
    // The "killed" dispatcher: claims with a short lease, sends the first message, then vanishes.
    const [claimed] = await claimDeliveries(db, { now: new Date(), limit: 1, leaseMs: 300, workerId: 'killed' });
    expect(claimed?.endpointId).toBe(endpoint.id);
    const body = JSON.stringify({ id: appended[0]!.webhookId, type: 'exception.opened', data: {} });
    const sent = await postWebhook({
      url: claimed!.url,
      body,
      headers: signWebhook(secret, appended[0]!.webhookId, body, new Date()),
      timeoutMs: 1000,
      allowPrivate: true,
    });
    expect(sent.status).toBe(200);
    // While the lease holds, nobody else sends it (nor the later messages of the same key).
    expect(await claimDeliveries(db, { now: new Date(), limit: 10, leaseMs: 300, workerId: 'other' })).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const restarted = startDispatcher(db, FAST);
    try {
      await until(() => receiver.applied.length === 3, 'the restarted dispatcher');
    } finally {
      await restarted.stop();
    }
    expect(receiver.duplicates).toBe(1);
    expectPerKeyOrder(appended, receiver);
  });

  it('a rolled-back change leaves nothing in the outbox; a committed one is listed for its tenant only', async () => {
    tenant = await createTenant(db, { slug: 'hooks-rollback', name: 'Rollback' });
    const other = await createTenant(db, { slug: 'hooks-other', name: 'Other' });
    const before = await withTenant(db, tenant.id, (tx) => listOutboxMessages(tx, { limit: 1000 }));
    await expect(
      withTenant(db, tenant.id, async (tx) => {
        await appendTestMessagesInTx(tx, tenant.id);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await withTenant(db, tenant.id, (tx) => listOutboxMessages(tx, { limit: 1000 }));
    expect(after).toHaveLength(before.length);
    await appendTestMessages(db, tenant.id, 1, 1);
    expect(await withTenant(db, tenant.id, (tx) => listOutboxMessages(tx, { limit: 1000 }))).toHaveLength(before.length + 1);
    expect(await withTenant(db, other.id, (tx) => listOutboxMessages(tx, { limit: 1000 }))).toHaveLength(0);
  });
});

async function appendTestMessagesInTx(tx: Parameters<Parameters<typeof withTenant>[2]>[0], tenantId: string): Promise<void> {
  const now = new Date().toISOString();
  await appendOutboxMessage(tx, {
    tenantId,
    type: 'exception.resolved',
    orderingKey: 'order:R-1',
    occurredAt: new Date(),
    data: {
      exceptionId: crypto.randomUUID(),
      type: 'payment_mismatch',
      severity: 'low',
      status: 'resolved',
      title: 'rolled back',
      codes: {},
      detectedAt: now,
      ackDueAt: now,
      slaDueAt: now,
      how: 'human',
      code: 'RES-ACTION',
      note: null,
      resolvedAt: now,
    },
  });
}

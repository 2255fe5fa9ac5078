import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeadLetters } from '../../core/events/dead-letters.ts';
import { signEventBody } from '../../core/events/event-signature.ts';
import { getWebhookSecret } from '../../core/tenants/tenants.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

const ADDRESS = { name: 'Dana Reyes', line1: '400 Market St', city: 'Philadelphia', postalCode: '19106', country: 'US' };
const now = () => Math.floor(Date.now() / 1000);

describe('POST /v1/events', () => {
  let t: TestApp;
  let secretA: string;
  let secretB: string;

  const post = (body: string, headers: Record<string, string>) =>
    t.app.request('http://localhost/v1/events', { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
  /** Batches ask to wait for their results (Prefer: wait), unless `wait: false`: then the answer is 202 at once. */
  const signed = (body: unknown, options: { tenant?: string; secret?: string; timestamp?: number; wait?: boolean } = {}) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return post(raw, {
      'X-Copilot-Tenant': options.tenant ?? 'tenant-a',
      'X-Copilot-Signature': signEventBody(options.secret ?? secretA, raw, options.timestamp ?? now()),
      ...(options.wait === false ? {} : { Prefer: 'wait=60' }),
    });
  };
  const readBatch = (location: string, options: { tenant?: string; secret?: string } = {}) =>
    t.app.request(`http://localhost${location}`, {
      headers: {
        'X-Copilot-Tenant': options.tenant ?? 'tenant-a',
        'X-Copilot-Signature': signEventBody(options.secret ?? secretA, '', now()),
      },
    });
  const orderCreated = (id: string, orderNumber: string, sku = 'SKU-1') => ({
    id,
    type: 'order.created',
    occurredAt: '2025-05-01T10:00:00Z',
    data: {
      orderNumber,
      channel: 'web',
      customerCode: 'C-1',
      customerName: 'Dana Reyes',
      lines: [{ sku, quantity: 1, unitPrice: 20 }],
      shippingAddress: ADDRESS,
    },
  });

  beforeAll(async () => {
    t = await createTestApp();
    secretA = await getWebhookSecret(t.db, t.tenantA.id);
    secretB = await getWebhookSecret(t.db, t.tenantB.id);
    const setup = await signed({
      events: [
        {
          id: 'loc-1',
          type: 'location.upserted',
          occurredAt: '2025-05-01T09:00:00Z',
          data: { code: 'WH-1', name: 'Main DC', kind: 'warehouse' },
        },
        { id: 'sku-1', type: 'sku.upserted', occurredAt: '2025-05-01T09:00:00Z', data: { code: 'SKU-1', name: 'Widget', price: 20 } },
        {
          id: 'rcv-1',
          type: 'inventory.received',
          occurredAt: '2025-05-01T09:01:00Z',
          data: { sku: 'SKU-1', location: 'WH-1', quantity: 10 },
        },
      ],
    });
    expect(await setup.json()).toMatchObject({ applied: 3, duplicates: 0, deadLettered: 0 });
  });
  afterAll(() => t.close());

  it('applies a correctly signed event', async () => {
    const response = await signed(orderCreated('evt-1', 'W-1'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'applied', duplicate: false, eventId: 'evt-1', type: 'order.created' });
  });

  it('answers a redelivery with 200 and duplicate: true', async () => {
    const response = await signed(orderCreated('evt-1', 'W-1'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'duplicate', duplicate: true, eventId: 'evt-1' });
  });

  it('rejects a stale timestamp with 401', async () => {
    const response = await signed(orderCreated('evt-2', 'W-2'), { timestamp: now() - t.config.COPILOT_EVENT_MAX_SKEW_SECONDS - 5 });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('clock skew') });
  });

  it('rejects a signature that does not match the body with 401', async () => {
    const raw = JSON.stringify(orderCreated('evt-3', 'W-3'));
    const header = signEventBody(secretA, raw, now());
    const tampered = raw.replace('"quantity":1', '"quantity":9');
    const response = await post(tampered, { 'X-Copilot-Tenant': 'tenant-a', 'X-Copilot-Signature': header });
    expect(response.status).toBe(401);
    const missing = await post(raw, { 'X-Copilot-Tenant': 'tenant-a' });
    expect(missing.status).toBe(401);
    const malformed = await post(raw, { 'X-Copilot-Tenant': 'tenant-a', 'X-Copilot-Signature': 'sha256=abc' });
    expect(malformed.status).toBe(401);
  });

  it("rejects another tenant's secret, and unknown or missing tenants, with 401", async () => {
    expect((await signed(orderCreated('evt-4', 'W-4'), { secret: secretB })).status).toBe(401);
    expect((await signed(orderCreated('evt-4', 'W-4'), { tenant: 'no-such-tenant' })).status).toBe(401);
    expect((await signed(orderCreated('evt-4', 'W-4'), { tenant: t.tenantA.id })).status).toBe(401);
    const raw = JSON.stringify(orderCreated('evt-4', 'W-4'));
    expect((await post(raw, { 'X-Copilot-Signature': signEventBody(secretA, raw) })).status).toBe(401);
    // Tenant B's own secret works for tenant B.
    expect(
      (
        await signed(
          { id: 'b-loc', type: 'location.upserted', occurredAt: '2025-05-01T09:00:00Z', data: { code: 'B-1', name: 'B DC', kind: '3pl' } },
          { tenant: 'tenant-b', secret: secretB },
        )
      ).status,
    ).toBe(200);
  });

  it('rejects an invalid body with 400 naming the field, and keeps it as a dead letter', async () => {
    const event = orderCreated('evt-5', 'W-5');
    event.data.lines[0]!.quantity = 0;
    const response = await signed(event);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain('data.lines.0.quantity');
    expect(body.error.details).toMatchObject({
      eventId: 'evt-5',
      deadLetterId: expect.any(String),
      issues: [{ path: 'data.lines.0.quantity' }],
    });
    const noType = await signed({ id: 'evt-6', occurredAt: '2025-05-01T10:00:00Z', data: {} });
    expect(noType.status).toBe(400);
    expect((await noType.json()).error.message).toContain('type');
  });

  it('rejects a body that is not JSON with 400', async () => {
    const response = await signed('{"id": "evt-7", ');
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 'validation_failed', message: 'body is not valid JSON' });
  });

  it('reports a valid event that cannot be applied as 422 with the dead letter id', async () => {
    const response = await signed(orderCreated('evt-8', 'W-8', 'SKU-UNKNOWN'));
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({
      code: 'not_found',
      message: 'sku SKU-UNKNOWN not found',
      details: { eventId: 'evt-8', deadLetterId: expect.any(String) },
    });
  });

  it('returns per-event results for a batch and carries on past a bad event', async () => {
    const response = await signed({
      events: [
        orderCreated('evt-9', 'W-9'),
        {
          id: 'evt-10',
          type: 'payment.authorized',
          occurredAt: '2025-05-01T10:01:00Z',
          data: { orderNumber: 'W-404', psp: 'stripe', pspReference: 'pi_x', amount: 20 },
        },
        {
          id: 'evt-11',
          type: 'payment.authorized',
          occurredAt: '2025-05-01T10:01:00Z',
          data: { orderNumber: 'W-9', psp: 'stripe', pspReference: 'pi_9', amount: 20 },
        },
        orderCreated('evt-1', 'W-1'),
      ],
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ applied: 2, duplicates: 1, deadLettered: 1 });
    expect(body.results.map((r: { index: number; status: string }) => [r.index, r.status])).toEqual([
      [0, 'applied'],
      [1, 'dead_lettered'],
      [2, 'applied'],
      [3, 'duplicate'],
    ]);
    expect(body.results[1].error).toMatchObject({ code: 'not_found' });
    const empty = await signed({ events: [] });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toContain('events');
  });

  it('refuses a NUL byte or a lone surrogate with 400 naming the field, and keeps the dead letter (was: 500, event lost)', async () => {
    const event = orderCreated('evt-nul', 'W-NUL');
    (event.data as { notes?: string }).notes = 'a\u0000b';
    const response = await signed(event);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: 'validation_failed', details: { eventId: 'evt-nul', deadLetterId: expect.any(String) } });
    expect(body.error.details.issues).toEqual([{ path: 'data.notes', message: expect.stringContaining('NUL') }]);
    const [letter] = await listDeadLetters(t.db, { tenantId: t.tenantA.id, ids: [body.error.details.deadLetterId] });
    expect(letter!.payload).toEqual(event);

    // A lone surrogate written as a JSON escape (valid JSON, not storable text).
    const raw = JSON.stringify(orderCreated('evt-sur', 'W-SUR')).replace('"Dana Reyes"', '"Dana \\ud800Reyes"');
    const surrogate = await signed(raw);
    expect(surrogate.status).toBe(400);
    expect((await surrogate.json()).error.details.issues).toEqual([
      { path: 'data.customerName', message: expect.stringContaining('surrogate') },
    ]);
  });

  it('isolates every event of a batch: bad text at any position never stops the rest, and each gets a result', async () => {
    const events: unknown[] = Array.from({ length: 60 }, (_, index) => ({
      id: `batch-loc-${index}`,
      type: 'location.upserted',
      occurredAt: '2025-05-01T09:00:00Z',
      data: { code: `B-${index}`, name: `Bay ${index}`, kind: 'warehouse' },
    }));
    const bad = { 20: 'a\u0000b', 30: 'x\ud800', 31: '\udc00' } as Record<number, string>;
    for (const [index, name] of Object.entries(bad)) (events[Number(index)] as { data: { name: string } }).data.name = name;
    let deep: unknown = 1;
    for (let level = 0; level < 3000; level++) deep = [deep];
    events[40] = { ...(events[40] as object), data: { code: 'B-40', name: 'deep', kind: 'warehouse', extra: deep } };
    events[45] = 'not an event';
    events[46] = null;
    const response = await signed({ events });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.results).toHaveLength(60);
    expect(body.results.map((result: { index: number }) => result.index)).toEqual(events.map((_, index) => index));
    const failedAt = body.results
      .filter((result: { status: string }) => result.status !== 'applied')
      .map((r: { index: number }) => r.index);
    expect(failedAt).toEqual([20, 30, 31, 40, 45, 46]);
    expect(body).toMatchObject({ applied: 54, deadLettered: 6 });
    expect(body.results[20].error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'data.name' }] });
    expect(body.results[40].error.message).toContain('nested deeper than');
    // The bad ones are all kept for inspection and replay.
    for (const index of failedAt) expect(body.results[index].deadLetterId).toEqual(expect.any(String));
  });

  it('dead-letters a signed body that is not JSON once, keyed by its hash, however often it is redelivered', async () => {
    const raw = '{"id": "evt-broken", "type": "order.created", "data": \u0000';
    const ids = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await signed(raw);
      expect(response.status).toBe(400);
      ids.push((await response.json()).error.details.deadLetterId);
    }
    expect(new Set(ids).size).toBe(1);
    const [letter] = await listDeadLetters(t.db, { tenantId: t.tenantA.id, ids: [ids[0]] });
    expect(letter).toMatchObject({ attempts: 3, payload: raw, eventId: null });
  });

  it('answers a batch with 202 and its id at once; the results are readable later, only by the same tenant', async () => {
    const events = Array.from({ length: 30 }, (_, index) => orderCreated(`async-${index}`, `W-A${index}`));
    const response = await signed({ events }, { wait: false });
    expect(response.status).toBe(202);
    const accepted = await response.json();
    expect(accepted).toMatchObject({ batchId: expect.any(String), status: 'pending', total: 30 });
    expect(response.headers.get('Location')).toBe(`/v1/events/batches/${accepted.batchId}`);

    let batch: { status: string; results: Array<{ index: number; status: string }> } | undefined;
    for (let attempt = 0; attempt < 600 && batch?.status !== 'done'; attempt++) {
      const read = await readBatch(accepted.statusUrl);
      expect(read.status).toBe(200);
      batch = await read.json();
      if (batch?.status !== 'done') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(batch).toMatchObject({ status: 'done', total: 30, processed: 30, applied: 30 });
    expect(batch!.results.map((result) => result.index)).toEqual(events.map((_, index) => index));

    expect((await readBatch(accepted.statusUrl, { tenant: 'tenant-b', secret: secretB })).status).toBe(404);
    expect((await readBatch(accepted.statusUrl, { secret: secretB })).status).toBe(401);
    expect((await readBatch('/v1/events/batches/not-a-uuid')).status).toBe(404);
  });

  it('shares the applier fairly: a small batch of another tenant finishes before a large one queued earlier', async () => {
    const large = Array.from({ length: 150 }, (_, index) => ({
      id: `fair-a-${index}`,
      type: 'location.upserted',
      occurredAt: '2025-05-01T09:00:00Z',
      data: { code: `FA-${index}`, name: `Aisle ${index}`, kind: 'warehouse' },
    }));
    const small = large.slice(0, 5).map((event, index) => ({ ...event, id: `fair-b-${index}` }));
    const first = await (await signed({ events: large }, { wait: false })).json();
    const second = await (await signed({ events: small }, { tenant: 'tenant-b', secret: secretB })).json();
    expect(second).toMatchObject({ status: 'done', applied: 5 });
    const read = await (await readBatch(`/v1/events/batches/${first.batchId}`)).json();
    // Slices alternate between tenants, so the large batch is still under way when the small one is done.
    expect(read.status).toBe('pending');
    expect(read.processed).toBeLessThan(150);
    let status = read.status;
    for (let attempt = 0; attempt < 1200 && status !== 'done'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await (await readBatch(`/v1/events/batches/${first.batchId}`)).json()).status;
    }
    expect(status).toBe('done');
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    const huge = JSON.stringify({ events: [{ padding: 'x'.repeat(1024 * 1024 + 10) }] });
    const response = await post(huge, { 'X-Copilot-Tenant': 'tenant-a', 'X-Copilot-Signature': signEventBody(secretA, huge) });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('payload_too_large');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('/v1/webhooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('is for admins only', async () => {
    expect((await t.request('/v1/webhooks', { key: 'rep' })).status).toBe(403);
    expect((await t.request('/v1/webhooks')).status).toBe(401);
  });

  it('refuses loopback, private and credential-carrying URLs with a 400 naming the field; an API caller cannot allow them', async () => {
    for (const url of [
      'https://127.0.0.1/hooks',
      'https://169.254.169.254/',
      'http://hooks.example.com/x',
      'https://a:b@hooks.example.com/',
    ]) {
      const response = await t.request('/v1/webhooks', { key: 'admin', method: 'POST', json: { url } });
      expect(response.status, url).toBe(400);
      const body = (await response.json()) as { error: { details: { issues: Array<{ path: string }> } } };
      expect(body.error.details.issues[0]!.path).toBe('url');
    }
    const sneaky = await t.request('/v1/webhooks', {
      key: 'admin',
      method: 'POST',
      json: { url: 'https://127.0.0.1/', allowPrivate: true },
    });
    expect(sneaky.status).toBe(400);
    const badType = await t.request('/v1/webhooks', {
      key: 'admin',
      method: 'POST',
      json: { url: 'https://hooks.example.com/', types: ['order.created'] },
    });
    expect(badType.status).toBe(400);
    const nul = await t.request('/v1/webhooks', {
      key: 'admin',
      method: 'POST',
      json: { url: 'https://hooks.example.com/', description: 'a\u0000b' },
    });
    expect(nul.status).toBe(400);
  });

  it('creates an endpoint showing the secret once, lists, pauses, shows deliveries and removes it; other tenants see none of it', async () => {
    const created = await t.request('/v1/webhooks', {
      key: 'admin',
      method: 'POST',
      json: { url: 'https://erp.example.com/ops-copilot?token=abc', types: ['action.executed'], description: 'ERP' },
    });
    expect(created.status).toBe(201);
    const { endpoint, secret } = (await created.json()) as { endpoint: { id: string; url: string }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint.url).toBe('https://erp.example.com/ops-copilot?…');
    expect(t.logLines.join('\n')).not.toContain(secret);
    const listed = await (await t.request('/v1/webhooks', { key: 'admin' })).text();
    expect(listed).toContain(endpoint.id);
    expect(listed).not.toContain(secret);
    expect(await (await t.request('/v1/webhooks', { key: 'otherAdmin' })).json()).toEqual({ webhooks: [] });
    expect((await t.request(`/v1/webhooks/${endpoint.id}`, { key: 'otherAdmin', method: 'DELETE' })).status).toBe(404);

    const paused = await t.request(`/v1/webhooks/${endpoint.id}`, { key: 'admin', method: 'PATCH', json: { enabled: false } });
    expect(await paused.json()).toMatchObject({ enabled: false });
    const deliveries = await t.request(`/v1/webhooks/${endpoint.id}/deliveries?status=dead`, { key: 'admin' });
    expect(await deliveries.json()).toEqual({ deliveries: [] });
    expect((await t.request(`/v1/webhooks/${endpoint.id}/deliveries?status=lost`, { key: 'admin' })).status).toBe(400);
    const replay = await t.request(`/v1/webhooks/${endpoint.id}/deliveries/replay`, {
      key: 'admin',
      method: 'POST',
      json: { allDead: true },
    });
    expect(await replay.json()).toEqual({ replayed: [] });
    expect((await t.request(`/v1/webhooks/${endpoint.id}`, { key: 'admin', method: 'DELETE' })).status).toBe(200);
    expect((await t.request(`/v1/webhooks/${endpoint.id}/deliveries`, { key: 'admin' })).status).toBe(404);
  });

  it('publishes the message schema and documents the routes', async () => {
    const schema = (await (await t.request('/v1/webhooks/schema', { key: 'rep' })).json()) as { oneOf: Array<{ title: string }> };
    expect(schema.oneOf.map((entry) => entry.title)).toEqual(
      expect.arrayContaining([
        'action.executed',
        'proposal.approved',
        'proposal.rejected',
        'proposal.expired',
        'exception.opened',
        'exception.escalated',
        'exception.resolved',
      ]),
    );
    const openapi = (await (await t.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/webhooks', '/v1/webhooks/{webhookId}/deliveries']));
  });
});

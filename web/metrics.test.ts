import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../core/db/tenant-scope.ts';
import { createWebhookEndpoint, dispatchOnce } from '../integrations/index.ts';
import { SYSTEM_ACTOR } from '../policies/index.ts';
import { appendWorkAssigned } from '../policies/routing/work-notice.ts';
import { createTestApp, type TestApp } from './testing/test-app.ts';

let harness: TestApp;

beforeAll(async () => {
  harness = await createTestApp();
});
afterAll(async () => {
  await harness.close();
});

describe('GET /metrics', () => {
  it('exposes agent metrics in Prometheus format after a chat run', async () => {
    const chat = await harness.request('/v1/chat', {
      key: 'rep',
      method: 'POST',
      json: { message: 'hello' },
      headers: { Accept: 'application/json' },
    });
    expect(chat.status).toBe(200);
    const response = await harness.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/copilot_agent_runs_total\{kind="chat",status="completed",outcome="answer"\} \d+/);
    expect(text).toContain('# TYPE copilot_agent_run_duration_seconds histogram');
    expect(text).toContain('# TYPE copilot_agent_tool_errors_total counter');
    expect(text).toContain('# TYPE copilot_policy_decisions_total counter');
    expect(text).toContain('# TYPE copilot_triage_queue_depth gauge');
    expect(text).toMatch(/copilot_triage_queue_depth\{state="waiting"\} 0/);
    expect(text).toContain('copilot_process_');
  });

  it('exposes outbound delivery state: by channel and status, the oldest pending age, and retries', async () => {
    const endpoint = await createWebhookEndpoint(
      harness.db,
      harness.tenantA.id,
      { url: 'http://127.0.0.1:9/refused', channel: 'slack' },
      { actor: SYSTEM_ACTOR, allowPrivate: true },
    );
    await withTenant(harness.db, harness.tenantA.id, (tx) =>
      appendWorkAssigned(
        tx,
        {
          tenantId: harness.tenantA.id,
          subject: {
            kind: 'exception',
            id: crypto.randomUUID(),
            title: 'Order 1: stuck',
            type: 'erp_sync_failed',
            severity: 'high',
            status: 'open',
          },
          queue: 'ops',
          owner: null,
          reason: 'default queue',
          rule: 'default:queue',
          deadline: null,
          recipients: { queues: ['ops'], users: [] },
          at: new Date(),
        },
        'assigned',
        'routing',
      ),
    );
    // Port 9 refuses: the attempt fails and is retried later.
    await dispatchOnce(harness.db, { timeoutMs: 1000 });
    const text = await (await harness.request('/metrics')).text();
    expect(text).toContain('# TYPE copilot_outbound_deliveries gauge');
    expect(text).toMatch(/copilot_outbound_deliveries\{channel="slack",status="pending"\} 1/);
    expect(text).toMatch(/copilot_outbound_retrying [1-9]/);
    expect(text).toMatch(/copilot_outbound_oldest_pending_seconds \d/);
    expect(endpoint.endpoint.channel).toBe('slack');
  });

  it('answers only the scraper holding COPILOT_METRICS_TOKEN when one is set', async () => {
    const token = 'scrape-token-0123456789';
    const guarded = await createTestApp({ COPILOT_METRICS_TOKEN: token });
    try {
      const anonymous = await guarded.request('/metrics');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('WWW-Authenticate')).toContain('Bearer');
      expect((await guarded.request('/metrics', { headers: { Authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      const scraped = await guarded.request('/metrics', { headers: { Authorization: `Bearer ${token}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('copilot_process_');
    } finally {
      await guarded.close();
    }
  });

  it('lists the agent routes in the OpenAPI document', async () => {
    const document = await (await harness.request('/openapi.json')).json();
    for (const path of ['/v1/chat', '/v1/chat/threads', '/v1/chat/threads/{threadId}', '/v1/runs', '/v1/runs/{runId}'])
      expect(document.paths[path]).toBeDefined();
  });
});

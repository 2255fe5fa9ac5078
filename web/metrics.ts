/**
 * GET /metrics: Prometheus text exposition of the agent, triage and process metrics. Counts only,
 * no tenant labels and no payloads. Open like /healthz by default (the server binds to loopback);
 * with COPILOT_METRICS_TOKEN set, only a scraper presenting that bearer token gets them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import type { Database } from '../core/db/database.ts';
import { metricsRegistry, setQueueDepthProvider } from '../agent/telemetry/metrics.ts';
import { triageQueueDepth } from '../agent/triage/queue-depth.ts';
import type { AppEnv } from './context.ts';
import { errorBody } from './errors.ts';

function presentsToken(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export function registerMetricsRoute(app: Hono<AppEnv>, deps: { db: Database; token?: string | undefined }): void {
  setQueueDepthProvider(() => triageQueueDepth(deps.db));
  app.get('/metrics', async function prometheusMetrics(c) {
    if (deps.token && !presentsToken(c.req.header('Authorization'), deps.token)) {
      return c.json(errorBody('unauthorized', 'GET /metrics needs Authorization: Bearer <COPILOT_METRICS_TOKEN>'), 401, {
        'WWW-Authenticate': 'Bearer realm="ops-copilot-metrics"',
      });
    }
    const body = await metricsRegistry.metrics();
    return c.body(body, 200, { 'Content-Type': metricsRegistry.contentType });
  });
}

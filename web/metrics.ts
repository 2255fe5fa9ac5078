/**
 * GET /metrics: Prometheus text exposition of the agent, triage and process metrics. Counts only,
 * no tenant labels and no payloads, so it is served without credentials like /healthz.
 */
import type { Hono } from 'hono';
import type { Database } from '../core/db/database.ts';
import { metricsRegistry, setQueueDepthProvider } from '../agent/telemetry/metrics.ts';
import { triageQueueDepth } from '../agent/triage/queue-depth.ts';
import type { AppEnv } from './context.ts';

export function registerMetricsRoute(app: Hono<AppEnv>, deps: { db: Database }): void {
  setQueueDepthProvider(() => triageQueueDepth(deps.db));
  app.get('/metrics', async function prometheusMetrics(c) {
    const body = await metricsRegistry.metrics();
    return c.body(body, 200, { 'Content-Type': metricsRegistry.contentType });
  });
}

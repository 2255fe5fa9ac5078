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
import { Gauge } from 'prom-client';
import { deliveryStats, type DeliveryStats } from '../integrations/index.ts';

function presentsToken(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** Outbound deliveries (webhooks, Slack, Teams, email): read from the database at scrape time, so every replica agrees. */
let deliveryDb: Database | undefined;
// One query per scrape: the three gauges collect concurrently and share it.
let scrape: { at: number; stats: Promise<DeliveryStats | undefined> } | undefined;
function currentStats(): Promise<DeliveryStats | undefined> {
  if (!scrape || Date.now() - scrape.at > 1000) {
    scrape = { at: Date.now(), stats: deliveryDb ? deliveryStats(deliveryDb) : Promise.resolve(undefined) };
  }
  return scrape.stats;
}
const deliveriesGauge = new Gauge({
  name: 'copilot_outbound_deliveries',
  help: 'Outbound deliveries (webhooks and notifications) by channel and status (pending, delivered, dead, digested)',
  labelNames: ['channel', 'status'],
  registers: [metricsRegistry],
  async collect() {
    const stats = await currentStats();
    if (!stats) return;
    this.reset();
    for (const row of stats.byChannelAndStatus) this.set({ channel: row.channel, status: row.status }, row.count);
  },
});
const oldestPendingGauge = new Gauge({
  name: 'copilot_outbound_oldest_pending_seconds',
  help: 'Age of the oldest pending outbound delivery (0 when none waits); grows while a channel is failing or the dispatcher is behind',
  registers: [metricsRegistry],
  async collect() {
    const stats = await currentStats();
    if (stats) this.set(stats.oldestPendingSeconds);
  },
});
const retryingGauge = new Gauge({
  name: 'copilot_outbound_retrying',
  help: 'Pending outbound deliveries that have failed at least once (being retried)',
  registers: [metricsRegistry],
  async collect() {
    const stats = await currentStats();
    if (stats) this.set(stats.retrying);
  },
});

export function registerMetricsRoute(app: Hono<AppEnv>, deps: { db: Database; token?: string | undefined }): void {
  setQueueDepthProvider(() => triageQueueDepth(deps.db));
  deliveryDb = deps.db;
  scrape = undefined;
  void [deliveriesGauge, oldestPendingGauge, retryingGauge];
  app.get('/metrics', async function prometheusMetrics(c) {
    if (deps.token && !presentsToken(c.req.header('Authorization'), deps.token)) {
      return c.json(errorBody('unauthorized', 'GET /metrics needs Authorization: Bearer <COPILOT_METRICS_TOKEN>'), 401, {
        'WWW-Authenticate': 'Bearer realm="ops-copilot-metrics"',
      });
    }
    scrape = undefined; // fresh delivery stats for this scrape
    const body = await metricsRegistry.metrics();
    return c.body(body, 200, { 'Content-Type': metricsRegistry.contentType });
  });
}

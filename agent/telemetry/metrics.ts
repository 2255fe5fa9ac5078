/** Prometheus metrics of the agent and the triage worker, on one registry that `/metrics` serves. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'copilot_process_' });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export const runsTotal = new Counter({
  name: 'copilot_agent_runs_total',
  help: 'Agent runs finished, by kind, status and outcome.',
  labelNames: ['kind', 'status', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const runDuration = new Histogram({
  name: 'copilot_agent_run_duration_seconds',
  help: 'Wall time of agent runs.',
  labelNames: ['kind'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const modelCallDuration = new Histogram({
  name: 'copilot_agent_model_call_duration_seconds',
  help: 'Latency of model calls (one attempt each).',
  labelNames: ['model', 'result'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const toolCallDuration = new Histogram({
  name: 'copilot_agent_tool_call_duration_seconds',
  help: 'Latency of tool calls through the policy gate.',
  labelNames: ['tool', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const toolErrorsTotal = new Counter({
  name: 'copilot_agent_tool_errors_total',
  help: 'Tool calls that failed (validation, precondition, not found, timeout, internal).',
  labelNames: ['tool', 'code'] as const,
  registers: [metricsRegistry],
});

export const policyDecisionsTotal = new Counter({
  name: 'copilot_policy_decisions_total',
  help: 'Policy gate decisions on agent tool calls, by tool and decision.',
  labelNames: ['tool', 'decision'] as const,
  registers: [metricsRegistry],
});

export const triageOutcomesTotal = new Counter({
  name: 'copilot_triage_exceptions_total',
  help: 'Exceptions handled by the triage worker, by type and outcome.',
  labelNames: ['type', 'outcome'] as const,
  registers: [metricsRegistry],
});

type QueueDepthProvider = () => Promise<Record<string, number>>;
let queueDepthProvider: QueueDepthProvider | undefined;

/** Where the queue-depth gauge reads from at scrape time (set by whoever owns the database handle). */
export function setQueueDepthProvider(provider: QueueDepthProvider | undefined): void {
  queueDepthProvider = provider;
}

export const queueDepth = new Gauge({
  name: 'copilot_triage_queue_depth',
  help: 'Exceptions by triage state at scrape time (open = waiting for the worker).',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  async collect() {
    if (!queueDepthProvider) return;
    this.reset();
    try {
      const depth = await queueDepthProvider();
      for (const [state, count] of Object.entries(depth)) this.set({ state }, count);
    } catch {
      // A failed count leaves the gauge empty for this scrape rather than failing the whole scrape.
    }
  },
});

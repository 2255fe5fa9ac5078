/** The load client and latency statistics every benchmark reports with, so their numbers mean the same thing. */

/** The p-th percentile of the samples: the sample at floor(p% of n) in ascending order (0 for none). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const tenth = (value: number): number => Math.round(value * 10) / 10;

/** Count, p50/p95/p99 and max of latency samples in ms, to 0.1 ms. */
export function summariseLatencies(samples: readonly number[]): LatencySummary {
  return {
    count: samples.length,
    p50: tenth(percentile(samples, 50)),
    p95: tenth(percentile(samples, 95)),
    p99: tenth(percentile(samples, 99)),
    max: tenth(samples.length ? Math.max(...samples) : 0),
  };
}

/** One HTTP request, timed until its whole body has arrived. */
export async function timedFetch(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

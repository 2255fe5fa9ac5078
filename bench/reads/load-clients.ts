/**
 * The reads benchmark's load: `clients` concurrent clients request paths drawn from `next` back to
 * back for `seconds`. Runs in the benchmark's own process, or in a process of its own
 * (client-process.ts) so the server's event loop and CPU are not shared with the client's.
 */
import { summariseLatencies, timedFetch } from '../support/latency.ts';
import { seededRandom } from '../support/seeded-random.ts';
import type { RequestPicker } from './read-requests.ts';

export interface LoadResult {
  /** CPU of the process the clients ran in, per request (the server's too when they share it). */
  cpuMsPerRequest: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  distinctRequests: number;
}

export interface LoadPlan {
  baseUrl: string;
  /** Several servers (processes sharing one PostgreSQL): client i asks `baseUrls[i % n]`, as a round-robin balancer would. */
  baseUrls?: string[];
  headers: Record<string, string>;
  seed: number;
  clients: number;
  seconds: number;
}

export const cpuMsPer = (cpu: NodeJS.CpuUsage, requests: number): number =>
  Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, requests)) * 100) / 100;

export async function loadClients(next: RequestPicker, plan: LoadPlan): Promise<LoadResult> {
  const latencies: number[] = [];
  const paths = new Set<string>();
  let errors = 0;
  const cpuBefore = process.cpuUsage();
  const until = performance.now() + plan.seconds * 1000;
  await Promise.all(
    Array.from({ length: plan.clients }, async (_, client) => {
      // One stream per client, so a run draws the same requests whatever the interleaving.
      const random = seededRandom(plan.seed * 1_000 + client);
      const baseUrl = plan.baseUrls?.length ? plan.baseUrls[client % plan.baseUrls.length]! : plan.baseUrl;
      while (performance.now() < until) {
        const path = next(random);
        paths.add(path);
        const { ms, status } = await timedFetch(`${baseUrl}${path}`, { headers: plan.headers });
        if (status !== 200) errors += 1;
        latencies.push(ms);
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const { p50, p95, p99 } = summariseLatencies(latencies);
  return {
    cpuMsPerRequest: cpuMsPer(cpu, latencies.length),
    requests: latencies.length,
    requestsPerSecond: Math.round((latencies.length / plan.seconds) * 10) / 10,
    p50,
    p95,
    p99,
    errors,
    distinctRequests: paths.size,
  };
}

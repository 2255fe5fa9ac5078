/**
 * The reads benchmark's load: `clients` concurrent clients request paths drawn from `next` back to
 * back for `seconds`, each on a keep-alive connection of its own (node:http, keep-alive-get.ts; `fetch`
 * as before session 13 with `client: 'fetch'`). Runs in the benchmark's own process, or in a process of
 * its own (client-process.ts) so the server's event loop and CPU are not shared with the client's.
 */
import { type KeepAliveGetter, keepAliveGetter, type TimedResponse } from '../support/keep-alive-get.ts';
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
  /** The HTTP client: node:http with keep-alive (default), or `fetch` (undici), the benchmark's client before session 13. */
  client?: 'node' | 'fetch';
}

export const cpuMsPer = (cpu: NodeJS.CpuUsage, requests: number): number =>
  Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, requests)) * 100) / 100;

/** One GET function per client: client i asks server i mod n, on a connection of its own. */
function clientGetters(plan: LoadPlan): { gets: Array<(path: string) => Promise<TimedResponse>>; close(): void } {
  const baseUrls = plan.baseUrls?.length ? plan.baseUrls : [plan.baseUrl];
  const baseUrlOf = (client: number) => baseUrls[client % baseUrls.length]!;
  if (plan.client === 'fetch')
    return {
      gets: Array.from(
        { length: plan.clients },
        (_, client) => (path: string) => timedFetch(`${baseUrlOf(client)}${path}`, { headers: plan.headers }),
      ),
      close() {},
    };
  const getters = new Map<string, KeepAliveGetter>();
  for (const [index, baseUrl] of baseUrls.entries()) {
    const clientsOfServer = Math.ceil((plan.clients - index) / baseUrls.length);
    if (clientsOfServer > 0) getters.set(baseUrl, keepAliveGetter(baseUrl, plan.headers, clientsOfServer));
  }
  return {
    gets: Array.from({ length: plan.clients }, (_, client) => {
      const getter = getters.get(baseUrlOf(client))!;
      return (path: string) => getter.get(path);
    }),
    close() {
      for (const getter of getters.values()) getter.close();
    },
  };
}

export async function loadClients(next: RequestPicker, plan: LoadPlan): Promise<LoadResult> {
  const latencies: number[] = [];
  const paths = new Set<string>();
  let errors = 0;
  const getters = clientGetters(plan);
  const cpuBefore = process.cpuUsage();
  const until = performance.now() + plan.seconds * 1000;
  await Promise.all(
    Array.from({ length: plan.clients }, async (_, client) => {
      // One stream per client, so a run draws the same requests whatever the interleaving.
      const random = seededRandom(plan.seed * 1_000 + client);
      const get = getters.gets[client]!;
      while (performance.now() < until) {
        const path = next(random);
        paths.add(path);
        const { ms, status } = await get(path);
        if (status !== 200) errors += 1;
        latencies.push(ms);
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  getters.close();
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

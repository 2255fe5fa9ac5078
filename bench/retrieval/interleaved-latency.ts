/**
 * Latency of several ways to answer the same queries, measured interleaved: each query goes through
 * every runner before the next query, in an order that rotates per query, so all runners share the
 * machine's load of the same moments. On a shared machine whose load moves by 2× within minutes, two
 * runners measured one after the other compare the loads as much as the code (docs/benchmarks.md).
 */
import { percentile } from '../support/latency.ts';

export interface Latency {
  p50: number;
  p95: number;
  /**
   * CPU time of this process per query (ms): PGlite, the pglite-socket server and the pg clients all
   * run here, so it is the whole work of a query, and unlike wall time it barely moves with the load
   * of a shared machine.
   */
  cpuP50: number;
  cpuP95: number;
}

export type QueryRunner = (query: string) => Promise<unknown>;

/** Queries warmed before timing (caches, plans, prepared statements) per runner. */
const WARM_UP_QUERIES = 5;

/** Runner names in the order they run for the query at `index`: rotated by one per query. */
export function runnerOrder(names: readonly string[], index: number): string[] {
  const shift = index % Math.max(1, names.length);
  return [...names.slice(shift), ...names.slice(0, shift)];
}

export async function measureInterleaved<Name extends string>(
  queries: readonly string[],
  runners: Record<Name, QueryRunner>,
): Promise<Record<Name, Latency>> {
  const names = Object.keys(runners) as Name[];
  for (const query of queries.slice(0, WARM_UP_QUERIES)) for (const name of names) await runners[name](query);
  const wall = new Map<Name, number[]>(names.map((name) => [name, []]));
  const cpu = new Map<Name, number[]>(names.map((name) => [name, []]));
  for (const [index, query] of queries.entries()) {
    for (const name of runnerOrder(names, index) as Name[]) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      await runners[name](query);
      const used = process.cpuUsage(cpuStarted);
      cpu.get(name)!.push((used.user + used.system) / 1000);
      wall.get(name)!.push(performance.now() - started);
    }
  }
  const result = {} as Record<Name, Latency>;
  for (const name of names) {
    const times = wall.get(name)!;
    const cpuTimes = cpu.get(name)!;
    result[name] = {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      cpuP50: percentile(cpuTimes, 50),
      cpuP95: percentile(cpuTimes, 95),
    };
  }
  return result;
}

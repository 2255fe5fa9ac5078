import { describe, expect, it } from 'vitest';
import { measureInterleaved, runnerOrder } from './interleaved-latency.ts';

describe('interleaved latency', () => {
  it('rotates which runner goes first from one query to the next', () => {
    expect(runnerOrder(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(runnerOrder(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(runnerOrder(['a', 'b', 'c'], 5)).toEqual(['c', 'a', 'b']);
  });

  it('runs every runner on a query before the next query, and times each apart', async () => {
    const calls: string[] = [];
    const busy = (ms: number): void => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const queries = Array.from({ length: 8 }, (_, index) => `q${index}`);
    const latency = await measureInterleaved(queries, {
      slow: async (query: string) => {
        calls.push(`slow:${query}`);
        busy(4);
      },
      fast: async (query: string) => {
        calls.push(`fast:${query}`);
      },
    });
    // Five warm-up queries through both, then each query through both before the next.
    const timed = calls.slice(10);
    expect(timed.slice(0, 4)).toEqual(['slow:q0', 'fast:q0', 'fast:q1', 'slow:q1']);
    for (let index = 0; index < queries.length; index++) {
      expect(new Set(timed.slice(2 * index, 2 * index + 2))).toEqual(new Set([`slow:q${index}`, `fast:q${index}`]));
    }
    expect(latency.slow.p50).toBeGreaterThanOrEqual(4);
    expect(latency.slow.cpuP50).toBeGreaterThan(latency.fast.cpuP95);
  });
});

/**
 * `COPILOT_TRACE_START=1`: a command's start-up phases on stderr, one line each — milliseconds since the
 * process started and this thread's own CPU milliseconds so far — so a cold command's time can be split
 * by phase even on a loaded machine, where wall time is mostly waiting for a core (bench/cli.ts
 * `--phases` reads them). The embedded database's thread writes the same lines for its side
 * (core/db/pglite-thread.mjs). Off by default: one environment lookup per call.
 */
import { readFileSync } from 'node:fs';

const ENABLED = process.env.COPILOT_TRACE_START === '1';

/** This thread's CPU time in ms: Linux counts it per thread (schedstat, in ns); elsewhere the process's. */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  }
}

/** Writes one phase line when tracing is on. */
export function traceStart(phase: string): void {
  if (!ENABLED) return;
  process.stderr.write(`[start] ${performance.now().toFixed(0)} ms, cpu ${threadCpuMs().toFixed(0)} ms (main) ${phase}\n`);
}

export const startTraceEnabled = ENABLED;

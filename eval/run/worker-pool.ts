/**
 * Runs cases on worker threads: `workers` threads, each with `inFlight` cases at a time, fed from one
 * queue so a slow case never idles a core. A case a worker cannot finish (the thread died) is an
 * error case, never silently dropped.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../../core/config.ts';
import { errorCase, type CaseIdentity } from '../scoring/score-case.ts';
import type { CaseRun } from './run-case.ts';
import type { SerializedTemplate } from './templates.ts';
import type { CaseWorkerData, FromWorker, ToWorker } from './worker-protocol.ts';

const ENTRY = new URL('./case-worker-entry.mjs', import.meta.url);

export interface PoolCase {
  suitePath: string;
  caseId: string;
  identity: CaseIdentity;
}

export interface PoolOptions {
  config: Config;
  modelSpec: string;
  templates: SerializedTemplate[];
  workers: number;
  inFlight: number;
  onResult?: (run: CaseRun, index: number) => void;
}

export async function runCasesInWorkers(cases: readonly PoolCase[], options: PoolOptions): Promise<CaseRun[]> {
  const results = new Array<CaseRun | undefined>(cases.length);
  let next = 0;
  let settled = 0;
  const workerCount = Math.max(1, Math.min(options.workers, cases.length));
  if (!cases.length) return [];

  return new Promise<CaseRun[]>((resolve) => {
    let alive = workerCount;
    const finish = (index: number, run: CaseRun): void => {
      if (results[index]) return;
      results[index] = run;
      settled += 1;
      options.onResult?.(run, index);
      if (settled === cases.length) resolve(results as CaseRun[]);
    };
    const failRemainingIfNoWorkers = (): void => {
      if (alive > 0) return;
      for (let index = 0; index < cases.length; index += 1) {
        if (!results[index]) finish(index, { result: errorCase(cases[index]!.identity, new Error('every eval worker thread stopped before this case ran'), 0), transcripts: [] });
      }
    };

    for (let number = 0; number < workerCount; number += 1) {
      const data: CaseWorkerData = { config: options.config, modelSpec: options.modelSpec, templates: options.templates, inFlight: options.inFlight };
      const worker = new Worker(ENTRY, { workerData: data });
      const running = new Set<number>();
      const feed = (): void => {
        while (running.size < options.inFlight && next < cases.length) {
          const index = next++;
          running.add(index);
          const message: ToWorker = { type: 'case', index, suitePath: cases[index]!.suitePath, caseId: cases[index]!.caseId };
          worker.postMessage(message);
        }
        if (!running.size && next >= cases.length) worker.postMessage({ type: 'stop' } satisfies ToWorker);
      };
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') return feed();
        running.delete(message.index);
        if (message.type === 'result') finish(message.index, { result: message.result, transcripts: message.transcripts });
        else finish(message.index, { result: errorCase(cases[message.index]!.identity, new Error(message.error), 0), transcripts: [] });
        feed();
      });
      const lost = (reason: string): void => {
        for (const index of running) finish(index, { result: errorCase(cases[index]!.identity, new Error(`the eval worker thread stopped: ${reason}`), 0), transcripts: [] });
        running.clear();
      };
      worker.on('error', (error) => lost(error.message));
      worker.on('exit', (code) => {
        if (running.size) lost(`exit code ${code}`);
        alive -= 1;
        failRemainingIfNoWorkers();
      });
    }
  });
}

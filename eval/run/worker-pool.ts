/**
 * Runs cases on worker threads: `workers` threads, each with `inFlight` cases at a time, fed from one
 * queue so a slow case never idles a core. Templates can arrive after the pool started (the seeded
 * template takes a while to build): a case waits until its template is there, others go ahead. A
 * case a worker cannot finish (the thread died, its template failed) is an error case, never dropped.
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
  templateKey: string;
}

export interface PoolOptions {
  config: Config;
  modelSpec: string;
  /** Templates ready when the pool starts; more can be added with addTemplate. */
  templates: SerializedTemplate[];
  workers: number;
  inFlight: number;
  onResult?: (run: CaseRun, index: number) => void;
}

export interface CasePool {
  results: Promise<CaseRun[]>;
  addTemplate(template: SerializedTemplate): void;
  /** A template that could not be built: every case that needs it errors with the reason. */
  failTemplate(key: string, error: unknown): void;
}

export function startCasePool(cases: readonly PoolCase[], options: PoolOptions): CasePool {
  const results = new Array<CaseRun | undefined>(cases.length);
  const queue = cases.map((_, index) => index);
  const available = new Set(options.templates.map((template) => template.key));
  const failedTemplates = new Map<string, string>();
  const feeders: Array<() => void> = [];
  const workers: Worker[] = [];
  let settled = 0;
  let resolveAll!: (runs: CaseRun[]) => void;
  const done = new Promise<CaseRun[]>((resolve) => {
    resolveAll = resolve;
  });

  const finish = (index: number, run: CaseRun): void => {
    if (results[index]) return;
    results[index] = run;
    settled += 1;
    options.onResult?.(run, index);
    if (settled === cases.length) resolveAll(results as CaseRun[]);
  };
  const fail = (index: number, message: string): void =>
    finish(index, { result: errorCase(cases[index]!.identity, new Error(message), 0), transcripts: [] });
  const takeNext = (): number | undefined => {
    const position = queue.findIndex((index) => available.has(cases[index]!.templateKey));
    return position < 0 ? undefined : queue.splice(position, 1)[0];
  };
  const feedAll = (): void => feeders.forEach((feed) => feed());

  if (!cases.length) resolveAll([]);
  const workerCount = Math.max(1, Math.min(options.workers, cases.length));
  let alive = cases.length ? workerCount : 0;
  for (let number = 0; number < (cases.length ? workerCount : 0); number += 1) {
    const data: CaseWorkerData = {
      config: options.config,
      modelSpec: options.modelSpec,
      templates: options.templates,
      inFlight: options.inFlight,
    };
    const worker = new Worker(ENTRY, { workerData: data });
    workers.push(worker);
    const running = new Set<number>();
    let ready = false;
    const feed = (): void => {
      if (!ready) return;
      while (running.size < options.inFlight) {
        const index = takeNext();
        if (index === undefined) break;
        running.add(index);
        worker.postMessage({ type: 'case', index, suitePath: cases[index]!.suitePath, caseId: cases[index]!.caseId } satisfies ToWorker);
      }
      if (!running.size && !queue.length) worker.postMessage({ type: 'stop' } satisfies ToWorker);
    };
    feeders.push(feed);
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        ready = true;
        return feed();
      }
      running.delete(message.index);
      if (message.type === 'result') finish(message.index, { result: message.result, transcripts: message.transcripts });
      else fail(message.index, message.error);
      feed();
    });
    const lost = (reason: string): void => {
      for (const index of running) fail(index, `the eval worker thread stopped: ${reason}`);
      running.clear();
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => {
      if (running.size) lost(`exit code ${code}`);
      alive -= 1;
      if (alive === 0) for (const index of queue.splice(0)) fail(index, 'every eval worker thread stopped before this case ran');
    });
  }

  return {
    results: done,
    addTemplate(template) {
      if (available.has(template.key)) return;
      available.add(template.key);
      for (const worker of workers) worker.postMessage({ type: 'template', template } satisfies ToWorker);
      feedAll();
    },
    failTemplate(key, error) {
      failedTemplates.set(key, error instanceof Error ? error.message : String(error));
      for (const index of [...queue]) {
        if (cases[index]!.templateKey !== key) continue;
        queue.splice(queue.indexOf(index), 1);
        fail(index, `the ${key} fixture template could not be built: ${failedTemplates.get(key)}`);
      }
      feedAll();
    },
  };
}

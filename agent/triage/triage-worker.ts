/**
 * The triage worker: `concurrency` lanes, each claiming one open exception at a time with
 * FOR UPDATE SKIP LOCKED (as the operator, across tenants or for one), triaging it within its tenant,
 * and claiming the next. Any number of workers and replicas share one database safely.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { claimExceptionsForTriage, releaseTriageClaim, type OperationalException } from '../../core/exceptions/index.ts';
import { listTenants } from '../../core/tenants/tenants.ts';
import { triageException, type TriageDependencies, type TriageItem } from './triage-exception.ts';

export interface TriageRunOptions {
  /** Only this tenant's exceptions. */
  tenantId?: string;
  /** Parallel lanes (COPILOT_WORKER_CONCURRENCY). */
  concurrency?: number;
  /** Stop after handling this many exceptions (batch mode). */
  limit?: number;
  /** Called as each exception is handled. */
  onItem?: (item: TriageItem) => void;
  workerId?: string;
  signal?: AbortSignal;
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

async function tenantSlugs(db: Database): Promise<Map<string, string>> {
  return new Map((await listTenants(db)).map((tenant) => [tenant.id, tenant.slug]));
}

/** Claims one exception for a lane; undefined when the queue is empty. */
async function claimOne(db: Database, workerId: string, tenantId: string | undefined): Promise<OperationalException | undefined> {
  const claimed = await asOperator(db, (tx) => claimExceptionsForTriage(tx, { workerId, limit: 1, ...(tenantId ? { tenantId } : {}) }));
  return claimed[0];
}

/**
 * Triages until the queue is empty (or `limit` exceptions are handled), then resolves with every
 * item in completion order. This is `copilot triage` without --watch, and one pass of the worker.
 */
export async function runTriage(deps: TriageDependencies, options: TriageRunOptions = {}): Promise<TriageItem[]> {
  const workerId = options.workerId ?? defaultWorkerId();
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const items: TriageItem[] = [];
  let slugs = await tenantSlugs(deps.db);
  let budget = options.limit ?? Number.POSITIVE_INFINITY;

  const lane = async (index: number): Promise<void> => {
    const laneWorker = `${workerId}#${index}`;
    while (budget > 0 && !options.signal?.aborted) {
      budget -= 1;
      const exception = await claimOne(deps.db, laneWorker, options.tenantId);
      if (!exception) {
        budget += 1;
        return;
      }
      if (!slugs.has(exception.tenantId)) slugs = await tenantSlugs(deps.db);
      if (options.signal?.aborted) {
        // Shutting down between claim and run: hand it back untouched (not counted as an attempt).
        await asOperator(deps.db, (tx) => releaseTriageClaim(tx, exception.id, laneWorker));
        return;
      }
      const item = await triageException(deps, exception, slugs.get(exception.tenantId) ?? 'unknown', laneWorker);
      items.push(item);
      options.onItem?.(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => lane(index)));
  return items;
}

export interface TriageWorker {
  /** Stops claiming, waits for in-flight triage to finish. */
  stop(): Promise<void>;
}

/** Runs triage passes until stopped, sleeping `pollMs` whenever the queue is empty. */
export function startTriageWorker(
  deps: TriageDependencies,
  options: Omit<TriageRunOptions, 'limit' | 'signal'> & { pollMs?: number; onError?: (error: unknown) => void } = {},
): TriageWorker {
  const controller = new AbortController();
  const pollMs = options.pollMs ?? 5000;
  const workerId = options.workerId ?? defaultWorkerId();
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        await runTriage(deps, { ...options, workerId, signal: controller.signal });
      } catch (error) {
        options.onError?.(error);
      }
      if (controller.signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      controller.abort();
      wake?.();
      await loop;
    },
  };
}
